"""Resolving DIDs to DID documents: offline by default, HTTPS only when asked."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any, Protocol

from badgepress.did.key import DID_KEY_PREFIX, did_key_document
from badgepress.did.web import DID_WEB_PREFIX, url_from_did
from badgepress.errors import ResolutionError

MAX_DID_DOCUMENT_BYTES = 1 << 20


class Resolver(Protocol):
    """Turns a DID (or controller URL) into its DID document."""

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``, or raise ``ResolutionError``."""
        ...


class OfflineResolver:
    """Resolves did:key natively and any DID whose document it was given."""

    def __init__(self, documents: Mapping[str, dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        self._documents = dict(documents)

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``.

        Raises:
            ResolutionError: the DID is not did:key and no document was given for it.
        """
        if did.startswith(DID_KEY_PREFIX):
            return did_key_document(did)
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

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document of ``did``, fetching did:web documents.

        Raises:
            ResolutionError: the document cannot be fetched or is not for ``did``.
        """
        https = did.startswith("https://")
        if not (did.startswith(DID_WEB_PREFIX) or https) or did in self._documents:
            return super().resolve(did)
        url = did if https else url_from_did(did)
        document = fetch_json(url)
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolutionError(f"the DID document at {url} is not the document of {did}")
        self._documents[did] = document
        return document


def fetch_json(url: str) -> Any:
    """GET a JSON document over HTTP(S), at most 1 MiB.

    Raises:
        ResolutionError: the request fails or the answer is not JSON.
    """
    if not url.startswith(("https://", "http://localhost")):
        raise ResolutionError(f"refusing to fetch {url}: only https URLs are fetched")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = response.read(MAX_DID_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise ResolutionError(f"could not fetch {url}: {exc}") from None
    if len(body) > MAX_DID_DOCUMENT_BYTES:
        raise ResolutionError(f"{url} is larger than 1 MiB")
    try:
        return json.loads(body)
    except ValueError:
        raise ResolutionError(f"{url} did not return JSON") from None
