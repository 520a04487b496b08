"""Ed25519 keys as Multikey (and P-256/P-384 public keys, to verify ECDSA proofs of other
issuers, and RSA public keys, to verify their RS256 JWTs), and the ``Signer`` protocol that
signing goes through."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)

from badgepress.crypto.multibase import (
    decode_any_public_multikey,
    decode_public_multikey,
    decode_secret_multikey,
    encode_any_public_multikey,
    encode_secret_multikey,
)
from badgepress.errors import KeyMaterialError

_ECDSA: dict[str, tuple[ec.EllipticCurve, type[hashes.HashAlgorithm]]] = {
    "P-256": (ec.SECP256R1(), hashes.SHA256), "P-384": (ec.SECP384R1(), hashes.SHA384)}
RSA = "RSA"
MIN_RSA_BITS = 2048
"""An RSA key is at least this large (RFC 7518 §3.3)."""


class Signer(Protocol):
    """Something that signs bytes for one verification method."""

    @property
    def verification_method(self) -> str:
        """The id of the verification method whose public key checks the signature."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Return the signature of ``data``."""
        ...


def _b64url(value: object, size: int | None) -> bytes:
    """Decode an unpadded base64url JWK member of ``size`` bytes (any size if ``None``).

    Raises:
        KeyMaterialError: not such a value.
    """
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", value) \
            or len(value) % 4 == 1:
        raise KeyMaterialError("a publicKeyJwk coordinate is not base64url text")
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    if size is not None and len(raw) != size:
        raise KeyMaterialError(f"a publicKeyJwk coordinate is {len(raw)} bytes, not {size}")
    return raw


