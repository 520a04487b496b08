"""An Open Badges 3.0 credential: the stored document and what we read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from badgepress.errors import DocumentError
from badgepress.model.dates import parse_datetime
from badgepress.model.document import MAX_DOCUMENT_BYTES, load_json

__all__ = ["MAX_CREDENTIAL_BYTES", "Credential", "load_json", "type_names"]

MAX_CREDENTIAL_BYTES = MAX_DOCUMENT_BYTES
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
ENDORSEMENT_TYPE = "EndorsementCredential"


def _require(document: dict[str, Any], pointer: str, kind: type) -> Any:
    """Return the value at ``pointer``, naming the first missing member if absent."""
    node: Any = document
    reached = ""
    for token in pointer.strip("/").split("/"):
        node = node.get(token) if isinstance(node, dict) else None
        reached += f"/{token}"
        if node is None:
            raise DocumentError("required field missing", pointer=reached)
    if not isinstance(node, kind):
        names: dict[type, str] = {dict: "an object", list: "a list", str: "a text"}
        raise DocumentError(f"must be {names.get(kind, kind.__name__)}", pointer=pointer)
    return node


def type_names(value: Any) -> frozenset[str]:
    """The text values of a ``type`` (a string or a list); anything else names no type."""
    values = value if isinstance(value, list) else [value]
    return frozenset(v for v in values if isinstance(v, str))


@dataclass(frozen=True)
class Credential:
    """An OpenBadgeCredential as stored, with the fields badgepress reads from it."""

    raw: dict[str, Any]
    id: str
    issuer_id: str
    issuer_name: str | None
    name: str | None
    achievement: dict[str, Any]
    subject: dict[str, Any]
    valid_from: datetime
    valid_until: datetime | None
    awarded: datetime | None = None
    """``awardedDate``: when the badge was first awarded (kept when ``validFrom`` moves)."""

    @classmethod
    def parse(cls, document: Any) -> Credential:
        """Read an OpenBadgeCredential.

        Raises:
            DocumentError: a required field is missing or of the wrong type.
        """
        if not isinstance(document, dict):
            raise DocumentError("a credential must be a JSON object", pointer="/")
        contexts = _require(document, "/@context", list)
        if contexts[:1] != [VC_V2_CONTEXT]:
            raise DocumentError(
                f"the first @context must be {VC_V2_CONTEXT}", pointer="/@context/0",
                hint="badgepress reads VC Data Model 2.0 credentials",
            )
        types = type_names(document.get("type"))
        endorsement = ENDORSEMENT_TYPE in types
        if "VerifiableCredential" not in types or not (endorsement or OB_TYPES & types):
            raise DocumentError(
                "type must contain VerifiableCredential and OpenBadgeCredential",
                pointer="/type",
            )
        issuer = document.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if not isinstance(issuer_id, str):
            raise DocumentError("required field missing", pointer="/issuer/id")
        issuer_name = issuer.get("name") if isinstance(issuer, dict) else None
        until = document.get("validUntil")
        awarded = document.get("awardedDate")
        return cls(
            raw=document,
            id=_require(document, "/id", str),
            issuer_id=issuer_id,
            issuer_name=issuer_name if isinstance(issuer_name, str) else None,
            name=document.get("name") if isinstance(document.get("name"), str) else None,
            achievement={} if endorsement else _require(
                document, "/credentialSubject/achievement", dict
            ),
            subject=_require(document, "/credentialSubject", dict),
            valid_from=parse_datetime(document.get("validFrom"), "/validFrom"),
            valid_until=None if until is None else parse_datetime(until, "/validUntil"),
            awarded=None if awarded is None else parse_datetime(awarded, "/awardedDate"),
        )

    @property
    def is_endorsement(self) -> bool:
        """Whether this is an EndorsementCredential rather than an OpenBadgeCredential."""
        return ENDORSEMENT_TYPE in type_names(self.raw.get("type"))

    @property
    def achievement_name(self) -> str:
        """The achievement's name, or its id when it has none."""
        name = self.achievement.get("name")
        return name if isinstance(name, str) else str(self.achievement.get("id", ""))

    @property
    def status_entries(self) -> list[tuple[str, dict[str, Any]]]:
        """``(pointer, entry)`` for each ``credentialStatus`` entry."""
        status = self.raw.get("credentialStatus")
        if isinstance(status, list):
            return [(f"/credentialStatus/{i}", s) for i, s in enumerate(status)
                    if isinstance(s, dict)]
        return [("/credentialStatus", status)] if isinstance(status, dict) else []
