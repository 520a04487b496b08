"""The live status shield of a badge: ``badges/<token>/shield.svg``, rewritten by every
build, for READMEs and e-mail signatures (like a CI status badge).

It is an image that other sites show, so it says only what anyone may read everywhere:
the achievement's name and the badge's state (valid, expired, revoked), never the
recipient's name. Its text is escaped for XML, characters XML cannot carry are dropped,
and its accessible name (``role="img"``, ``aria-label``, ``<title>``) says the same as
its pixels.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import escape

SHIELD = "shield.svg"
"""The shield's file name in a badge's folder."""
STATES = {"valid": ("valid", "#17733a"), "expired": ("expired", "#8a5a00"),
          "revoked": ("revoked", "#b3261e")}
"""Each state's word and colour (white text on each has a contrast of 4.5:1 or more)."""
LABEL_COLOUR = "#3d4452"
MAX_LABEL = 40
"""Characters of the achievement's name shown before an ellipsis."""
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PAD = 6


def _width(text: str) -> int:
    """About how wide ``text`` is at 11 px in Verdana or DejaVu Sans (the text is also
    fitted to this width, so a wrong guess narrows or widens letters, never overflows)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return round(6.6 * (len(text) - wide) + 11 * wide)


def _label(name: str) -> str:
    clean = " ".join(_NOT_XML_CHAR.sub("", name).split()) or "badge"
    return clean if len(clean) <= MAX_LABEL else clean[:MAX_LABEL - 1].rstrip() + "…"


@lru_cache(maxsize=4096)
def shield_svg(achievement_name: str, issuer_name: str, status: str) -> bytes:
    """The shield of a badge of ``achievement_name`` from ``issuer_name`` in ``status``
    (made once for all the badges that share them).

    Raises:
        KeyError: ``status`` is not valid, expired or revoked (a bug).
    """
    word, colour = STATES[status]
    label = _label(achievement_name)
    spoken = escape(f"{label} badge from {_label(issuer_name)}: {word}")
    left, right = _width(label) + 2 * _PAD, _width(word) + 2 * _PAD
    width = left + right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'viewBox="0 0 {width} 20" role="img" aria-label="{spoken}">',
        f"<title>{spoken}</title>",
        f'<rect width="{left}" height="20" rx="3" fill="{LABEL_COLOUR}"/>',
        f'<rect x="{left}" width="{right}" height="20" rx="3" fill="{colour}"/>',
        f'<rect x="{left}" width="4" height="20" fill="{colour}"/>',
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        'text-anchor="middle" aria-hidden="true">',
        f'<text x="{left / 2}" y="14" textLength="{left - 2 * _PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(label)}</text>',
        f'<text x="{left + right / 2}" y="14" textLength="{right - 2 * _PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{word}</text>',
        "</g></svg>\n",
    ]
    return "".join(parts).encode()