@dataclass(frozen=True)
class PublicKey:
    """A public key: Ed25519, or (verification only) ECDSA on P-256 or P-384, or RSA
    (``curve`` ``"RSA"``, ``raw`` its DER SubjectPublicKeyInfo; only RS256 JWTs use it)."""

    raw: bytes
    curve: str = "Ed25519"

    @classmethod
    def from_multibase(cls, value: str) -> PublicKey:
        """Parse the ``publicKeyMultibase`` of an Ed25519 key (an issuer key of ours).

        Raises:
            KeyMaterialError: not an Ed25519 Multikey.
        """
        return cls(decode_public_multikey(value))

    @classmethod
    def from_any_multibase(cls, value: str) -> PublicKey:
        """Parse a ``publicKeyMultibase`` of any curve a received proof may use.

        Raises:
            KeyMaterialError: not an Ed25519, P-256 or P-384 Multikey.
        """
        curve, raw = decode_any_public_multikey(value)
        return cls(raw, curve)

    @classmethod
    def from_jwk(cls, jwk: object) -> PublicKey:
        """Parse a public JWK: OKP Ed25519, EC P-256/P-384 or RSA of at least 2048 bits
        (RFC 7517, RFC 7518 §6, RFC 8037).

        Raises:
            KeyMaterialError: another kind of key, a private key, or malformed values.
        """
        if not isinstance(jwk, dict):
            raise KeyMaterialError("publicKeyJwk must be a JSON object")
        if "d" in jwk:
            raise KeyMaterialError("publicKeyJwk holds a private key ('d'); it must not be "
                                   "published")
        kty, crv = jwk.get("kty"), jwk.get("crv")
        if kty == "OKP" and crv == "Ed25519":
            raw = _b64url(jwk.get("x"), 32)
            return cls(raw)
        if kty == "EC" and crv in _ECDSA:
            curve = _ECDSA[crv][0]
            size = (curve.key_size + 7) // 8
            x, y = _b64url(jwk.get("x"), size), _b64url(jwk.get("y"), size)
            try:
                point = ec.EllipticCurvePublicNumbers(
                    int.from_bytes(x, "big"), int.from_bytes(y, "big"), curve).public_key()
            except ValueError:
                raise KeyMaterialError("publicKeyJwk is not a point on its curve") from None
            return cls(point.public_bytes(Encoding.X962, PublicFormat.CompressedPoint), crv)
        if kty == RSA:
            return cls._rsa(jwk)
        raise KeyMaterialError(f"publicKeyJwk {kty}/{crv} is not an Ed25519, P-256, P-384 "
                               "or RSA key")

    @classmethod
    def _rsa(cls, jwk: dict[str, object]) -> PublicKey:
        if any(part in jwk for part in ("p", "q", "dp", "dq", "qi", "oth")):
            raise KeyMaterialError("publicKeyJwk holds parts of a private RSA key")
        modulus = int.from_bytes(_b64url(jwk.get("n"), None), "big")
        exponent = int.from_bytes(_b64url(jwk.get("e"), None), "big")
        if modulus.bit_length() < MIN_RSA_BITS:
            raise KeyMaterialError(f"the RSA key has {modulus.bit_length()} bits; at least "
                                   f"{MIN_RSA_BITS} are needed")
        try:
            key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
        except ValueError:
            raise KeyMaterialError("publicKeyJwk is not a usable RSA key") from None
        return cls(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo), RSA)

    def __getstate__(self) -> dict[str, object]:
        """The fields only (a copy or pickle builds its own ``cryptography`` key)."""
        return {"raw": self.raw, "curve": self.curve}

    @cached_property
    def _ed25519(self) -> Ed25519PublicKey:
        """The Ed25519 key as ``cryptography`` holds it, built once per key.

        Raises:
            ValueError: ``raw`` is not an Ed25519 public key.
        """
        return Ed25519PublicKey.from_public_bytes(self.raw)

    @property
    def multibase(self) -> str:
        """The ``publicKeyMultibase`` form (``z6Mk…`` for Ed25519)."""
        return encode_any_public_multikey(self.raw, self.curve)

    @property
    def hash_name(self) -> str:
        """The hash ECDSA cryptosuites use with this key (``sha384`` for P-384)."""
        return "sha384" if self.curve == "P-384" else "sha256"

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Return whether ``signature`` is a valid signature of ``data`` by this key
        (Ed25519, ECDSA as r ‖ s with the curve's hash, or RSASSA-PKCS1-v1_5 with SHA-256)."""
        try:
            if self.curve == RSA:
                key = load_der_public_key(self.raw)
                assert isinstance(key, rsa.RSAPublicKey)  # noqa: S101 - built by _rsa
                key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
                return True
            if self.curve == "Ed25519":
                self._ed25519.verify(signature, data)
                return True
            curve, hash_type = _ECDSA[self.curve]
            size = (curve.key_size + 7) // 8
            if len(signature) != 2 * size:
                return False
            der = encode_dss_signature(int.from_bytes(signature[:size], "big"),
                                       int.from_bytes(signature[size:], "big"))
            ec.EllipticCurvePublicKey.from_encoded_point(curve, self.raw).verify(
                der, data, ec.ECDSA(hash_type()))
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair. Its ``repr`` never shows the secret."""

    seed: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> KeyPair:
        """Make a new random key pair."""
        return cls(Ed25519PrivateKey.generate().private_bytes_raw())

    @classmethod
    def from_secret_multibase(cls, value: str) -> KeyPair:
        """Parse a ``secretKeyMultibase`` (32-byte seed or 64-byte seed ‖ public).

        Raises:
            KeyMaterialError: not an Ed25519 secret key.
        """
        return cls(decode_secret_multikey(value))

    @property
    def secret_multibase(self) -> str:
        """The ``secretKeyMultibase`` form. Never print or publish it."""
        return encode_secret_multikey(self.seed)

    @property
    def public(self) -> PublicKey:
        """The public half."""
        key = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        return PublicKey(key.public_bytes(Encoding.Raw, PublicFormat.Raw))

    def signer(self, verification_method: str) -> KeySigner:
        """Return a ``Signer`` that signs as ``verification_method``."""
        return KeySigner(verification_method, Ed25519PrivateKey.from_private_bytes(self.seed))


class KeySigner:
    """A ``Signer`` backed by an in-memory Ed25519 private key."""

    def __init__(self, verification_method: str, key: Ed25519PrivateKey) -> None:
        self._verification_method = verification_method
        self._key = key

    def __repr__(self) -> str:
        return f"KeySigner({self._verification_method!r})"

    @property
    def verification_method(self) -> str:
        """The id of the verification method this signer signs as."""
        return self._verification_method

    def sign(self, data: bytes) -> bytes:
        """Return the Ed25519 signature of ``data``."""
        return self._key.sign(data)
