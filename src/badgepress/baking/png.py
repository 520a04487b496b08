"""Open Badges 3.0 baked PNG: the credential in an ``iTXt`` chunk (OB3 docformat §Baked Badge).

Baking inserts one uncompressed ``iTXt`` chunk with keyword ``openbadgecredential`` right
before ``IEND`` (where the 1EdTech sample puts it), leaving every other byte of the image as
it was. Reading is lenient: it also accepts the OB 2.0 keyword ``openbadges`` and
zlib-compressed ``iTXt`` text.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from badgepress.errors import DocumentError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = "openbadgecredential"
OB2_KEYWORD = "openbadges"
MAX_TEXT_BYTES = 16 * 1024 * 1024
"""A compressed ``iTXt`` text stops inflating above this size (zip-bomb guard)."""

_BAKED_KEYWORDS = frozenset({KEYWORD.encode(), OB2_KEYWORD.encode()})
_MAX_CHUNK_LENGTH = 2**31 - 1


class Chunk(NamedTuple):
    """One PNG chunk: its type, data and the offset of its length field in the file."""

    type: bytes
    data: bytes
    offset: int


def iter_chunks(image: bytes) -> Iterator[Chunk]:
    """Yield the chunks of a PNG up to and including ``IEND``, checking every CRC.

    Raises:
        DocumentError: Bad signature, truncated or oversized chunk, bad CRC, or no ``IEND``.
    """
    if not image.startswith(PNG_SIGNATURE):
        raise DocumentError("not a PNG image (bad signature)")
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 8 > len(image):
            raise DocumentError(f"PNG is truncated: no IEND chunk (at byte {pos})")
        length, kind = struct.unpack_from(">I4s", image, pos)
        name = kind.decode("latin-1")
        if length > _MAX_CHUNK_LENGTH:
            raise DocumentError(f"PNG chunk {name!r} at byte {pos} has an invalid length")
        end = pos + 12 + length
        if end > len(image):
            raise DocumentError(f"PNG chunk {name!r} at byte {pos} is truncated")
        data = image[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack_from(">I", image, pos + 8 + length)
        if zlib.crc32(kind + data) != crc:
            raise DocumentError(
                f"PNG chunk {name!r} at byte {pos} has a bad CRC",
                hint="the file is corrupted",
            )
        yield Chunk(kind, data, pos)
        if kind == b"IEND":
            return
        pos = end


def make_chunk(kind: bytes, data: bytes) -> bytes:
    """Return a serialised PNG chunk: length, type, data, CRC-32 over type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bake_png(image: bytes, credential_json: str) -> bytes:
    """Return ``image`` with ``credential_json`` baked into an ``iTXt`` chunk before ``IEND``.

    Args:
        image: The PNG file.
        credential_json: The credential (JSON text or compact JWS), stored as UTF-8.

    Raises:
        DocumentError: The image is not a valid PNG, is already baked, or the text is empty
            or contains a NUL character.
    """
    if not credential_json or "\x00" in credential_json:
        raise DocumentError("the credential text to bake is empty or contains a NUL character")
    iend = png_bake_offset(image)
    # keyword NUL, compression flag 0, method 0, empty language NUL, empty translated NUL
    payload = KEYWORD.encode("latin-1") + b"\x00\x00\x00\x00\x00" + credential_json.encode()
    return image[:iend] + make_chunk(b"iTXt", payload) + image[iend:]


def png_bake_offset(image: bytes) -> int:
    """Where ``bake_png`` inserts the credential chunk: the byte offset of ``IEND``.

    Raises:
        DocumentError: The image is not a valid PNG or is already baked.
    """
    chunks = list(iter_chunks(image))
    for chunk in chunks:
        if chunk.type in (b"iTXt", b"tEXt", b"zTXt"):
            keyword = chunk.data.split(b"\x00", 1)[0]
            if keyword in _BAKED_KEYWORDS:
                raise DocumentError(
                    "image is already baked; unbake it first",
                    hint=f"it has a {chunk.type.decode()} chunk {keyword.decode()!r}",
                )
    return chunks[-1].offset  # iter_chunks always ends with IEND


def unbake_png(image: bytes) -> str:
    """Return the credential text baked into a PNG.

    The first ``iTXt`` chunk with keyword ``openbadgecredential`` wins; failing that, the
    first with the OB 2.0 keyword ``openbadges``.

    Raises:
        DocumentError: Not a valid PNG (signature, CRC, truncation), a malformed or
            undecodable credential chunk, or no credential baked in.
    """
    fallback: Chunk | None = None
    for chunk in list(iter_chunks(image)):  # the whole file is checked before reading
        if chunk.type != b"iTXt":
            continue
        keyword = chunk.data.split(b"\x00", 1)[0]
        if keyword == KEYWORD.encode():
            return _itxt_text(chunk)
        if keyword == OB2_KEYWORD.encode() and fallback is None:
            fallback = chunk
    if fallback is not None:
        return _itxt_text(fallback)
    raise DocumentError("no Open Badges credential is baked into this PNG")


def _itxt_text(chunk: Chunk) -> str:
    """Return the text of an ``iTXt`` chunk, inflating it when compressed."""
    parts = chunk.data.split(b"\x00", 1)
    rest = parts[1] if len(parts) == 2 else b""
    if len(rest) < 2:
        raise DocumentError(f"iTXt chunk at byte {chunk.offset} is malformed")
    flag, method, rest = rest[0], rest[1], rest[2:]
    fields = rest.split(b"\x00", 2)
    if len(fields) != 3:
        raise DocumentError(f"iTXt chunk at byte {chunk.offset} is malformed")
    raw = fields[2]
    if flag == 1 and method == 0:
        raw = _inflate(raw, chunk.offset)
    elif flag != 0:
        raise DocumentError(
            f"iTXt chunk at byte {chunk.offset} uses unknown compression ({flag}, {method})"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"iTXt chunk at byte {chunk.offset} is not UTF-8 text") from exc


def _inflate(data: bytes, offset: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_TEXT_BYTES + 1)
    except zlib.error as exc:
        raise DocumentError(f"compressed iTXt chunk at byte {offset} is not valid zlib") from exc
    if len(text) > MAX_TEXT_BYTES:
        raise DocumentError(
            f"compressed iTXt chunk at byte {offset} inflates to more than {MAX_TEXT_BYTES:,} bytes"
        )
    if not inflater.eof:
        raise DocumentError(f"compressed iTXt chunk at byte {offset} is truncated")
    return text
