"""A Markdown extension that keeps Markdown pages free of raw HTML and script links.

Raw HTML blocks and inline tags are shown as text, and links or images whose address
uses a scheme other than http(s) or mailto (``javascript:``, ``data:``…) lose it. The
scheme is read the way a browser reads the attribute: character references decoded
(``&#106;avascript:``, ``java&#x09;script:``, ``javascript&colon;``) and tabs, newlines
and other control characters dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import unescape

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
"""What a browser drops from a URL before it reads the scheme (trimmed C0 controls and
spaces; tabs and newlines anywhere), dropped everywhere to be safe."""
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def unsafe_address(value: str) -> bool:
    """Whether a browser would read ``value`` (an attribute as written in HTML) as an
    address with a scheme other than http(s) or mailto."""
    text = _IGNORED.sub("", unescape(value.replace(AMP_SUBSTITUTE, "&")))
    match = _SCHEME.match(text)
    return match is not None and match.group(1).lower() not in _ALLOWED_SCHEMES


class _SafeLinks(Treeprocessor):
    """Removes ``href``/``src`` values with a scheme that could run code."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and unsafe_address(value):
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


class _NoImages(Treeprocessor):
    """Replaces images by their alt text and marks links as user content: Markdown from a
    credential (a narrative) makes no request and lends no ranking."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    text = ET.Element("span")
                    text.text = child.get("alt") or ""
                    text.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, text)
                elif child.tag == "a":
                    child.set("rel", "nofollow noopener ugc")


class _CredentialTextExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_NoImages(md), "badgepress_no_images", 1)


@lru_cache(maxsize=1024)
def credential_markdown(text: str) -> str:
    """HTML of Markdown text taken from a credential: no raw HTML, no script links, no
    images (alt text instead), headings demoted below the page's own. Cached: every badge
    of an achievement carries the same criteria (about 0.2 ms each to render)."""
    md = Markdown(extensions=[NoRawHtmlExtension(), _CredentialTextExtension()],
                  output_format="html")
    html = md.convert(text)
    return re.sub(r"<(/?)h([1-3])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 3}>", html)
