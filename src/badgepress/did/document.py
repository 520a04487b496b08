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


def find_method(document: dict[str, Any], method: str) -> VerificationMethod:
    """Return the verification method ``method`` of a DID document.

    Raises:
        ResolutionError: the document does not hold a usable Multikey method by that id.
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

    for index, entry in enumerate(document.get("verificationMethod") or []):
        if not isinstance(entry, dict) or absolute(entry.get("id")) != method:
            continue
        pointer = f"/verificationMethod/{index}"
        if entry.get("type") not in MULTIBASE_KEY_TYPES:
            raise ResolutionError(f"{method} is not a Multikey (or Ed25519VerificationKey2020)",
                                  pointer=f"{pointer}/type")
        if entry.get("controller") != did:
            raise ResolutionError(
                f"{method} is controlled by {entry.get('controller')!r}, not by {did}",
                pointer=f"{pointer}/controller",
            )
        try:
            key = PublicKey.from_any_multibase(entry.get("publicKeyMultibase", ""))
        except KeyMaterialError as exc:
            raise ResolutionError(exc.message, pointer=f"{pointer}/publicKeyMultibase") from None
        refs = [absolute(r.get("id") if isinstance(r, dict) else r)
                for r in document.get("assertionMethod") or []]
        return VerificationMethod(method, did, key, method in refs)
    raise ResolutionError(f"the DID document of {did} has no verification method {method}")
