"""Resolving DIDs to DID documents: offline by default, HTTPS only when asked.

Fetching (``--online``) is bounded: https URLs only (plain http to a loopback host only with
the development flag ``allow_http_localhost``), one total deadline for the whole exchange
including redirects (a server that trickles bytes cannot hold the caller), and a size cap.
A DID document (or an https issuer's controller document) counts only when the answer came
from the origin it was asked from (``OnlineResolver.resolve``).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import SplitResult, urljoin, urlsplit

from badgepress.did.jwk import DID_JWK_PREFIX, did_jwk_document
from badgepress.did.key import DID_KEY_PREFIX, did_key_document
from badgepress.did.web import DID_WEB_PREFIX, url_from_did
from badgepress.errors import BadgeError, ResolutionError
from badgepress.model.document import load_json
from badgepress.report import MESSAGES

MAX_DID_DOCUMENT_BYTES = 1 << 20
"""A fetched document (DID document, status list, revocation log) is at most 1 MiB."""

FETCH_DEADLINE_SECONDS = 10.0
"""Everything one fetch does (connect, redirects, headers, body) ends within this time."""

MAX_REDIRECTS = 3
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


Published = tuple[str, Any]
"""A document fetched from a URL: the URL it finally came from (after redirects), and it."""


class Resolver(Protocol):
    """Turns a DID (or controller URL) into its DID document, and a URL into the JWK set
    published there."""

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``, or raise ``ResolutionError``."""
        ...

    def key_set(self, url: str) -> Published | None:
        """The JWK set (or single JWK) published at ``url``, or ``None`` when what is there
        is not one (or nothing is known of ``url``); raise ``ResolutionError`` when it
        cannot be fetched."""
        ...


def is_key_set(document: Any) -> bool:
    """Whether a document is shaped as a JWK set (RFC 7517 §5, ``keys``) or one JWK
    (``kty``; a controller document has neither)."""
    return isinstance(document, dict) and ("keys" in document or "kty" in document)


