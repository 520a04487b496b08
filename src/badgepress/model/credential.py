"""An Open Badges 3.0 credential: the stored document and what we read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from badgepress.errors import DocumentError
from badgepress.model.dates import parse_datetime
from badgepress.model.document import MAX_DOCUMENT_BYTES, load_json
from badgepress.report import CHECKS_TABLE, DATA_MODELS
from badgepress.schema import ACHIEVEMENT_CREDENTIAL, ENDORSEMENT_CREDENTIAL, pointer_of

__all__ = ["MAX_CREDENTIAL_BYTES", "Credential", "load_json", "type_names"]

MAX_CREDENTIAL_BYTES = MAX_DOCUMENT_BYTES
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V1_NAMES = {"validFrom": "issuanceDate", "validUntil": "expirationDate"}
"""VC 2.0 date field → its VC 1.1 name, as the schema reads a VC 1.1 credential."""
CREDENTIAL_TYPES = frozenset({"VerifiableCredential", "EndorsementCredential"})
"""A node whose type names one of these is a credential, read by its own first context."""
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
ENDORSEMENT_TYPE = "EndorsementCredential"
CLR_TYPE = "ClrCredential"
SCHEMAS: dict[str, str | None] = {ENDORSEMENT_TYPE: ENDORSEMENT_CREDENTIAL, CLR_TYPE: None}
"""Credential type → its JSON Schema (badgepress.schema), or None (no VC 2.0 JSON Schema of
CLR 2.0 is bundled; a CLR's embedded credentials are each checked against their own);
any other type: the achievement one."""


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


def _bound(
    document: dict[str, Any], fields: list[str], pick: Any
) -> tuple[datetime | None, str]:
    """The ``pick`` (latest start or earliest end) of the date ``fields`` present, and the
    field it came from; ``(None, fields[0])`` when none is present.

    Raises:
        DocumentError: a present field is not a date-time with a time zone.
    """
    dates = [(parse_datetime(document[f], f"/{f}"), f) for f in fields if f in document]
    if not dates:
        return None, fields[0]
    moment = pick(d for d, _ in dates)
    return moment, next(f for d, f in dates if d == moment)


_COMPACTED: dict[str, list[str]] = CHECKS_TABLE["schema"]["compacted"]
COMPACTED_TYPES = frozenset(_COMPACTED["types"])
"""Classes whose ``type`` may be one value (OB 3.0 Serialization §Compacted document form)."""
COMPACTED_LISTS = tuple(_COMPACTED["lists"])
"""Members of a credential that may be one object instead of a list (same section)."""
IMAGE_CLASSES = frozenset(CHECKS_TABLE["schema"]["images"])
"""Classes whose ``image`` the schema wants as an Image object and OB 3.0 lets be written as
the image's id alone (each class's schema requires its name in ``type``, so a node is
known by it)."""


def schema_view(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The credential as the OB 3.0 JSON Schema (written for VC 2.0, in uncompacted form)
    reads it, and the pointers renamed to get there (view's pointer → the stored field's):
    each credential in it (the document and every embedded one: an endorsement, a CLR's
    credentials) whose own first context is VC 1.1's is read with that context as VC 2.0's
    and its ``issuanceDate``/``expirationDate`` as ``validFrom``/``validUntil``; what the
    compacted form writes as one value (``"type": "Profile"``, one ``proof`` object) as a
    list of one; an ``image`` written as its id alone, where the schema wants an Image
    (``IMAGE_CLASSES``), as ``{"id": that text, "type": "Image"}`` (such an Image always
    passes, so no error names a field the view adds). The document itself is never
    changed: its proof covers it as stored."""
    renamed: dict[str, str] = {}
    view = _viewed(document, None, renamed, top=True)
    return view, renamed


_Path = tuple[Any, str | int] | None
"""Where a node is: ``(parent's path, key or index)``, ``None`` for the document (a pointer
is spelt out only for a renamed field)."""


