"""Ed25519 keys as Multikey, and the ``Signer`` protocol that signing goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from badgepress.crypto.multibase import (
    decode_public_multikey,
    decode_secret_multikey,
    encode_public_multikey,
    encode_secret_multikey,
)


class Signer(Protocol):
    """Something that signs bytes for one verification method."""

    @property
    def verification_method(self) -> str:
        """The id of the verification method whose public key checks the signature."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Return the signature of ``data``."""
        ...


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key."""

    raw: bytes

    @classmethod
    def from_multibase(cls, value: str) -> PublicKey:
        """Parse a ``publicKeyMultibase``.

        Raises:
            KeyMaterialError: not an Ed25519 Multikey.
        """
        return cls(decode_public_multikey(value))

    @property
    def multibase(self) -> str:
        """The ``publicKeyMultibase`` form (``z6Mk…``)."""
        return encode_public_multikey(self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Return whether ``signature`` is a valid Ed25519 signature of ``data``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
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
