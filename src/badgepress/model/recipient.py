"""A badge recipient and how they are identified inside a credential.

Recipients are named in plain text (the name is shown on the badge page) and, when
an email address is given, identified by a salted SHA-256 hash of it, so the address
never appears in anything published.

The email is normalised before hashing: surrounding white space is stripped and the
**whole** address is lower-cased (``" Ada@Example.COM "`` → ``"ada@example.com"``).
Anyone checking "is this badge mine?" must normalise the same way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

HASH_ALGORITHM = "sha256"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")


@dataclass(frozen=True)
class Recipient:
    """Who receives a badge, and the optional details of this award."""

    name: str
    email: str | None = None
    expires: date | None = None
    """The last day the credential is valid (it expires at 23:59:59 UTC that day)."""
    evidence: str | None = None
    """A URL showing the recipient's work."""
    narrative: str | None = None
    """Markdown describing what this recipient did."""
    row: int | None = field(default=None, compare=False)
    """The roster row it came from (as a spreadsheet numbers it: the header is row 1)."""

    def where(self, column: str) -> str:
        """Where a field of this recipient was given: ``row 7, column email``, or just
        the column (the option) for a recipient from the command line."""
        return f"row {self.row}, column {column}" if self.row is not None else column


def normalise_email(email: str) -> str:
    """Return ``email`` stripped of surrounding white space and lower-cased as a whole."""
    return email.strip().lower()


def identity_hash(value: str, salt: str) -> str:
    """Return the OB 3.0 ``identityHash`` of ``value``: ``sha256$`` + hex SHA-256 of
    the UTF-8 of ``value`` followed by ``salt``."""
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return f"{HASH_ALGORITHM}${digest}"


def email_hash(email: str, salt: str) -> str:
    """Return the ``identityHash`` of an email address after normalising it."""
    return identity_hash(normalise_email(email), salt)


def identifiers(recipient: Recipient, salt: str) -> list[dict[str, Any]]:
    """Return the recipient's ``IdentityObject`` list: the name in plain text and, when
    known, the email address hashed with ``salt``."""
    out: list[dict[str, Any]] = [{
        "type": "IdentityObject", "identityType": "name", "hashed": False,
        "identityHash": recipient.name,
    }]
    if recipient.email:
        out.append({
            "type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
            "identityHash": email_hash(recipient.email, salt), "salt": salt,
        })
    return out


def holds_email(subject: Any, email: str) -> bool:
    """Whether a ``credentialSubject`` names ``email`` as its recipient: one of its hashed
    ``emailAddress`` identifiers is the hash of the normalised address with its salt (an
    unhashed one, the normalised address itself)."""
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    for item in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(item, dict) or item.get("identityType") != "emailAddress":
            continue
        value, salt = item.get("identityHash"), item.get("salt") or ""
        if not isinstance(value, str) or not isinstance(salt, str):
            continue
        if item.get("hashed") is True and value.lower() == email_hash(email, salt):
            return True
        if item.get("hashed") is False and normalise_email(value) == normalise_email(email):
            return True
    return False
