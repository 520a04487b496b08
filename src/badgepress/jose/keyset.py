"""A JWT's signing key taken from a JWK set the issuer publishes.

OB 3.0 §8.2.3 makes ``kid`` "a URI that can be dereferenced to an object of type JWK" and
shows ``https://example.edu/keys#key-1``, a key in a JWK set (RFC 7517 §5); RFC 7515 §4.1.2
names the set's URL ``jku``. What a URL answers says nothing about who put it there, so a set
vouches for an issuer only where the issuer's own site serves it. The issuer id must be an
https URL, and the set's URL — as named, and as the answer finally came from after any
redirect — must be on the issuer id's origin and either at or under the issuer id's path
(``/issuers/1`` → ``/issuers/1/jwks.json``) or the origin's ``/.well-known/jwks.json`` (the
OB 3.0 Implementation Guide, "Key provenance and issuer identity information", fetches the
issuer's set from ``https://{authority}/.well-known/jwks.json``). A key whose ``iss`` member
names someone else is not the issuer's either (same guide). Anything else is a signer that is
not confirmed: the issuer check fails, and the credential is Not verified.

The key is the one whose own ``kid`` the URL's fragment (with ``jku``: the header's ``kid``)
names, or the set's only key; an answer that is one JWK (the 1EdTech validator's reading of
``kid``) is that key. A set that publishes any private key is not used at all, nor a key for
encryption or for another algorithm than the header's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from badgepress.crypto.keys import PublicKey
from badgepress.did.resolver import Resolver
from badgepress.errors import BadgeError, KeyMaterialError, ProofError, ResolutionError
from badgepress.jose.jws import HEADER, PRIVATE_JWK_MEMBERS
from badgepress.model.document import Envelope

WELL_KNOWN_JWKS = "/.well-known/jwks.json"


@dataclass(frozen=True)
class SetKey:
    """A key found in a published JWK set, and why it is not the issuer's (if it is not)."""

    method_id: str
    """What names the key: the ``kid`` URL, or ``jku`` and ``kid``."""
    pointer: str
    key: PublicKey
    unconfirmed: ResolutionError | None


def key_from_set(envelope: Envelope, alg: str, issuer_id: str,
                 resolver: Resolver) -> SetKey | None:
    """The key a JWT's ``jku``, or its https ``kid``, names in a published JWK set; ``None``
    when the header names no set (a ``kid`` URL whose document is a controller document, or
    cannot be had: the controller-document path then says why, as the browser does).

    Raises:
        ProofError: the set cannot be had, publishes a private key, or holds no usable key
            by that name, so the signature cannot be checked.
    """
    header = envelope.header
    jku, kid = header.get("jku"), header.get("kid")
    if jku is not None:
        if not isinstance(jku, str) or not jku.startswith("https://"):
            raise ProofError("the JWT header's jku must be an https URL of a JWK set",
                             pointer=f"{HEADER}/jku")
        url, name, pointer = jku, kid, f"{HEADER}/jku"
        method_id = f"{jku} (kid {kid})" if kid is not None else jku
    elif isinstance(kid, str) and kid.startswith("https://"):
        url, _, fragment = kid.partition("#")
        name, pointer, method_id = fragment or None, f"{HEADER}/kid", kid
    else:
        return None
    if _leaves_folder(urlsplit(url).path) or "\\" in url:
        # Never fetched: clients and servers normalise such paths differently.
        raise ProofError(f"the JWK set URL {url} has a path a server may read as another "
                         "folder (dot segments, encoded slashes or dots, backslashes)",
                         pointer=pointer, hint="name the set by its plain URL")
    try:
        published = resolver.key_set(url)
    except BadgeError as exc:
        if jku is None:
            return None  # as any kid URL: the controller-document path reports what failed
        raise ProofError(f"cannot check the signature: the signing key was not found "
                         f"({exc.message})", pointer=pointer, hint=exc.hint) from None
    if published is None:
        if jku is None:
            return None
        raise ProofError(f"cannot check the signature: {url} (the header's jku) is not a JWK "
                         "set available here", pointer=pointer,
                         hint="publish the set at that URL; the CLI fetches it with --online")
    final_url, document = published
    jwk = _select(document, name, url, pointer, alg)
    try:
        key = PublicKey.from_jwk(jwk)
    except KeyMaterialError as exc:
        raise ProofError(f"the key in the JWK set at {url} is unusable: {exc.message}",
                         pointer=pointer) from None
    unconfirmed = _place_problem(issuer_id, url, pointer)
    if unconfirmed is None and final_url != url:
        unconfirmed = _place_problem(issuer_id, final_url, pointer, redirected=True)
    if unconfirmed is None and "iss" in jwk and jwk["iss"] != issuer_id:
        unconfirmed = ResolutionError(f"the key in the JWK set at {url} is bound to "
                                      f"{jwk['iss']!r} (its iss member), not to {issuer_id}",
                                      pointer=pointer)
    return SetKey(method_id, pointer, key, unconfirmed)


