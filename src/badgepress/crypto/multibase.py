"""Multibase base58btc (``z``…) and the Multikey headers of Ed25519, P-256 and P-384 keys."""

from __future__ import annotations

from badgepress.errors import KeyMaterialError

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_NOT_A_DIGIT = 0xFF
_DIGITS = bytes(_ALPHABET.find(chr(byte)) % 256 for byte in range(256))
"""A ``bytes.translate`` table: each byte of the alphabet to its digit, any other to 0xFF."""

ED25519_PUBLIC_HEADER = b"\xed\x01"
ED25519_SECRET_HEADER = b"\x80\x26"
# Multicodec varints and key lengths: ed25519-pub, p256-pub and p384-pub (compressed points).
PUBLIC_HEADERS = {"Ed25519": (ED25519_PUBLIC_HEADER, 32), "P-256": (b"\x80\x24", 33),
                  "P-384": (b"\x81\x24", 49)}


def b58encode(data: bytes) -> str:
    """Encode bytes in base58 with the Bitcoin alphabet."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Decode base58 (Bitcoin alphabet).

    Raises:
        ValueError: ``text`` holds a character outside the alphabet.
    """
    # Each character as its digit (one byte per character: "?" stands for a non-ASCII one).
    digits = text.encode("ascii", "replace").translate(_DIGITS)
    if _NOT_A_DIGIT in digits:
        raise ValueError(f"invalid base58 character {text[digits.index(_NOT_A_DIGIT)]!r}")
    number = 0
    for digit in digits:
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def decode_multibase_z(value: str, *, what: str = "value") -> bytes:
    """Decode a multibase base58btc string (``z`` prefix).

    Raises:
        KeyMaterialError: not a ``z``-prefixed base58btc string.
    """
    if not isinstance(value, str) or not value.startswith("z"):
        raise KeyMaterialError(f"{what} must be multibase base58btc (starting with 'z')")
    try:
        return b58decode(value[1:])
    except ValueError as exc:
        raise KeyMaterialError(f"{what} is not valid base58btc: {exc}") from None


def encode_public_multikey(public: bytes) -> str:
    """Return the ``publicKeyMultibase`` (``z6Mk…``) of a 32-byte Ed25519 public key."""
    return "z" + b58encode(ED25519_PUBLIC_HEADER + public)


def encode_any_public_multikey(public: bytes, curve: str) -> str:
    """Return the ``publicKeyMultibase`` of a raw public key on ``curve``."""
    return "z" + b58encode(PUBLIC_HEADERS[curve][0] + public)


def decode_any_public_multikey(value: str) -> tuple[str, bytes]:
    """Return the curve (``Ed25519``, ``P-256``, ``P-384``) and the raw public key inside
    a ``publicKeyMultibase``.

    Raises:
        KeyMaterialError: not a Multikey of one of those curves.
    """
    raw = decode_multibase_z(value, what="publicKeyMultibase")
    for curve, (header, length) in PUBLIC_HEADERS.items():
        if raw[:2] == header and len(raw) == 2 + length:
            return curve, raw[2:]
    raise KeyMaterialError("publicKeyMultibase is not an Ed25519, P-256 or P-384 Multikey "
                           "(expected 'z6Mk…', 'zDna…' or 'z82L…')")


def decode_public_multikey(value: str) -> bytes:
    """Return the 32-byte Ed25519 public key inside a ``publicKeyMultibase``.

    Raises:
        KeyMaterialError: not an Ed25519 Multikey.
    """
    raw = decode_multibase_z(value, what="publicKeyMultibase")
    if raw[:2] != ED25519_PUBLIC_HEADER or len(raw) != 34:
        raise KeyMaterialError(
            "publicKeyMultibase is not an Ed25519 Multikey (expected 'z6Mk…')"
        )
    return raw[2:]


def encode_secret_multikey(seed: bytes) -> str:
    """Return the ``secretKeyMultibase`` of a 32-byte Ed25519 seed."""
    return "z" + b58encode(ED25519_SECRET_HEADER + seed)


def decode_secret_multikey(value: str) -> bytes:
    """Return the 32-byte Ed25519 seed inside a ``secretKeyMultibase``.

    Accepts the standard 32-byte form and the 64-byte (seed ‖ public key) form
    some implementations write.

    Raises:
        KeyMaterialError: not an Ed25519 secret Multikey.
    """
    raw = decode_multibase_z(value, what="secretKeyMultibase")
    if raw[:2] != ED25519_SECRET_HEADER or len(raw) not in (34, 66):
        raise KeyMaterialError("secretKeyMultibase is not an Ed25519 secret key")
    return raw[2:34]
