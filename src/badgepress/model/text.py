"""Plain text from credentials, made safe to show: bidirectional control characters.

An embedding, override or isolate control (U+202A-U+202E, U+2066-U+2069) in a name
reorders the text around it (``Alice\u202egnp.exe`` shows as ``Aliceexe.png``), so a
page could show something other than what was signed. Pages drop them and show each
name in its own ``<bdi>``; the build warns about every credential field holding one, and
an achievement's own fields may not hold one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def might_hold_bidi(data: bytes) -> bool:
    """A quick test on JSON bytes: ``False`` means no string in them holds a control
    (each is U+2xxx: UTF-8 ``E2 80``/``E2 81``, or a ``\\u20`` escape)."""
    return b"\xe2\x80" in data or b"\xe2\x81" in data or b"\\u20" in data


def has_bidi(text: str) -> bool:
    """Whether ``text`` holds a bidirectional embedding, override or isolate control."""
    return _BIDI.search(text) is not None


def without_bidi(text: str) -> str:
    """``text`` without bidirectional embedding, override and isolate controls."""
    return _BIDI.sub("", text)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def bidi_fields(document: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(JSON pointer, code points)`` for every string in ``document`` (keys
    included) that holds a bidirectional control, e.g. ``("/name", "U+202E")``."""
    if isinstance(document, str):
        found = sorted(set(_BIDI.findall(document)))
        if found:
            yield pointer or "/", ", ".join(f"U+{ord(c):04X}" for c in found)
    elif isinstance(document, dict):
        for key, value in document.items():
            yield from bidi_fields(key, f"{pointer}/{_escape(key)}")
            yield from bidi_fields(value, f"{pointer}/{_escape(key)}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from bidi_fields(value, f"{pointer}/{index}")
