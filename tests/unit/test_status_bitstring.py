"""Bitstring Status List v1.0: bit layout, encodedList encoding and hostile inputs."""

from __future__ import annotations

import base64
import gzip
import json
import zlib

import pytest

from badgepress.errors import StatusError
from badgepress.status.bitstring import MIN_BITS, Bitstring, parse_index
from tests.conftest import REFERENCE

ENCODED_LIST = "/credentialSubject/encodedList"
INDEX = "/credentialStatus/statusListIndex"


def reference_list(name: str) -> str:
    """Return the ``encodedList`` of a status list credential in the test vectors."""
    path = REFERENCE / "test-vectors" / "bitstring-status-list" / name
    if not path.is_file():
        pytest.fail(f"reference file missing: {path}")
    document = json.loads(path.read_text(encoding="utf-8"))
    value = document["credentialSubject"]["encodedList"]
    assert isinstance(value, str)
    return value


def multibase(data: bytes, *, padded: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return "u" + (text if padded else text.rstrip("="))


def test_round_trip_keeps_every_bit() -> None:
    bits = Bitstring()
    for index in (0, 1, 7, 8, 23, 94_567, MIN_BITS - 1):
        bits.set(index)
    decoded = Bitstring.decode(bits.encode())
    assert len(decoded) == MIN_BITS
    assert decoded.set_indices() == [0, 1, 7, 8, 23, 94_567, MIN_BITS - 1]
    assert decoded.to_bytes() == bits.to_bytes()


def test_layout_is_msb_first() -> None:
    bits = Bitstring()
    bits.set(0)
    bits.set(23)
    data = bits.to_bytes()
    assert data[0] == 0x80
    assert data[2] == 0x01
    assert bits.get(0) and bits.get(23) and not bits.get(1) and not bits.get(22)


def test_set_false_clears_only_that_bit() -> None:
    bits = Bitstring()
    bits.set(9)
    bits.set(10)
    bits.set(9, False)
    assert bits.set_indices() == [10]
    assert not bits.get(9)


def test_larger_list_keeps_its_size() -> None:
    bits = Bitstring(MIN_BITS * 2)
    bits.set(MIN_BITS * 2 - 1)
    decoded = Bitstring.decode(bits.encode())
    assert len(decoded) == MIN_BITS * 2
    assert decoded.set_indices() == [MIN_BITS * 2 - 1]


@pytest.mark.parametrize("size", [MIN_BITS - 8, MIN_BITS + 1, 0])
def test_too_small_or_ragged_size_is_refused(size: int) -> None:
    with pytest.raises(StatusError):
        Bitstring(size)


def test_w3c_spec_example_is_all_zero() -> None:
    bits = Bitstring.decode(reference_list("w3c-spec-example-statuslist-all-zero.unsigned.json"))
    assert len(bits) == MIN_BITS
    assert bits.set_indices() == []
    assert bits.to_bytes() == bytes(MIN_BITS // 8)


def test_1edtech_list_has_only_index_23_set() -> None:
    bits = Bitstring.decode(reference_list("statuslist-index23-set.signed.json"))
    assert len(bits) == MIN_BITS
    assert bits.set_indices() == [23]
    assert bits.get(23)
    assert bits.to_bytes()[2] == 0x01


def test_encode_is_deterministic() -> None:
    first, second = Bitstring(), Bitstring()
    for bits in (first, second):
        bits.set(5)
        bits.set(100_000)
    encoded = first.encode()
    assert encoded == second.encode()
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    assert Bitstring.decode(encoded).set_indices() == [5, 100_000]


def test_decode_accepts_padding() -> None:
    packed = gzip.compress(bytes(MIN_BITS // 8), mtime=0)
    assert Bitstring.decode(multibase(packed, padded=True)).set_indices() == []


@pytest.mark.parametrize("index", [MIN_BITS, MIN_BITS + 1, -1])
def test_index_outside_the_list_is_a_status_error(index: int) -> None:
    bits = Bitstring()
    with pytest.raises(StatusError, match="outside the list of 131,072 entries") as caught:
        bits.get(index)
    assert caught.value.pointer == INDEX
    with pytest.raises(StatusError):
        bits.set(index)


def test_short_list_is_refused() -> None:
    encoded = multibase(gzip.compress(bytes(MIN_BITS // 8 - 1), mtime=0))
    with pytest.raises(StatusError, match="shorter than 131,072 entries") as caught:
        Bitstring.decode(encoded)
    assert caught.value.pointer == ENCODED_LIST


@pytest.mark.parametrize("prefix", ["z", "m", "U", ""])
def test_wrong_multibase_prefix_is_refused(prefix: str) -> None:
    encoded = Bitstring().encode()[1:]
    with pytest.raises(StatusError, match="prefix") as caught:
        Bitstring.decode(prefix + encoded)
    assert caught.value.pointer == ENCODED_LIST


@pytest.mark.parametrize("body", ["u", "u!!!!", "uH4sI+AAA", "uH4sI/AAA", "uA", "uH4s I"])
def test_bad_base64url_is_refused(body: str) -> None:
    with pytest.raises(StatusError, match="base64url") as caught:
        Bitstring.decode(body)
    assert caught.value.pointer == ENCODED_LIST


def test_zlib_instead_of_gzip_is_refused() -> None:
    encoded = multibase(zlib.compress(bytes(MIN_BITS // 8)))
    with pytest.raises(StatusError, match=r"not GZIP.*zlib") as caught:
        Bitstring.decode(encoded)
    assert caught.value.pointer == ENCODED_LIST


def test_raw_deflate_is_refused() -> None:
    deflater = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = deflater.compress(bytes(MIN_BITS // 8)) + deflater.flush()
    with pytest.raises(StatusError, match="not GZIP"):
        Bitstring.decode(multibase(raw))


def test_uncompressed_bits_are_refused() -> None:
    with pytest.raises(StatusError, match="not GZIP"):
        Bitstring.decode(multibase(bytes(MIN_BITS // 8)))


def test_truncated_gzip_is_refused() -> None:
    packed = gzip.compress(bytes(MIN_BITS // 8), mtime=0)
    with pytest.raises(StatusError, match="GZIP") as caught:
        Bitstring.decode(multibase(packed[:-12]))
    assert caught.value.pointer == ENCODED_LIST


def test_corrupt_gzip_is_refused() -> None:
    packed = bytearray(gzip.compress(bytes(MIN_BITS // 8), mtime=0))
    packed[-8] ^= 0xFF  # CRC-32 of the uncompressed data
    with pytest.raises(StatusError, match="GZIP"):
        Bitstring.decode(multibase(bytes(packed)))


def test_trailing_garbage_is_refused() -> None:
    packed = gzip.compress(bytes(MIN_BITS // 8), mtime=0) + b"junk"
    with pytest.raises(StatusError, match="trailing"):
        Bitstring.decode(multibase(packed))


def test_zip_bomb_stops_at_16_mib() -> None:
    bomb = gzip.compress(bytes(17 * 1024 * 1024), compresslevel=9, mtime=0)
    assert len(bomb) < 64 * 1024
    with pytest.raises(StatusError, match="more than 16,777,216 bytes") as caught:
        Bitstring.decode(multibase(bomb))
    assert caught.value.pointer == ENCODED_LIST


def test_multi_member_bomb_stops_at_16_mib() -> None:
    member = gzip.compress(bytes(4 * 1024 * 1024), mtime=0)
    with pytest.raises(StatusError, match="more than"):
        Bitstring.decode(multibase(member * 5))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("23", 23), ("94567", 94_567), ("007", 7), (23, 23), (0, 0)],
)
def test_parse_index_accepts_base10_strings_and_json_integers(value: object, expected: int) -> None:
    assert parse_index(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x17", "\u0663", "9" * 5000, -1, 1.0, True, None],
)
def test_parse_index_refuses_anything_else(value: object) -> None:
    with pytest.raises(StatusError) as caught:
        parse_index(value)
    assert caught.value.pointer == INDEX
