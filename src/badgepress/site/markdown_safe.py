"""A Markdown extension that keeps Markdown pages free of raw HTML and script links.

Raw HTML blocks and inline tags are shown as text, and links or images whose address
uses a scheme other than http(s) or mailto (``javascript:``, ``data:``…) lose it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


class _SafeLinks(Treeprocessor):
    """Removes ``href``/``src`` values with a scheme that could run code."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                match = _SCHEME.match(value.replace("\t", "").replace("\n", ""))
                if match and match.group(1).lower() not in _ALLOWED_SCHEMES:
                    element.set(attribute, "#")


class NoRawHtmlExtension(Extension):
    """Escape raw HTML and drop unsafe link schemes in Markdown pages."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Unregister raw HTML handling and add the link filter."""
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "badgepress_safe_links", 0)
