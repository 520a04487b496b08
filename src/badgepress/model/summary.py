"""What an endorsement or a CLR says, in (label, text) lines for the CLI and ``--json``.

Every value comes from an untrusted credential: it is returned as text only, never markup.
"""

from __future__ import annotations

from typing import Any

from badgepress.model.credential import CLR_TYPE, ENDORSEMENT_TYPE, type_names

Lines = list[tuple[str, str]]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _who(node: Any) -> str:
    """A profile as ``name (id)``, or whichever of the two it has."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return "unknown"
    name, ident = _text(node.get("name")), _text(node.get("id"))
    return f"{name} ({ident})" if name and ident else name or ident or "unknown"


def _learner(subject: dict[str, Any]) -> str:
    for identifier in subject.get("identifier") or []:
        if isinstance(identifier, dict) and identifier.get("hashed") is False:
            value = _text(identifier.get("identityHash"))
            if value:
                return value
    return _who(subject)


def achievement_line(credential: Any) -> tuple[str, str]:
    """What one credential embedded in a CLR awards: name, issuer and date."""
    if not isinstance(credential, dict):
        return "Achievement", "an embedded credential this verifier cannot read"
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    name = _text(achievement.get("name")) if isinstance(achievement, dict) else None
    date = _text(credential.get("validFrom")) or _text(credential.get("issuanceDate"))
    issuer = _who(credential.get("issuer"))
    return "Achievement", f"{name or _text(credential.get('name')) or 'unnamed'} — " \
        f"issued by {issuer}" + (f" on {date[:10]}" if date else "")


def describe(document: dict[str, Any]) -> Lines:
    """The lines that say what an EndorsementCredential or ClrCredential holds (a CLR's
    achievements are its embedded credentials' own lines); ``[]`` for any other."""
    types = type_names(document.get("type"))
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    if ENDORSEMENT_TYPE in types:
        lines: Lines = [("Endorsed by", _who(document.get("issuer"))),
                        ("Endorses", _text(subject.get("id")) or "nothing named")]
        comment = _text(subject.get("endorsementComment"))
        return lines + ([("Comment", comment)] if comment else [])
    if CLR_TYPE not in types:
        return []
    lines = [("Learner", _learner(subject)), ("Issuer", _who(document.get("issuer")))]
    for association in subject.get("association") or []:
        if isinstance(association, dict):
            lines.append(("Association", " ".join(
                _text(association.get(k)) or "?" for k in ("sourceId", "associationType",
                                                            "targetId"))))
    return lines
