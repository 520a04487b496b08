"""did:web identifiers and the URLs of their DID documents."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from badgepress.errors import ConfigError, ResolutionError

DID_WEB_PREFIX = "did:web:"
# did:web requires HTTPS. For local development and tests, a localhost host is
# resolved over plain HTTP, as the browser verifier does too.
LOCAL_HOSTS = frozenset({"localhost"})


def did_from_site_url(site_url: str) -> str:
    """Return the did:web DID of a site.

    ``https://org.github.io/repo/`` becomes ``did:web:org.github.io:repo``; a port
    is written ``%3A``.

    Raises:
        ConfigError: the URL is not an absolute https URL (http only for localhost).
    """
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    local = host in LOCAL_HOSTS
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise ConfigError(
            f"site_url must start with https:// (got {site_url!r})",
            pointer="site_url",
            hint="did:web needs an HTTPS site, e.g. https://org.github.io/badges/",
        )
    if not host or parts.query or parts.fragment or parts.username:
        raise ConfigError(f"site_url {site_url!r} is not a plain site address",
                          pointer="site_url")
    authority = quote(host + (f":{parts.port}" if parts.port else ""), safe=".-")
    segments = [quote(unquote(s), safe="-._~") for s in parts.path.split("/") if s]
    return ":".join(["did:web", authority, *segments])


def did_document_path(did: str) -> str:
    """Return the site-relative path of a did:web DID document (``.well-known/did.json``
    for a domain, ``did.json`` for a path DID, relative to the site root)."""
    return "did.json" if ":" in did.removeprefix(DID_WEB_PREFIX) else ".well-known/did.json"


def url_from_did(did: str) -> str:
    """Return the URL of a did:web DID document.

    Raises:
        ResolutionError: ``did`` is not a did:web DID.
    """
    if not did.startswith(DID_WEB_PREFIX) or "#" in did or "?" in did:
        raise ResolutionError(f"not a did:web DID: {did!r}")
    host, *path = did.removeprefix(DID_WEB_PREFIX).split(":")
    host = unquote(host)
    if not host or "/" in host:
        raise ResolutionError(f"not a valid did:web host: {did!r}")
    scheme = "http" if host.split(":")[0] in LOCAL_HOSTS else "https"
    tail = "/".join(unquote(p) for p in path) if path else ".well-known"
    return f"{scheme}://{host}/{tail}/did.json"
