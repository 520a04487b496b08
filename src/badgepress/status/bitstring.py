"""The bit array of a W3C Bitstring Status List v1.0 and its ``encodedList`` form.

``encodedList`` is multibase base64url (prefix ``u``, no padding) of the GZIP-compressed
bitstring. Bit ``i`` is ``(byte[i // 8] >> (7 - i % 8)) & 1``: index 0 is the left-most
(most significant) bit of the first byte.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib

from badgepress.errors import StatusError

MIN_BITS = 131_072
"""The smallest list badgepress publishes or builds with (16 KiB uncompressed): "The
uncompressed bitstring MUST be at least 16KB in size" (Bitstring Status List v1.0 REC,
§2.2 BitstringStatusListCredential, ``encodedList``). For lists received from other
issuers the verifier reads shorter ones too (see ``verify._check_status``)."""

MAX_DECODED_BYTES = 16 * 1024 * 1024
"""Decompression stops above this size (zip-bomb guard)."""

MULTIBASE_BASE64URL = "u"

ENCODED_LIST_POINTER = "/credentialSubject/encodedList"
INDEX_POINTER = "/credentialStatus/statusListIndex"

_GZIP_MAGIC = b"\x1f\x8b"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_DIGITS = re.compile(r"[0-9]+")
_MAX_INDEX_DIGITS = 18
_NONZERO_BYTE = re.compile(rb"[^\x00]")
_CHUNK = 64 * 1024
# For every byte value, the offsets (MSB first) of its set bits.
_BIT_OFFSETS: tuple[tuple[int, ...], ...] = tuple(
    tuple(bit for bit in range(8) if (value >> (7 - bit)) & 1) for value in range(256)
)


class Bitstring:
    """A mutable, MSB-first bit array holding one status bit per entry.

    Args:
        size: Number of bits; a multiple of 8 and at least ``MIN_BITS``.

    Raises:
        StatusError: ``size`` is too small or not a whole number of bytes.
    """

    __slots__ = ("_bits", "_size")

    def __init__(self, size: int = MIN_BITS) -> None:
        if size < MIN_BITS or size % 8:
            raise StatusError(
                f"a status list holds a multiple of 8 bits, at least {MIN_BITS:,}; got {size:,}",
                hint=f"use Bitstring() for the minimum of {MIN_BITS:,} entries",
            )
        self._size = size
        self._bits = bytearray(size // 8)

    def __len__(self) -> int:
        return self._size

    def __repr__(self) -> str:
        return f"Bitstring(size={self._size}, set={len(self.set_indices())})"

    def _check(self, index: int) -> None:
        if not 0 <= index < self._size:
            raise StatusError(
                f"status index {index} is outside the list of {self._size:,} entries",
                pointer=INDEX_POINTER,
            )

    def get(self, index: int) -> bool:
        """Return the bit at ``index``.

        Raises:
            StatusError: ``index`` is negative or past the end of the list.
        """
        self._check(index)
        return bool((self._bits[index // 8] >> (7 - index % 8)) & 1)

    def set(self, index: int, value: bool = True) -> None:
        """Set (or with ``value=False`` clear) the bit at ``index``.

        Raises:
            StatusError: ``index`` is negative or past the end of the list.
        """
        self._check(index)
        mask = 0x80 >> (index % 8)
        if value:
            self._bits[index // 8] |= mask
        else:
            self._bits[index // 8] &= ~mask & 0xFF

    def set_indices(self) -> list[int]:
        """Return the positions of all set bits, in ascending order."""
        data = self._bits
        return [
            match.start() * 8 + offset
            for match in _NONZERO_BYTE.finditer(data)
            for offset in _BIT_OFFSETS[data[match.start()]]
        ]

    def to_bytes(self) -> bytes:
        """Return the uncompressed bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """Return the ``encodedList`` value: ``u`` + base64url(GZIP(bits)), no padding.

        The GZIP header carries ``mtime=0``, so the same bits always give the same string.
        """
        packed = gzip.compress(bytes(self._bits), compresslevel=9, mtime=0)
        text = base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")
        return MULTIBASE_BASE64URL + text

    def require_minimum(self) -> None:
        """Refuse a list shorter than ``MIN_BITS`` (what badgepress itself publishes).

        Raises:
            StatusError: the list has fewer than ``MIN_BITS`` bits (pointer
                ``/credentialSubject/encodedList``).
        """
        if self._size < MIN_BITS:
            raise _list_error(
                f"status list is shorter than {MIN_BITS:,} entries ({self._size:,} bits)",
                hint="BSL §2.2 requires at least 16 KiB of uncompressed bits",
            )

    @classmethod
    def decode(cls, encoded: str, *, any_length: bool = False) -> Bitstring:
        """Parse an ``encodedList`` value.

        Args:
            encoded: Multibase base64url (``u`` prefix; padding optional) of GZIP data.
            any_length: Accept a list shorter than ``MIN_BITS`` (a list received from
                another issuer; the caller notes its length).

        Raises:
            StatusError: Wrong multibase prefix, bad base64url, data that is not GZIP
                (zlib and raw deflate included), more than 16 MiB once decompressed, or
                (unless ``any_length``) fewer than ``MIN_BITS`` bits. The pointer is
                ``/credentialSubject/encodedList``.
        """
        data = _gunzip(_unbase64url(encoded))
        bitstring = cls.__new__(cls)
        bitstring._size = len(data) * 8
        bitstring._bits = bytearray(data)
        if not any_length:
            bitstring.require_minimum()
        return bitstring


