"""did:jwk (DIF did:jwk method): the DID is the key, a public JWK in base64url, resolved
from the identifier itself without any network."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from badgepress.crypto.keys import PublicKey
from badgepress.did.document import self_document
from badgepress.errors import KeyMaterialError, ResolutionError

DID_JWK_PREFIX = "did:jwk:"
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def did_jwk_document(did: str) -> dict[str, Any]:
    """Return the DID document of a did:jwk: one ``JsonWebKey`` method ``#0``, which may
    sign (``assertionMethod``).

    Raises:
        ResolutionError: the identifier is not base64url of a JSON object, or the JWK is not
            a public Ed25519, P-256, P-384 or RSA key (a private ``d`` member is refused:
            the method requires a public key), or it is for encryption only (``use: enc``).
    """
    encoded = did.removeprefix(DID_JWK_PREFIX)
    try:
        if not encoded or not set(encoded) <= _B64URL:
            raise ValueError("not base64url")
        jwk = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ResolutionError("the did:jwk is not base64url of a JSON JWK",
                              hint="a did:jwk is 'did:jwk:' + base64url(JSON of a public "
                              "JWK)") from None
    try:
        PublicKey.from_jwk(jwk)
        if jwk.get("use") == "enc":
            raise KeyMaterialError('the JWK is for encryption ("use": "enc"), not for signing')
    except KeyMaterialError as exc:
        # Not the identifier: it may hold a private key, which no report may repeat.
        raise ResolutionError(f"the key of the did:jwk is unusable: {exc.message}",
                              hint="a did:jwk must hold a public key only") from None
    return self_document(did, "0", "https://w3id.org/security/jwk/v1",
                         "JsonWebKey", {"publicKeyJwk": jwk})
