"""What has been issued already: an index of the credentials in ``credentials/``,
so that re-running a roster does not issue the same badge twice.

A recipient already holds an achievement when a credential for the same achievement
id names them (plain-text name identifier) and — if the new award has an email
address — that address, normalised and re-hashed with the credential's own salt,
gives the credential's email hash. Without an email the name alone decides.

The files are read without verifying them (this only prevents duplicates).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from badgepress.model.recipient import (
    HASH_ALGORITHM,
    Recipient,
    email_hash,
    normalise_email,
)


@dataclass(frozen=True)
class _Entry:
    credential_id: str
    salt: bytes | None
    digest: bytes | None
    """The SHA-256 of the normalised email followed by the salt, when both are known."""

    @classmethod
    def of(cls, credential_id: str, hashed: str | None, salt: str | None) -> _Entry:
        """An entry from a credential's ``identityHash`` (``sha256$<hex>``) and salt."""
        prefix = f"{HASH_ALGORITHM}$"
        if not hashed or salt is None or not hashed.lower().startswith(prefix):
            return cls(credential_id, None, None)
        try:
            return cls(credential_id, salt.encode("utf-8"),
                       bytes.fromhex(hashed[len(prefix):]))
        except ValueError:
            return cls(credential_id, None, None)

    def names(self, email: hashlib._Hash) -> bool:
        """Whether this credential names the email whose hash so far is ``email``
        (the normalised address; this entry's salt completes it)."""
        if self.digest is None or self.salt is None:
            return False
        digest = email.copy()
        digest.update(self.salt)
        return digest.digest() == self.digest


def _email(email: str) -> hashlib._Hash:
    return hashlib.sha256(normalise_email(email).encode("utf-8"))


@dataclass
class IssuedIndex:
    """Credentials by (achievement id, recipient name); those read from
    ``credentials/`` also by achievement id, with their name (for :meth:`holder`)."""

    entries: dict[tuple[str, str], list[_Entry]] = field(
        default_factory=lambda: defaultdict(list))
    stored: dict[str, list[tuple[str, _Entry]]] = field(
        default_factory=lambda: defaultdict(list))

    @classmethod
    def load_unverified(cls, credentials_dir: Path) -> IssuedIndex:
        """Index every ``*.json`` credential in ``credentials_dir`` (unreadable or
        foreign files are skipped: verification reports them, not this index)."""
        index = cls()
        if not credentials_dir.is_dir():
            return index
        for path in credentials_dir.glob("*.json"):
            try:
                document = json.loads(path.read_bytes())
            except (OSError, ValueError):
                continue
            if isinstance(document, dict):
                index.add_document(document)
        return index

    def add_document(self, document: dict[str, Any]) -> None:
        """Index one credential document (ignored when it is not an achievement award)."""
        subject = document.get("credentialSubject")
        if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
            return
        achievement_id = subject["achievement"].get("id")
        name = email = salt = None
        for identity in subject.get("identifier") or []:
            if not isinstance(identity, dict):
                continue
            kind, value = identity.get("identityType"), identity.get("identityHash")
            if kind == "name" and identity.get("hashed") is False:
                name = value
            elif kind == "emailAddress" and identity.get("hashed") is True:
                email, salt = value, identity.get("salt")
        credential_id = document.get("id")
        if isinstance(achievement_id, str) and isinstance(name, str) \
                and isinstance(credential_id, str):
            entry = _Entry.of(credential_id, email if isinstance(email, str) else None,
                              salt if isinstance(salt, str) else None)
            self.entries[(achievement_id, name)].append(entry)
            self.stored[achievement_id].append((name, entry))

    def add(self, achievement_id: str, recipient: Recipient, credential_id: str,
            salt: str) -> None:
        """Record a credential about to be issued."""
        hashed = email_hash(recipient.email, salt) if recipient.email else None
        self.entries[(achievement_id, recipient.name)].append(
            _Entry.of(credential_id, hashed, salt if hashed else None))

    def find(self, achievement_id: str, recipient: Recipient) -> str | None:
        """Return the id of a credential already awarding this achievement to this
        recipient, or ``None``."""
        email = _email(recipient.email) if recipient.email else None
        for entry in self.entries.get((achievement_id, recipient.name), ()):
            if email is None or entry.names(email):
                return entry.credential_id
        return None

    def holder(self, achievement_id: str, email: str) -> tuple[str, str] | None:
        """Return the name and credential id of an earlier award of this achievement to
        ``email`` (under any name) in ``credentials/``, or ``None``. Costs one hash per
        such award, and nothing per award of other achievements or planned by this run
        (walking those made a 10,000-row roster cost 50 million steps). A roster's own
        duplicates are found by comparing its addresses (each award has its own salt, so
        searching them too would cost one hash per pair of rows)."""
        hashed = _email(email)
        for name, entry in self.stored.get(achievement_id, ()):
            if entry.names(hashed):
                return name, entry.credential_id
        return None
