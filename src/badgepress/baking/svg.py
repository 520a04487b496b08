"""Open Badges 3.0 baked SVG: an ``<openbadges:credential>`` element (OB3 docformat §Baked Badge).

Baking edits the text, not a re-serialised tree, so the rest of the image stays byte for
byte as it was: the root start tag gains ``xmlns:openbadges`` when needed and the element
follows it directly, the credential inside a CDATA section.

Parsing uses the stdlib ``ElementTree`` behind one guard: a DOCTYPE with an internal subset
(where ``<!ENTITY`` declarations live, the only way to entity-expansion attacks) is
rejected before the parser sees it. A plain external DOCTYPE, as in the 1EdTech sample, is
harmless because ``ElementTree`` never fetches it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from badgepress.errors import DocumentError

OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_NAMESPACE = "http://openbadges.org"
PREFIX = "openbadges"

_CREDENTIAL = f"{{{OB3_NAMESPACE}}}credential"
_ASSERTION = f"{{{OB2_NAMESPACE}}}assertion"
_WHITESPACE = " \t\r\n"
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XMLNS_ATTRIBUTE = re.compile(r"""\sxmlns:([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class SvgSlot(NamedTuple):
    """Where and how ``bake_svg`` puts the credential element into an SVG.

    The baked SVG is ``svg[:start] + opening + CDATA + closing + svg[end:]``.
    """

    start: int
    """Index of the root start tag's closing ``>`` (of ``/>`` when it is self-closing)."""
    end: int
    """Index just past the root start tag."""
    opening: str
    """The namespace declaration if needed, ``>`` and the element's start tag."""
    closing: str
    """The element's end tag (and ``</svg>`` when the root was self-closing)."""


def bake_svg(svg: str, credential_json: str) -> str:
    """Return ``svg`` with ``credential_json`` embedded right after the root start tag.

    Args:
        svg: The SVG document text.
        credential_json: The credential JSON text; returned unchanged by ``unbake_svg``.

    Raises:
        DocumentError: The SVG is not well-formed, has a DTD internal subset, its root is
            not ``<svg>``, it is already baked, or the text holds characters XML forbids.
    """
    bad = _NOT_XML_CHAR.search(credential_json)
    if bad or not credential_json:
        raise DocumentError(
            "the credential text to bake is empty or holds a character XML cannot carry"
            + (f" (U+{ord(bad.group()):04X})" if bad else "")
        )
    slot = svg_bake_slot(svg)
    baked = (svg[:slot.start] + slot.opening + cdata(credential_json) + slot.closing
             + svg[slot.end:])
    if unbake_svg(baked) != credential_json:  # pragma: no cover - a bug, not bad input
        raise RuntimeError("baking the SVG did not round-trip the credential text")
    return baked


def svg_bake_slot(svg: str) -> SvgSlot:
    """Where ``bake_svg`` puts the credential element into ``svg``.

    Raises:
        DocumentError: The SVG is not well-formed, has a DTD internal subset, its root is
            not ``<svg>`` or it is already baked.
    """
    root = parse_svg(svg)
    if root.tag.rpartition("}")[2] != "svg":
        raise DocumentError(f"the root element is <{root.tag}>, not <svg>")
    if _find_baked(root) is not None:
        raise DocumentError("image is already baked; unbake it first")
    start = _prolog_end(svg)
    end = _markup_end(svg, start, "root start tag")
    tag = svg[start:end]
    self_closing = tag.endswith("/>")
    prefix, declaration = _ob3_prefix(tag[:-2] if self_closing else tag[:-1])
    closing = f"</{prefix}:credential>"
    if self_closing:
        name = re.match(r"<([^\s/>]+)", tag)
        closing += f"</{name.group(1) if name else 'svg'}>"
    return SvgSlot(end - (2 if self_closing else 1), end,
                   f"{declaration}><{prefix}:credential>", closing)


def unbake_svg(svg: str) -> str:
    """Return the credential embedded in an SVG.

    Takes the first ``credential`` element in the OB 3.0 namespace (any prefix): its
    ``verify`` attribute (VC-JWT) if present, else its text (CDATA or escaped), exactly as
    stored. Failing that, the first OB 2.0 ``assertion`` element, the same way.

    Raises:
        DocumentError: The SVG is not well-formed or has a DTD internal subset, or no
            credential is embedded.
    """
    element = _find_baked(parse_svg(svg))
    if element is None:
        raise DocumentError("no Open Badges credential is baked into this SVG")
    verify = element.get("verify")
    text = verify if verify is not None else "".join(element.itertext())
    if not text.strip():
        raise DocumentError("the Open Badges credential element in this SVG is empty")
    return text


def _find_baked(root: ET.Element) -> ET.Element | None:
    found = next(root.iter(_CREDENTIAL), None)
    return found if found is not None else next(root.iter(_ASSERTION), None)


def parse_svg(svg: str) -> ET.Element:
    """Parse SVG text behind the guard: a DTD internal subset is refused unparsed.

    Raises:
        DocumentError: The SVG is not well-formed or has a DTD internal subset.
    """
    _prolog_end(svg)
    try:
        return ET.fromstring(svg)  # noqa: S314 - internal DTD subsets are rejected above
    except ET.ParseError as exc:
        raise DocumentError(f"SVG is not well-formed XML: {exc}") from exc


def _prolog_end(svg: str) -> int:
    """Return the offset of the root start tag, rejecting DTD internal subsets."""
    pos = 1 if svg.startswith("\ufeff") else 0
    while True:
        while pos < len(svg) and svg[pos] in _WHITESPACE:
            pos += 1
        if svg.startswith("<?", pos):
            pos = _after(svg, "?>", pos)
        elif svg.startswith("<!--", pos):
            pos = _after(svg, "-->", pos)
        elif svg.startswith("<!DOCTYPE", pos):
            pos = _markup_end(svg, pos, "<!DOCTYPE", refuse_subset=True)
        elif svg.startswith("<", pos):
            return pos
        else:
            raise DocumentError("SVG is not well-formed XML: no root element found")


def _after(svg: str, terminator: str, pos: int) -> int:
    end = svg.find(terminator, pos)
    if end < 0:
        raise DocumentError(f"SVG is not well-formed XML: unterminated markup at {pos}")
    return end + len(terminator)


def _markup_end(svg: str, pos: int, what: str, *, refuse_subset: bool = False) -> int:
    """Index just past the ``>`` closing the markup at ``pos``, skipping quoted text.

    With ``refuse_subset`` (a DOCTYPE), a ``[`` opening a DTD internal subset is refused.
    """
    quote = ""
    for i in range(pos, len(svg)):
        char = svg[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[" and refuse_subset:
            raise DocumentError(
                "SVG declares a DTD internal subset (<!DOCTYPE … [ … ]>), which is refused",
                hint="entity declarations allow entity-expansion attacks; remove the DOCTYPE",
            )
        elif char == ">":
            return i + 1
    raise DocumentError(f"SVG is not well-formed XML: unterminated {what}")


def _ob3_prefix(head: str) -> tuple[str, str]:
    """Return a prefix for the OB 3.0 namespace and the declaration to add (may be empty)."""
    used = set()
    for match in _XMLNS_ATTRIBUTE.finditer(head):
        prefix = match.group(1)
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if value == OB3_NAMESPACE:
            return prefix, ""
        used.add(prefix)
    prefix = PREFIX
    counter = 3
    while prefix in used:
        prefix, counter = f"{PREFIX}{counter}", counter + 1
    return prefix, f' xmlns:{prefix}="{OB3_NAMESPACE}"'


def cdata(text: str) -> str:
    """Wrap ``text`` in CDATA so an XML parser gives it back exactly.

    ``]]>`` is split across two sections, and CR becomes ``&#13;`` outside CDATA, since
    parsers turn a literal CR (and CRLF) into LF.
    """
    body = text.replace("]]>", "]]]]><![CDATA[>").replace("\r", "]]>&#13;<![CDATA[")
    return f"<![CDATA[{body}]]>"