def parse_index(value: object) -> int:
    """Parse a ``statusListIndex``: a base-10 non-negative integer string.

    A JSON integer is accepted too, because 1EdTech samples use one.

    Raises:
        StatusError: ``value`` is not such a string or integer (pointer
            ``/credentialStatus/statusListIndex``).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value >= 0:
            return value
    elif (
        isinstance(value, str)
        and _DIGITS.fullmatch(value)
        and len(value.lstrip("0")) <= _MAX_INDEX_DIGITS
    ):
        return int(value)
    raise StatusError(
        f"statusListIndex must be a non-negative base-10 integer string, got {value!r}",
        pointer=INDEX_POINTER,
        hint='write it as a string of digits, e.g. "94567"',
    )


def _list_error(message: str, hint: str | None = None) -> StatusError:
    return StatusError(message, pointer=ENCODED_LIST_POINTER, hint=hint)


def _unbase64url(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith(MULTIBASE_BASE64URL):
        shown = encoded[:1] if isinstance(encoded, str) else type(encoded).__name__
        raise _list_error(
            f"encodedList must be multibase base64url (prefix 'u'), found prefix {shown!r}",
            hint="encode as 'u' + base64url without padding of the GZIP data",
        )
    body = encoded[1:]
    unpadded = body.rstrip("=")
    if not _BASE64URL.fullmatch(body) or len(unpadded) % 4 == 1 or not unpadded:
        raise _list_error("encodedList is not valid base64url")
    try:
        return base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _list_error("encodedList is not valid base64url") from exc


def _describe(packed: bytes) -> str:
    if len(packed) >= 2 and packed[0] & 0x0F == 8 and int.from_bytes(packed[:2], "big") % 31 == 0:
        return "it looks like a zlib stream"
    return "the GZIP magic bytes 1f 8b are missing"


def _gunzip(packed: bytes) -> bytes:
    if not packed.startswith(_GZIP_MAGIC):
        raise _list_error(
            f"encodedList is not GZIP data ({_describe(packed)})",
            hint="BSL §2.2 requires GZIP (RFC 1952), not zlib or raw deflate",
        )
    out = bytearray()
    remaining = packed
    while remaining:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = remaining
        try:
            while not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                out += piece
                if len(out) > MAX_DECODED_BYTES:
                    raise _list_error(
                        f"status list decompresses to more than {MAX_DECODED_BYTES:,} bytes",
                        hint="refusing to inflate it further (possible zip bomb)",
                    )
                if not piece and not pending:
                    break
        except zlib.error as exc:
            raise _list_error(f"encodedList is not valid GZIP data: {exc}") from exc
        if not inflater.eof:
            raise _list_error("encodedList GZIP data is truncated")
        remaining = inflater.unused_data
        if remaining and not remaining.startswith(_GZIP_MAGIC):
            raise _list_error("encodedList has trailing bytes after the GZIP data")
    return bytes(out)
