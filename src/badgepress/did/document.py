"""DID documents (controller documents): building ours, reading anyone's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from badgepress.crypto.keys import PublicKey
from badgepress.errors import KeyMaterialError, ResolutionError

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
MULTIKEY = "Multikey"
MULTIBASE_KEY_TYPES = frozenset({MULTIKEY, "Ed25519VerificationKey2020"})
"""Method types whose ``publicKeyMultibase`` holds a Multikey-encoded key (the 2020 type
is the same encoding under an older name, as Ed25519Signature2020 issuers publish it)."""
JWK_KEY_TYPES = frozenset({"JsonWebKey", "JsonWebKey2020"})
"""Method types whose key is a ``publicKeyJwk`` (RFC 7517)."""


@dataclass(frozen=True)
class VerificationMethod:
    """A Multikey verification method taken from a DID document."""

    id: str
    controller: str
    key: PublicKey
    assertion: bool


def method_id(did: str, multibase: str) -> str:
    """Return the verification method id badgepress uses: the DID, ``#``, the key."""
    return f"{did}#{multibase}"


def build_did_document(
    did: str, assertion_keys: Iterable[str], other_keys: Iterable[str] = ()
) -> dict[str, Any]:
    """Return a DID document listing Multikey verification methods.

    ``assertion_keys`` (publicKeyMultibase values) may sign credentials and are
    listed in ``assertionMethod``; ``other_keys`` (compromised) are listed only as
    verification methods, so nothing they signed verifies.
    """
    signing = list(assertion_keys)
    methods = [
        {"id": method_id(did, key), "type": MULTIKEY, "controller": did, "publicKeyMultibase": key}
        for key in [*signing, *other_keys]
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method_id(did, key) for key in signing],
    }


def self_document(
    did: str, fragment: str, context: str, key_type: str, key: dict[str, Any]
) -> dict[str, Any]:
    """The DID document a self-describing DID (did:key, did:jwk) resolves to: one method
    ``did#fragment`` of ``key_type`` holding ``key``, for assertions and authentication."""
    method_url = f"{did}#{fragment}"
    return {
        "@context": ["https://www.w3.org/ns/did/v1", context],
        "id": did,
        "verificationMethod": [{"id": method_url, "type": key_type, "controller": did, **key}],
        "assertionMethod": [method_url],
        "authentication": [method_url],
    }


def find_method(document: dict[str, Any], method: str) -> VerificationMethod:
    """Return the verification method ``method`` of a DID (controller) document, listed in
    ``verificationMethod`` or embedded in ``assertionMethod`` (then it may sign).

    Raises:
        ResolutionError: the document does not hold a usable method by that id.
    """
    did = document.get("id")
    if not isinstance(did, str):
        raise ResolutionError("the DID document has no id", pointer="/id")
    if method.split("#")[0] != did:
        raise ResolutionError(
            f"verification method {method} is not in the DID document of {did}"
        )

    def absolute(ref: object) -> object:
        return f"{did}{ref}" if isinstance(ref, str) and ref.startswith("#") else ref

    refs = [absolute(r.get("id") if isinstance(r, dict) else r)
            for r in _as_list(document.get("assertionMethod"))]
    for field in ("verificationMethod", "assertionMethod"):
        for index, entry in enumerate(_as_list(document.get(field))):
            if not isinstance(entry, dict) or absolute(entry.get("id")) != method:
                continue
            pointer = f"/{field}/{index}"
            if entry.get("controller") != did:
                raise ResolutionError(
                    f"{method} is controlled by {entry.get('controller')!r}, not by {did}",
                    pointer=f"{pointer}/controller",
                )
            return VerificationMethod(method, did, method_key(entry, pointer), method in refs)
    raise ResolutionError(f"the DID document of {did} has no verification method {method}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def method_key(entry: dict[str, Any], pointer: str) -> PublicKey:
    """The public key of one verification method: ``publicKeyMultibase`` of a Multikey or
    Ed25519VerificationKey2020, or ``publicKeyJwk`` (OKP Ed25519, EC P-256/P-384) of a
    JsonWebKey / JsonWebKey2020.

    Raises:
        ResolutionError: another type, or key material that is not such a key.
    """
    kind = entry.get("type")
    try:
        if kind in MULTIBASE_KEY_TYPES:
            return PublicKey.from_any_multibase(entry.get("publicKeyMultibase", ""))
        if kind in JWK_KEY_TYPES:
            return PublicKey.from_jwk(entry.get("publicKeyJwk"))
    except KeyMaterialError as exc:
        field = "publicKeyMultibase" if kind in MULTIBASE_KEY_TYPES else "publicKeyJwk"
        raise ResolutionError(exc.message, pointer=f"{pointer}/{field}") from None
    raise ResolutionError(
        f"{entry.get('id')} has type {kind!r}, not Multikey, Ed25519VerificationKey2020, "
        "JsonWebKey or JsonWebKey2020", pointer=f"{pointer}/type")