def _select(document: Any, name: object, url: str, pointer: str, alg: str) -> dict[str, Any]:
    """The JWK a set holds by ``name`` (its only key when ``name`` is ``None``), checked fit
    for verifying ``alg``.

    Raises:
        ProofError: not a set or JWK, a private key anywhere in it, no key or several keys by
            that name, a key for encryption or for another algorithm.
    """
    keys = document.get("keys") if isinstance(document, dict) and "keys" in document \
        else [document]
    if not isinstance(keys, list) or not keys or not all(isinstance(k, dict) for k in keys):
        raise ProofError(f"the JWK set at {url} is not a list of JWK objects (RFC 7517 §5)",
                         pointer=pointer)
    for index, member in enumerate(keys):
        leaked = [m for m in PRIVATE_JWK_MEMBERS if m in member]
        if leaked:
            where = f"keys/{index}" if "keys" in document else "the JWK"
            raise ProofError(f"the JWK set at {url} publishes a private key ({where} has "
                             f"{leaked[0]!r}), so none of its keys can vouch for anyone",
                             pointer=pointer,
                             hint="the issuer must replace that key and publish public keys only")
    if name is None:
        chosen = keys if len(keys) == 1 else []
        if not chosen:
            raise ProofError(f"the JWT does not say which of the {len(keys)} keys of the JWK set "
                             f"at {url} signed it", pointer=pointer,
                             hint="name the key: a kid URL with a #fragment, or kid beside jku")
    else:
        chosen = [k for k in keys if k.get("kid") == name or k.get("kid") == f"{url}#{name}"]
        if len(chosen) != 1:
            raise ProofError(f"the JWK set at {url} holds {len(chosen) or 'no'} key(s) with "
                             f"kid {name!r}", pointer=pointer,
                             hint="the kid must name exactly one key of the issuer's set")
    jwk: dict[str, Any] = dict(chosen[0])
    if jwk.get("use", "sig") != "sig" or not _may_verify(jwk.get("key_ops")):
        raise ProofError(f"the key in the JWK set at {url} is not for signatures (use/key_ops)",
                         pointer=pointer)
    if "alg" in jwk and jwk["alg"] != alg:
        raise ProofError(f"the key in the JWK set at {url} is for {jwk['alg']!r}, not for the "
                         f"JWT's {alg}", pointer=pointer)
    return jwk


def _may_verify(ops: object) -> bool:
    return ops is None or (isinstance(ops, list) and "verify" in ops)


def _place_problem(issuer_id: str, url: str, pointer: str,
                   redirected: bool = False) -> ResolutionError | None:
    """Why a JWK set at ``url`` does not speak for ``issuer_id``, or ``None`` if it does."""
    where = f"the JWK set came from {url} (redirected)" if redirected else \
        f"the JWK set at {url}"
    hint = (f"publish the set on the issuer's site: under {issuer_id} or at "
            f"{WELL_KNOWN_JWKS} of its origin")
    issuer, found = _parts(issuer_id), _parts(url)
    if issuer is None:
        return ResolutionError(f"{where} cannot confirm the issuer {issuer_id}: a JWK set "
                               "vouches only for an https issuer at its own site",
                               pointer=pointer, hint="the issuer should name a key in its DID "
                               "document in the JWT's kid")
    if found is None or found[0] != issuer[0]:
        return ResolutionError(f"{where} is not on the issuer's site ({issuer[0]}), so it "
                               f"cannot confirm the key is {issuer_id}'s", pointer=pointer,
                               hint=hint)
    if _leaves_folder(found[1]):
        return ResolutionError(f"{where} has a path a server may read as another folder (dot "
                               "segments, encoded slashes or dots, backslashes)",
                               pointer=pointer, hint=hint)
    base = issuer[1].rstrip("/")
    if found[1] == WELL_KNOWN_JWKS or found[1] == issuer[1] or found[1].startswith(f"{base}/"):
        return None
    return ResolutionError(f"{where} is outside the issuer's path ({issuer[1] or '/'}), so it "
                           f"cannot confirm the key is {issuer_id}'s", pointer=pointer, hint=hint)


def _leaves_folder(path: str) -> bool:
    lowered = path.lower()
    return "\\" in path or any(code in lowered for code in ("%2f", "%2e", "%5c")) or any(
        segment in (".", "..") for segment in unquote(path).split("/"))


def _parts(url: str) -> tuple[str, str] | None:
    """An https URL's origin and path, or ``None`` for another URL."""
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname or parts.username is not None:
        return None
    origin = f"https://{parts.hostname.lower()}" + (f":{port}" if port != 443 else "")
    return origin, parts.path or "/"