class OfflineResolver:
    """Resolves did:key and did:jwk natively and any DID whose document it was given, and
    the JWK sets it was given by URL."""

    def __init__(self, documents: Mapping[str, dict[str, Any]] = (),  # type: ignore[assignment]
                 key_sets: Mapping[str, dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        self._documents = dict(documents)
        self._key_sets: dict[str, Published] = {url: (url, s) for url, s in dict(key_sets).items()}

    def key_set(self, url: str) -> Published | None:
        """The JWK set given for ``url``, if any."""
        return self._key_sets.get(url)

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``.

        Raises:
            ResolutionError: the DID is not did:key or did:jwk and no document was given
                for it, or it is such a DID of an unusable key.
        """
        if did.startswith(DID_KEY_PREFIX):
            return did_key_document(did)
        if did.startswith(DID_JWK_PREFIX):
            return did_jwk_document(did)
        try:
            return self._documents[did]
        except KeyError:
            raise ResolutionError(
                f"no DID document for {did} is available offline",
                hint="pass --did-document FILE, or --online to fetch it over HTTPS",
            ) from None


class OnlineResolver(OfflineResolver):
    """Also fetches did:web documents, and the controller document an ``https://`` issuer
    publishes at its own URL, over HTTPS (only with ``--online``)."""

    def __init__(self, documents: Mapping[str, dict[str, Any]] = (),  # type: ignore[assignment]
                 fetcher: Fetcher | None = None,
                 key_sets: Mapping[str, dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        super().__init__(documents, key_sets)
        self._fetcher = fetcher or Fetcher()
        self._fetched: dict[str, Published] = {}

    def key_set(self, url: str) -> Published | None:
        """The JWK set published at ``url``, fetched once (a document there of another
        shape is kept for ``resolve``).

        Raises:
            ResolutionError: it cannot be fetched.
        """
        given = super().key_set(url)
        if given is not None or url in self._documents:
            return given
        published = self._fetch(url)
        return published if is_key_set(published[1]) else None

    def _fetch(self, url: str) -> Published:
        if url not in self._fetched:
            self._fetched[url] = self._fetcher.get_json_from(url)
        return self._fetched[url]

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``, fetching did:web documents (and the controller
        document of an https issuer).

        Raises:
            ResolutionError: the document cannot be fetched, was served from another origin
                after a redirect, or is not for ``did``.
        """
        https = did.startswith("https://")
        if not (did.startswith(DID_WEB_PREFIX) or https) or did in self._documents:
            return super().resolve(did)
        url = did if https else url_from_did(did)
        final, document = self._fetch(url)
        if origin(final) != origin(url):
            # Who may speak for the DID (or https issuer) is whoever controls what its own
            # origin answers: the did:web Method Specification bases the method on the domain
            # (Read: GET the URL built from the DID, over HTTPS; a server other than the
            # domain's serves "the incorrect DID Document", DNS Security Considerations), and
            # W3C Controlled Identifiers 1.0 (Controlled Identifier Documents) makes whoever
            # controls what the canonical URL returns the controller. A redirect within the
            # origin is the origin's own answer (a trailing slash, a moved file), so another
            # path there is accepted, for did:web too although its DID fixes the path: the
            # host already answers for every path on it, and whoever can place a document
            # elsewhere on an https issuer's origin could name that URL as the issuer. A
            # redirect to another origin hands the answer to a site that is not the issuer's
            # (an open redirect, a lapsed domain a moved site points to, a link shortener).
            # Judged, as a browser can only judge, by the origin that finally answered.
            raise ResolutionError(
                MESSAGES["keyDocumentRedirected"].format(url=url, final=final),
                hint=f"serve the document from {url} itself (a redirect within that site is "
                     "fine)")
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolutionError(f"the DID document at {url} is not the document of {did}")
        self._documents[did] = document
        return document


@dataclass(frozen=True)
class Fetcher:
    """GETs JSON documents within a total deadline and a size cap."""

    deadline: float = FETCH_DEADLINE_SECONDS
    max_bytes: int = MAX_DID_DOCUMENT_BYTES
    allow_http_localhost: bool = False
    """Development only: also fetch ``http://`` from localhost, 127.0.0.1 or ::1."""

    def get_json(self, url: str) -> Any:
        """GET ``url`` (following at most three redirects) and parse it with ``load_json``.

        Raises:
            ResolutionError: the URL is not allowed, the server does not answer 200 OK
                within the deadline, the body is too large or not JSON.
        """
        return self.get_json_from(url)[1]

    def get_json_from(self, url: str) -> Published:
        """``get_json``, and the URL the answer finally came from (after redirects).

        Raises:
            ResolutionError: see ``get_json``.
        """
        ends = time.monotonic() + self.deadline
        for _ in range(MAX_REDIRECTS + 1):
            status, location, body = self._get(self.check_url(url), url, ends)
            if status in _REDIRECTS and location:
                url = urljoin(url, location)
                continue
            if status != HTTPStatus.OK:
                raise ResolutionError(f"could not fetch {url}: the server answered HTTP {status}")
            try:
                return url, load_json(body)
            except BadgeError as exc:
                raise ResolutionError(f"{url} did not return usable JSON: {exc}") from None
        raise ResolutionError(f"could not fetch {url}: more than {MAX_REDIRECTS} redirects")

    def check_url(self, url: str) -> SplitResult:
        """The parsed URL, if it may be fetched: https, or http to loopback when allowed.

        Raises:
            ResolutionError: another scheme, user info (``http://localhost@evil.example``)
                or plain http to any other host.
        """
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise ResolutionError(f"refusing to fetch {url!r}: not a valid URL") from None
        if parts.username is not None or parts.password is not None or not parts.hostname:
            raise ResolutionError(f"refusing to fetch {url}: a URL with user info or no host")
        if parts.scheme == "https":
            return parts
        if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
            if self.allow_http_localhost:
                return parts
            raise ResolutionError(f"refusing to fetch {url}: only https URLs are fetched",
                                  hint="for a local test server pass --allow-http-localhost")
        raise ResolutionError(f"refusing to fetch {url}: only https URLs are fetched")

    def _get(self, parts: SplitResult, url: str, ends: float) -> tuple[int, str | None, bytes]:
        remaining = ends - time.monotonic()
        if remaining <= 0:
            raise _too_slow(url, self.deadline)
        connection: http.client.HTTPConnection
        host, port = parts.hostname or "", parts.port
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                host, port, timeout=remaining, context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(host, port, timeout=remaining)
        expired = threading.Event()
        watchdog = threading.Timer(remaining, _abort, (connection, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise _too_large(url, self.max_bytes)
            body = response.read(self.max_bytes + 1)
            if expired.is_set():
                raise _too_slow(url, self.deadline)
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise _too_slow(url, self.deadline) from None
            raise ResolutionError(f"could not fetch {url}: {exc}") from None
        finally:
            watchdog.cancel()
            connection.close()
        if len(body) > self.max_bytes:
            raise _too_large(url, self.max_bytes)
        return response.status, response.getheader("Location"), body


def origin(url: str) -> tuple[str, str, int | None]:
    """A fetchable URL's origin (RFC 6454 §4): scheme, host and port (the scheme's default
    when none is written)."""
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or ""), parts.port or _DEFAULT_PORTS.get(parts.scheme)


def fetch_json(url: str) -> Any:
    """GET a JSON document over HTTPS with the default limits (see ``Fetcher``).

    Raises:
        ResolutionError: see ``Fetcher.get_json``.
    """
    return Fetcher().get_json(url)


def _abort(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """Cut a connection that ran past its deadline (wakes a blocked read)."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _too_slow(url: str, deadline: float) -> ResolutionError:
    return ResolutionError(f"could not fetch {url}: no complete answer within {deadline:g} s",
                           hint="the server is too slow or not answering; try again later")


def _too_large(url: str, limit: int) -> ResolutionError:
    return ResolutionError(f"could not fetch {url}: the answer is larger than {limit:,} bytes")
