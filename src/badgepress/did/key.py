"""did:key for Ed25519, P-256 and P-384 keys, resolved without any network."""

from __future__ import annotations

from typing import Any

from badgepress.crypto.keys import PublicKey
from badgepress.did.document import self_document
from badgepress.errors import KeyMaterialError, ResolutionError

DID_KEY_PREFIX = "did:key:"


def did_key_document(did: str) -> dict[str, Any]:
    """Return the DID document of a did:key (Ed25519, P-256 or P-384).

    Raises:
        ResolutionError: not such a did:key.
    """
    multibase = did.removeprefix(DID_KEY_PREFIX)
    try:
        PublicKey.from_any_multibase(multibase)
    except KeyMaterialError as exc:
        raise ResolutionError(
            f"{did!r} is not a did:key of a supported key type: {exc.message}") from None
    return self_document(did, multibase, "https://w3id.org/security/multikey/v1",
                         "Multikey", {"publicKeyMultibase": multibase})


def full_method_id(method: str) -> str:
    """Return a verification method id with its fragment; a bare did:key names its
    own key (``did:key:z6Mk…`` → ``did:key:z6Mk…#z6Mk…``)."""
    if method.startswith(DID_KEY_PREFIX) and "#" not in method:
        return f"{method}#{method.removeprefix(DID_KEY_PREFIX)}"
    return method
