"""Baked badges: the credential embedded in a PNG or SVG image (OB3 docformat §Baked Badge)."""

from __future__ import annotations

import re
from typing import Literal

from badgepress.baking.png import PNG_SIGNATURE, bake_png, unbake_png
from badgepress.baking.svg import bake_svg, unbake_svg
from badgepress.errors import BadgeError, DocumentError

__all__ = [
    "Kind",
    "bake",
    "bake_png",
    "bake_svg",
    "detect",
    "extract_credential",
    "unbake_png",
    "unbake_svg",
]

Kind = Literal["png", "svg", "json", "jwt"]

_BOM = b"\xef\xbb\xbf"
_JWS_START = re.compile(rb"[A-Za-z0-9_-]+\.")


def detect(data: bytes) -> Kind:
    """Tell a PNG (signature), an SVG (starts with ``<``), JSON (starts with ``{``) and a
    VC-JWT (a compact JWS: starts with base64url text and a ``.``) apart.

    Leading whitespace and a UTF-8 byte order mark are skipped for SVG, JSON and JWT.

    Raises:
        DocumentError: The data is none of the four.
    """
    if data.startswith(PNG_SIGNATURE):
        return "png"
    text = data.removeprefix(_BOM).lstrip(b" \t\r\n")
    head = text[:1]
    if head == b"{":
        return "json"
    if head == b"<":
        return "svg"
    if _JWS_START.match(text):
        return "jwt"
    raise DocumentError(
        "not a PNG, an SVG, a JSON credential or a JWT",
        hint="a badge file is a baked PNG or SVG, the credential's JSON, or its VC-JWT",
    )


def extract_credential(data: bytes, *, path: str | None = None) -> str:
    """Return the credential text held by a baked PNG, a baked SVG, a JSON or a JWT file.

    JSON and JWT text is returned as it is (without a byte order mark); nothing is parsed or
    verified.

    Args:
        data: The file's bytes.
        path: The file's name, copied into any error.

    Raises:
        DocumentError: Unknown format, text that is not UTF-8, or an image that is not
            well-formed or holds no credential.
    """
    try:
        kind = detect(data)
        if kind == "png":
            return unbake_png(data)
        text = _utf8(data, kind)
        return unbake_svg(text) if kind == "svg" else text.removeprefix("\ufeff")
    except BadgeError as exc:
        if path is not None:
            exc.at(path)
        raise


def bake(image: bytes, kind: Literal["png", "svg"], credential_json: str) -> bytes:
    """Return ``image`` (a PNG or a UTF-8 SVG) with ``credential_json`` baked in.

    Raises:
        DocumentError: ``kind`` is unknown, or see ``bake_png`` / ``bake_svg``.
    """
    if kind == "png":
        return bake_png(image, credential_json)
    if kind == "svg":
        return bake_svg(_utf8(image, kind), credential_json).encode("utf-8")
    raise DocumentError(f"cannot bake into {kind!r}; use 'png' or 'svg'")


def _utf8(data: bytes, kind: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"the {kind.upper()} file is not UTF-8 text: {exc.reason}") from exc
