"""The JOSE header and the signature of a VC-JWT (RFC 7515, RFC 7518, RFC 8037).

Only asymmetric signatures by a key the issuer publishes can vouch for a credential, so
``none`` and the HMAC algorithms (whose "key" would be public) are refused, as are ``crit``
extensions (we understand none) and a header ``jwk`` that holds private parts. The
algorithm must fit the key it is checked with (RFC 8725 §3.1: no algorithm confusion).
"""

from __future__ import annotations

from badgepress.crypto.keys import RSA, PublicKey
from badgepress.errors import KeyMaterialError, ProofError
from badgepress.model.document import Envelope

ALGORITHMS = {"RS256": RSA, "ES256": "P-256", "ES384": "P-384", "EdDSA": "Ed25519"}
"""Each accepted ``alg`` → the one key type it verifies with."""
PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
HEADER = "jwt:header"
"""Where errors about the JOSE header point (the header is not part of the credential)."""


def algorithm(envelope: Envelope) -> str:
    """The header's ``alg``, once the header is one we may verify.

    Raises:
        ProofError: ``alg`` missing, ``none``, an HMAC or unknown; a ``crit`` header; a
            ``jwk`` that is not a public key object.
    """
    header = envelope.header
    alg = header.get("alg")
    if alg == "none":
        raise ProofError("the JWT is not signed (alg none), so its content cannot be trusted",
                         pointer=f"{HEADER}/alg", hint="the issuer must sign the JWT")
    if isinstance(alg, str) and alg.startswith("HS"):
        raise ProofError(f"the JWT is secured with {alg}, a shared-secret code, not a signature "
                         "by the issuer's key", pointer=f"{HEADER}/alg",
                         hint="only RS256, ES256, ES384 and EdDSA signatures are accepted")
    if alg not in ALGORITHMS:
        raise ProofError(f"the JWT's algorithm {alg!r} is not supported", pointer=f"{HEADER}/alg",
                         hint="only RS256, ES256, ES384 and EdDSA signatures are accepted")
    if "crit" in header:
        raise ProofError("the JWT header lists critical extensions (crit) this verifier does "
                         "not understand", pointer=f"{HEADER}/crit")
    jwk = header.get("jwk")
    if jwk is not None and (not isinstance(jwk, dict)
                            or any(m in jwk for m in PRIVATE_JWK_MEMBERS)):
        raise ProofError("the JWT header's jwk is not a public key (it holds private parts or "
                         "is not an object)", pointer=f"{HEADER}/jwk",
                         hint="a private key must never be published")
    kid = header.get("kid")
    if kid is not None and (not isinstance(kid, str) or not kid):
        raise ProofError("the JWT header's kid must be text", pointer=f"{HEADER}/kid")
    return str(alg)


def header_key(envelope: Envelope) -> PublicKey | None:
    """The key the header carries itself (``jwk``), if any: self-asserted, it never says who
    signed.

    Raises:
        ProofError: the ``jwk`` is not a usable public key.
    """
    jwk = envelope.header.get("jwk")
    if jwk is None:
        return None
    try:
        return PublicKey.from_jwk(jwk)
    except KeyMaterialError as exc:
        raise ProofError(f"the JWT header's jwk is unusable: {exc.message}",
                         pointer=f"{HEADER}/jwk") from None


def verify_jws(envelope: Envelope, alg: str, key: PublicKey) -> None:
    """Check the JWS signature with ``key``.

    Raises:
        ProofError: ``alg`` does not fit the key's type, or the signature does not match.
    """
    if ALGORITHMS[alg] != key.curve:
        raise ProofError(f"the JWT's algorithm {alg} does not fit the signing key "
                         f"({key.curve}): algorithm confusion", pointer=f"{HEADER}/alg",
                         hint=f"{alg} needs a {ALGORITHMS[alg]} key")
    if not key.verify(envelope.signature, envelope.signing_input):
        raise ProofError("the JWT signature does not match its content: it was changed after "
                         "signing, or signed with another key", pointer="jwt:signature")