def _viewed(node: Any, path: _Path, renamed: dict[str, str], top: bool = False) -> Any:
    """``node`` (at ``path``) as the schema reads it (the same object if unchanged), adding
    the pointers it renames to ``renamed``."""
    if isinstance(node, list):
        items = [_viewed(item, (path, i), renamed) for i, item in enumerate(node)]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not isinstance(node, dict):
        return node
    changed = {key: new for key, value in node.items()
               if (new := _viewed(value, (path, key), renamed)) is not value}
    kind = node.get("type")
    if isinstance(kind, str) and kind in COMPACTED_TYPES:
        changed["type"] = [kind]
    if isinstance(node.get("image"), str) and IMAGE_CLASSES & type_names(kind):
        changed["image"] = {"id": node["image"], "type": "Image"}
    if top or CREDENTIAL_TYPES & type_names(kind):
        for key in COMPACTED_LISTS:
            if isinstance(node.get(key), dict):
                changed[key] = [changed.get(key, node[key])]
        contexts = node.get("@context")
        if isinstance(contexts, list) and contexts[:1] == [VC_V1_CONTEXT]:
            changed["@context"] = [VC_V2_CONTEXT, *changed.get("@context", contexts)[1:]]
            at = _pointer(path)
            for v2, v1 in VC_V1_NAMES.items():
                if v2 not in node:  # what is missing or wrong there is the VC 1.1 field
                    renamed[f"{at}/{v2}"] = f"{at}/{v1}"
                    if v1 in node:
                        changed[v2] = changed.get(v1, node[v1])
    return {**node, **changed} if changed else node


def _pointer(path: _Path) -> str:
    """The JSON pointer of ``path``."""
    keys = []
    while path is not None:
        path, key = path
        keys.append(key)
    return pointer_of(reversed(keys))


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
    valid_from_field: str = "validFrom"
    """The date field ``valid_from`` was read from (``issuanceDate`` in VC 1.1)."""
    valid_until_field: str = "validUntil"
    """The date field ``valid_until`` was read from (``expirationDate`` in VC 1.1)."""

    @classmethod
    def parse(cls, document: Any) -> Credential:
        """Read an OpenBadgeCredential.

        Raises:
            DocumentError: a required field is missing or of the wrong type.
        """
        if not isinstance(document, dict):
            raise DocumentError("a credential must be a JSON object", pointer="/")
        contexts = _require(document, "/@context", list)
        model = DATA_MODELS.get(contexts[0]) if contexts and isinstance(contexts[0], str) else None
        if model is None:
            raise DocumentError(
                f"the first @context must be one of {', '.join(DATA_MODELS)}",
                pointer="/@context/0",
                hint="badgepress reads VC Data Model 2.0 and 1.1 credentials",
            )
        types = type_names(document.get("type"))
        other = bool(types & SCHEMAS.keys())
        if "VerifiableCredential" not in types or not (other or OB_TYPES & types):
            raise DocumentError(
                "type must contain VerifiableCredential and OpenBadgeCredential "
                "(or EndorsementCredential, ClrCredential)",
                pointer="/type",
            )
        issuer = document.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if not isinstance(issuer_id, str):
            raise DocumentError("required field missing", pointer="/issuer/id")
        issuer_name = issuer.get("name") if isinstance(issuer, dict) else None
        parse_datetime(document.get(model["required"]), f"/{model['required']}")
        valid_from, from_field = _bound(document, model["from"], max)
        assert valid_from is not None  # noqa: S101 - the required field is among "from"
        valid_until, until_field = _bound(document, model["until"], min)
        awarded = document.get("awardedDate")
        return cls(
            raw=document,
            id=_require(document, "/id", str),
            issuer_id=issuer_id,
            issuer_name=issuer_name if isinstance(issuer_name, str) else None,
            name=document.get("name") if isinstance(document.get("name"), str) else None,
            achievement={} if other else _require(
                document, "/credentialSubject/achievement", dict
            ),
            subject=_require(document, "/credentialSubject", dict),
            valid_from=valid_from,
            valid_until=valid_until,
            awarded=None if awarded is None else parse_datetime(awarded, "/awardedDate"),
            valid_from_field=from_field,
            valid_until_field=until_field,
        )

    @property
    def is_endorsement(self) -> bool:
        """Whether this is an EndorsementCredential rather than an OpenBadgeCredential."""
        return ENDORSEMENT_TYPE in type_names(self.raw.get("type"))

    @property
    def is_clr(self) -> bool:
        """Whether this is a CLR 2.0 ClrCredential (a record of embedded credentials)."""
        return CLR_TYPE in type_names(self.raw.get("type"))

    @property
    def schema(self) -> str | None:
        """The file name of the JSON Schema this credential's type must match, if any."""
        types = type_names(self.raw.get("type"))
        return next((s for t, s in SCHEMAS.items() if t in types), ACHIEVEMENT_CREDENTIAL)

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
