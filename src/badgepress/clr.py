"""A learner record: a CLR 2.0 ``ClrCredential`` of one learner's valid credentials.

``badgepress clr EMAIL --out FILE`` collects every credential in ``credentials/`` whose
salted e-mail hash names EMAIL and that verifies now (signature, issuer key, not revoked,
not expired), embeds each whole (each keeps its own proof), adds the achievement
associations, signs the record with the issuer's active key and writes it outside the
repository: a learner record is private, for the admin to hand over, never published.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.crypto.keys import Signer
from badgepress.crypto.proof import sign
from badgepress.errors import BadgeError, ConfigError, DocumentError
from badgepress.fsutil import dump_json, write_atomic
from badgepress.keystore import tree_holding
from badgepress.lifecycle import read_credentials
from badgepress.model.achievement import Achievement
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT
from badgepress.model.dates import format_datetime
from badgepress.model.profile import profile_json
from badgepress.model.recipient import Recipient, holds_email, identifiers
from badgepress.project import Project
from badgepress.report import Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
PARENT = "isParentOf"
"""The CLR 2.0 association type of a stacked achievement to one it requires."""

Requires = Mapping[str, Sequence[str]]
"""Achievement id → the ids of the achievements it requires (``requires:`` front matter)."""


def held_credentials(project: Project, email: str, trust: Trust) -> list[dict[str, Any]]:
    """The credentials in ``credentials/`` that name ``email`` and verify with ``trust``
    (not revoked, not expired, signed by the issuer's key), by file name."""
    held = []
    for stored in read_credentials(project):
        if not holds_email(stored.document.get("credentialSubject"), email):
            continue
        if check_credential(stored.document, trust, path=stored.path).verdict \
                is Verdict.VERIFIED:
            held.append(stored.document)
    return held


def _achievement_id(credential: dict[str, Any]) -> str | None:
    achievement = credential.get("credentialSubject", {}).get("achievement", {})
    value = achievement.get("id") if isinstance(achievement, dict) else None
    return value if isinstance(value, str) else None


def prerequisites(achievements: Sequence[Achievement], site_url: str) -> Requires:
    """Each stacked achievement's id → the ids of the achievements its ``requires:`` names."""
    by_slug = {a.slug: a for a in achievements}
    return {a.id(site_url): tuple(by_slug[s].id(site_url) for s in a.requires.slugs()
                                  if s in by_slug)
            for a in achievements if a.requires is not None}


def associations(credentials: Sequence[dict[str, Any]], requires: Requires
                 ) -> list[dict[str, Any]]:
    """The CLR 2.0 associations among the learner's achievements: each held stacked
    achievement ``isParentOf`` each held achievement it requires."""
    held = {a for a in map(_achievement_id, credentials) if a}
    return [{"type": "Association", "associationType": PARENT, "sourceId": parent,
             "targetId": child}
            for parent in sorted(held) for child in requires.get(parent, ()) if child in held]


def _learner_name(credentials: Sequence[dict[str, Any]]) -> str:
    for credential in credentials:
        for item in credential.get("credentialSubject", {}).get("identifier", []):
            if isinstance(item, dict) and item.get("identityType") == "name" \
                    and isinstance(item.get("identityHash"), str):
                return str(item["identityHash"])
    return "the learner"


def build_record(project: Project, email: str, credentials: Sequence[dict[str, Any]],
                 links: Sequence[dict[str, Any]], now: datetime,
                 rng: Callable[[int], bytes] = secrets.token_bytes) -> dict[str, Any]:
    """The unsigned ``ClrCredential`` of the learner with ``email``, embedding
    ``credentials`` and listing ``links`` (associations). The learner is named as in the
    credentials and identified by ``email``, hashed with a fresh salt.

    Raises:
        DocumentError: there is no credential to embed.
    """
    if not credentials:
        raise DocumentError(f"no valid credential of this issuer names {email}",
                            path="credentials",
                            hint="check the address; revoked and expired badges are left out")
    name = _learner_name(credentials)
    subject: dict[str, Any] = {
        "type": ["ClrSubject"],
        "identifier": identifiers(Recipient(name, email), rng(16).hex()),
        "verifiableCredential": list(credentials),
    }
    if links:
        subject["association"] = list(links)
    return {
        "@context": [VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": uuid.UUID(bytes=rng(16), version=4).urn,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": profile_json(project.profile),
        "validFrom": format_datetime(now),
        "name": f"Learner record of {name} from {project.profile.name}",
        "credentialSubject": subject,
    }


def sign_record(record: dict[str, Any], signer: Signer, trust: Trust,
                now: datetime) -> dict[str, Any]:
    """Sign the record and check it as a verifier will.

    Raises:
        BadgeError: the signed record does not verify (a bug), naming the check.
    """
    signed = sign(record, signer, trust.loader, created=now)
    problem = check_credential(signed, trust).first_problem()
    if problem is not None:
        raise BadgeError(f"the learner record does not verify: {problem.message}",
                         pointer=problem.pointer)
    return signed


def refuse_inside_tree(out: Path, project: Project) -> None:
    """Refuse to write a learner record into the repository.

    Raises:
        ConfigError: ``out`` lies inside the project folder or its git work tree.
    """
    if tree_holding(out.parent, project.root) is not None:
        raise ConfigError("refusing to write a learner record inside the repository: it is "
                          "private and must never be committed or published", path=out,
                          hint="write it outside the repository, e.g. --out ~/records/ada.json")


def write_record(out: Path, record: dict[str, Any]) -> None:
    """Write the record readable by its owner only (mode 0600)."""
    write_atomic(out, dump_json(record), mode=0o600)
