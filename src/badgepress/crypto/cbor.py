"""A strict decoder for the CBOR (RFC 8949) subset ``ecdsa-sd-2023`` proof values use.

Unsigned integers, byte strings, arrays, maps with unsigned-integer keys, and one tag
(the proof value's header); definite lengths only, shortest encodings only, no duplicate
map keys, no trailing bytes. Anything else — text strings, negative integers, floats,
indefinite lengths, a nesting deeper than ``MAX_DEPTH``, more than ``MAX_ITEMS`` items —
is refused, so a crafted proof value costs no more than its size to reject. The same
rules are in ``js/src/cbor.js``; ``tests/reference/verdicts/cases/sd-cbor-*.json`` hold
both to them.
"""

from __future__ import annotations

from typing import Any

from badgepress.errors import ProofError

MAX_DEPTH = 4
"""Arrays and maps nest at most this deep (a derived proof value needs 2)."""

MAX_ITEMS = 4096
"""At most this many items in one value (one signature per non-mandatory statement)."""

_UINT, _BYTES, _ARRAY, _MAP, _TAG = 0, 2, 4, 5, 6
_MINIMUM = {24: 24, 25: 0x100, 26: 0x10000, 27: 0x100000000}


class CborError(ProofError):
    """The bytes are not CBOR of the subset read here."""


def decode(data: bytes) -> Any:
    """Decode one CBOR value: ``int``, ``bytes``, ``list``, ``dict[int, Any]``, or
    ``(tag, value)`` for a tagged value.

    Raises:
        CborError: malformed, outside the subset, too deep or too many items.
    """
    reader = _Reader(data)
    value = reader.item(0)
    if reader.pos != len(data):
        raise CborError(f"{len(data) - reader.pos} trailing bytes after the CBOR value")
    return value


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.items = 0

    def take(self, size: int) -> bytes:
        if size > len(self.data) - self.pos:
            raise CborError("the CBOR value ends early")
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk

    def head(self) -> tuple[int, int]:
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if info < 24:
            return major, info
        if info > 27:
            raise CborError(f"CBOR additional information {info} (indefinite length or "
                            "reserved) is not allowed")
        value = int.from_bytes(self.take(1 << (info - 24)), "big")
        if value < _MINIMUM[info]:
            raise CborError("a CBOR length or integer is not in its shortest form")
        return major, value

    def item(self, depth: int) -> Any:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise CborError(f"the CBOR value has more than {MAX_ITEMS} items")
        major, value = self.head()
        if major == _UINT:
            return value
        if major == _BYTES:
            return self.take(value)
        if major in (_ARRAY, _MAP, _TAG):
            if depth >= MAX_DEPTH:
                raise CborError(f"the CBOR value nests deeper than {MAX_DEPTH} levels")
            if major == _TAG:
                return (value, self.item(depth + 1))
            if value > MAX_ITEMS:
                raise CborError(f"a CBOR array or map of {value} items is too large")
            if major == _ARRAY:
                return [self.item(depth + 1) for _ in range(value)]
            return self.map(value, depth)
        raise CborError(f"CBOR major type {major} is not used in this proof value")

    def map(self, size: int, depth: int) -> dict[int, Any]:
        result: dict[int, Any] = {}
        for _ in range(size):
            key = self.item(depth + 1)
            if not isinstance(key, int):
                raise CborError("a CBOR map key is not an unsigned integer")
            if key in result:
                raise CborError(f"the CBOR map key {key} appears twice")
            result[key] = self.item(depth + 1)
        return result
