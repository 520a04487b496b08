"""What verification trusts and when it runs, passed in — never read from globals.

A ``Trust`` bundles the JSON-LD loader (bundled contexts only), the DID resolver,
the status lists and ``now``, and holds what verification learnt with them.
``Trust.offline()`` builds the usual set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from badgepress.did.document import VerificationMethod, find_method
from badgepress.did.resolver import Fetcher, OfflineResolver, OnlineResolver, Resolver
from badgepress.errors import BadgeError, StatusError
from badgepress.jsonld import BundledLoader, bundled_loader
from badgepress.jsonld.shape import ShapeCache
from badgepress.keystore import did_document, key_notes, read_issuer_keys
from badgepress.project import Project
from badgepress.schema.shapes import SchemaShapes
from badgepress.status.bitstring import Bitstring
from badgepress.status.store import Revocation, read_status_files


class StatusSource(Protocol):
    """Where status list credentials and revocation reasons come from."""

    def status_list(self, url: str) -> dict[str, Any]:
        """Return the status list credential published at ``url``."""
        ...

    def revocation(self, credential_id: str) -> Revocation | None:
        """Return the logged revocation of a credential, if any."""
        ...


@dataclass
class LocalStatus:
    """Status list credentials and the status log as read from the repository."""

    lists: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    log: Mapping[str, Revocation] = field(default_factory=dict)

    def status_list(self, url: str) -> dict[str, Any]:
        """Return the status list credential with id ``url``.

        Raises:
            StatusError: no such list is known locally.
        """
        try:
            return self.lists[url]
        except KeyError:
            raise StatusError(
                f"status list {url} is not available offline",
                hint="build the site's status lists, or verify with --online",
            ) from None

    def revocation(self, credential_id: str) -> Revocation | None:
        """Return the logged revocation of a credential, if any."""
        return self.log.get(credential_id)


@dataclass
class OnlineStatus(LocalStatus):
    """Fetches status lists (and the log beside them) that are not known locally."""

    fetcher: Fetcher = field(default_factory=Fetcher)

    def status_list(self, url: str) -> dict[str, Any]:
        """Return the status list credential at ``url``, fetching it if needed.

        Raises:
            StatusError: it cannot be fetched.
        """
        if url in self.lists:
            return self.lists[url]
        try:
            document = self.fetcher.get_json(url)
        except BadgeError as exc:
            raise StatusError(exc.message) from None
        if not isinstance(document, dict):
            raise StatusError(f"{url} is not a status list credential")
        return document


__all__ = ["Trust", "bundled_loader"]

StatusListEntry = tuple[str, list[str], Bitstring, str]
"""A verified status list: its type, its purposes, its bits and its issuer (who signed it)."""


@dataclass(frozen=True)
class Trust:
    """Everything a verdict depends on besides the credential itself, and every piece of
    state verification keeps (python-tuf's ``TrustedMetadataSet``): the status lists this
    trust has verified live here, so a new ``Trust`` never sees another one's verdicts.

    Build one with :meth:`offline`, :meth:`online` or :meth:`for_project`.
    """

    loader: BundledLoader
    resolver: Resolver
    status: StatusSource
    now: datetime
    key_notes: Mapping[str, str] = field(default_factory=dict)
    """Extra words for a verification method (e.g. why a key no longer signs)."""
    verified_status_lists: dict[str, StatusListEntry | BadgeError] = field(
        default_factory=dict, compare=False, repr=False)
    """Each status list URL verified with this trust: its bits, or why it is not trusted."""
    methods: dict[str, VerificationMethod] = field(default_factory=dict, compare=False,
                                                   repr=False)
    """Each verification method (full DID URL) resolved with this trust, key decoded."""
    shapes: ShapeCache | None = field(default=None, compare=False, repr=False)
    """Compiled credential shapes (canonical N-Quads by substitution); ``None``: every
    document takes the general JSON-LD path."""
    schemas: SchemaShapes | None = field(default=None, compare=False, repr=False)
    """Credential shapes the JSON Schema authority found valid; ``None``: every document is
    validated in full."""

    def method(self, method_id: str) -> VerificationMethod:
        """The verification method ``method_id`` (a full DID URL) as its controller's DID
        document has it, resolved and decoded once per trust.

        Raises:
            ResolutionError: the document cannot be had or holds no usable such method.
        """
        known = self.methods.get(method_id)
        if known is None:
            known = find_method(self.resolver.resolve(method_id.split("#")[0]), method_id)
            self.methods[method_id] = known
        return known

    @classmethod
    def offline(
        cls,
        *,
        now: datetime | None = None,
        did_documents: Mapping[str, dict[str, Any]] | None = None,
        status: StatusSource | None = None,
        key_notes: Mapping[str, str] | None = None,
        key_sets: Mapping[str, dict[str, Any]] | None = None,
    ) -> Trust:
        """The usual trust: bundled contexts (and caches of compiled credential shapes), DID
        documents and JWK sets (by URL) only as given (and did:key), status lists only as
        given; nothing is fetched."""
        return cls(loader=bundled_loader(),
                   resolver=OfflineResolver(did_documents or {}, key_sets or {}),
                   status=status or LocalStatus(), now=now or datetime.now(UTC),
                   key_notes=key_notes or {}, shapes=ShapeCache(bundled_loader()),
                   schemas=SchemaShapes())

    @classmethod
    def online(
        cls,
        *,
        now: datetime | None = None,
        did_documents: Mapping[str, dict[str, Any]] | None = None,
        status: OnlineStatus | None = None,
        key_notes: Mapping[str, str] | None = None,
        allow_http_localhost: bool = False,
    ) -> Trust:
        """Like :meth:`offline`, but did:web documents and status lists that were not given
        are fetched over HTTPS (and, with ``allow_http_localhost``, plain http from a
        loopback host), within the fetcher's deadline and size limit."""
        fetcher = status.fetcher if status is not None else \
            Fetcher(allow_http_localhost=allow_http_localhost)
        return cls(loader=bundled_loader(),
                   resolver=OnlineResolver(did_documents or {}, fetcher),
                   status=status or OnlineStatus(fetcher=fetcher), now=now or datetime.now(UTC),
                   key_notes=key_notes or {}, shapes=ShapeCache(bundled_loader()),
                   schemas=SchemaShapes())

    @classmethod
    def for_project(
        cls,
        project: Project,
        *,
        now: datetime | None = None,
        did_documents: Mapping[str, dict[str, Any]] | None = None,
        online: bool = False,
        allow_http_localhost: bool = False,
    ) -> Trust:
        """The trust of an issuer repository: its own DID document from ``issuer_keys/``,
        its own status lists and log from ``status/``, plus any documents given.

        Raises:
            KeyMaterialError: a key record is invalid.
            StatusError: a status file is invalid.
        """
        keys = read_issuer_keys(project.keys_dir)
        documents = {project.did: did_document(project.did, keys)} if keys else {}
        documents.update(did_documents or {})
        lists, log = read_status_files(project.status_dir)
        notes = key_notes(project.did, keys)
        if online:
            fetcher = Fetcher(allow_http_localhost=allow_http_localhost)
            return cls.online(now=now, did_documents=documents,
                              status=OnlineStatus(lists, log, fetcher), key_notes=notes)
        return cls.offline(now=now, did_documents=documents, status=LocalStatus(lists, log),
                           key_notes=notes)
