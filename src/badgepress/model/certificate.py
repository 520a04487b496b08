"""An achievement's certificate settings: the ``certificate:`` key of its front matter::

    certificate:
      design: modern            # classic (default), modern or minimal
      criteria: Completed six graded exercises and a reviewed project.
      signatory:
        name: Dr. Ada Lovelace
        title: Head of Programmes
        image: images/signature.png   # PNG or JPEG in the docs folder, at most 512 KB

A signature image must be a real PNG or JPEG (its first bytes are checked, not its name),
at most ``MAX_SIGNATURE_BYTES`` and ``MAX_SIGNATURE_SIDE`` pixels a side, and a file inside
the docs folder once links are followed: it is published beside the pages.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from badgepress.errors import ConfigError
from badgepress.model.text import has_bidi

DESIGNS = ("classic", "modern", "minimal")
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNATURE_SIDE = 4000
_KEYS = frozenset({"design", "criteria", "signatory"})
_SIGNATORY_KEYS = frozenset({"name", "title", "image"})
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_JPEG_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD,
                          0xCE, 0xCF})
_Fail = Callable[[str, str, str | None], ConfigError]


@dataclass(frozen=True)
class Signatory:
    """Who signs the certificate."""

    name: str
    title: str | None = None
    image: str | None = None
    """The signature image, relative to docs_dir (POSIX separators)."""


@dataclass(frozen=True)
class CertificateSettings:
    """How an achievement's certificates look."""

    design: str = DESIGNS[0]
    criteria: str | None = None
    signatory: Signatory | None = None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG from its header, ``None`` for anything else."""
    if data.startswith(_PNG) and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if not data.startswith(_JPEG):
        return None
    at = 2
    while at + 9 <= len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return int(width), int(height)
        at += 2 + length
    return None


def _text(value: Any, field: str, fail: _Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, f"{field!r} must be a non-empty text", None)
    if has_bidi(value):
        raise fail(field, f"{field!r} holds a bidirectional control character, which "
                   "reorders the text around it", "delete it (an invisible character "
                   "between U+202A and U+202E or U+2066 and U+2069)")
    return value.strip()


def _signature(docs_dir: Path, value: Any, fail: _Fail) -> str:
    field = "certificate.signatory.image"
    text = _text(value, field, fail)
    relative = PurePosixPath(text.replace("\\", "/"))
    root = docs_dir.resolve()
    target = (docs_dir / relative).resolve()
    if relative.is_absolute() or ".." in relative.parts or not target.is_relative_to(root):
        raise fail(field, f"signature image {text!r} must be a file inside the docs folder",
                   "put it in the docs folder and write its path from there, "
                   "e.g. images/signature.png")
    try:
        with target.open("rb") as file:
            data = file.read(MAX_SIGNATURE_BYTES + 1)
    except OSError:
        raise fail(field, f"signature image {text!r} cannot be read",
                   "check that the file exists in the docs folder") from None
    if len(data) > MAX_SIGNATURE_BYTES:
        raise fail(field, f"signature image {text!r} is larger than "
                   f"{MAX_SIGNATURE_BYTES // 1024} KB", "scale it down: about 600 pixels "
                   "wide is plenty for a signature")
    size = image_size(data)
    if size is None:
        raise fail(field, f"signature image {text!r} is not a PNG or JPEG image",
                   "export the signature as PNG (with a transparent background) or JPEG")
    if max(size) > MAX_SIGNATURE_SIDE or min(size) < 1:
        raise fail(field, f"signature image {text!r} is {size[0]}x{size[1]} pixels, more "
                   f"than {MAX_SIGNATURE_SIDE} a side", "scale it down: about 600 pixels "
                   "wide is plenty for a signature")
    return str(relative)


def parse_certificate(value: Any, docs_dir: Path, fail: _Fail) -> CertificateSettings:
    """Check an achievement's ``certificate`` front matter (``None``: the defaults).

    Raises:
        ConfigError: made by ``fail(field, message, hint)``, naming the field.
    """
    if value is None:
        return CertificateSettings()
    if not isinstance(value, dict):
        raise fail("certificate", "certificate must be a mapping (design, criteria, "
                   "signatory)", None)
    unknown = sorted(str(k) for k in value if k not in _KEYS)
    if unknown:
        raise fail(f"certificate.{unknown[0]}", f"unknown field {unknown[0]!r}",
                   f"the fields are: {', '.join(sorted(_KEYS))}")
    design = value.get("design", DESIGNS[0])
    if design not in DESIGNS:
        raise fail("certificate.design", f"unknown certificate design {design!r}",
                   f"use one of {', '.join(DESIGNS)}")
    criteria = value.get("criteria")
    signatory = value.get("signatory")
    if signatory is not None and not isinstance(signatory, dict):
        raise fail("certificate.signatory", "signatory must be a mapping with name, "
                   "and optionally title and image", None)
    if signatory is not None:
        unknown = sorted(str(k) for k in signatory if k not in _SIGNATORY_KEYS)
        if unknown:
            raise fail(f"certificate.signatory.{unknown[0]}",
                       f"unknown field {unknown[0]!r}",
                       f"the fields are: {', '.join(sorted(_SIGNATORY_KEYS))}")
    return CertificateSettings(
        design=design,
        criteria=None if criteria is None else _text(criteria, "certificate.criteria", fail),
        signatory=None if signatory is None else Signatory(
            name=_text(signatory.get("name"), "certificate.signatory.name", fail),
            title=(None if signatory.get("title") is None
                   else _text(signatory["title"], "certificate.signatory.title", fail)),
            image=(None if signatory.get("image") is None
                   else _signature(docs_dir, signatory["image"], fail)),
        ),
    )
