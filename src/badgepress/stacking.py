"""Issuing a stacked badge: who holds the components, and the evidence that says so.

A recipient qualifies for an achievement with ``requires:`` when the credentials in
``credentials/`` that name their e-mail address (re-hashed with each credential's own salt)
and verify at ``now`` — genuine, issued by this issuer, not revoked, not expired — meet
the requirement. The components are recorded in the stacked credential as OB 3.0
``evidence``: one entry per component credential, its ``id`` the component's badge page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from badgepress.errors import ConfigError
from badgepress.model.achievement import Achievement, load_achievements
from badgepress.model.dates import human_date
from badgepress.model.issued import IssuedIndex
from badgepress.model.recipient import Recipient, holds_email
from badgepress.pathways import EVIDENCE_GENRE, Requirement
from badgepress.project import Project
from badgepress.report import Report
from badgepress.trust import Trust
from badgepress.verify import check_credential


@dataclass(frozen=True)
class Held:
    """One credential in ``credentials/`` awarding a component achievement."""

    slug: str
    credential_id: str
    subject: Any
    awarded: str
    report: Report


@dataclass
class Stack:
    """What issuing one stacked achievement checks each recipient against."""

    achievement: Achievement
    requires: Requirement
    names: dict[str, str]
    """Achievement names by slug."""
    held: list[Held] = field(default_factory=list)

    @classmethod
    def of(cls, project: Project, achievement: Achievement, now: datetime) -> Stack:
        """The stack of ``achievement``: every credential in ``credentials/`` for one of
        its components, verified as of ``now`` with the project's own keys and status.

        Raises:
            ConfigError: an achievement file or the pathways between them are invalid.
            KeyMaterialError, StatusError: the issuer's keys or status files are invalid.
        """
        if achievement.requires is None:
            raise ConfigError(f"{achievement.slug!r} requires no other achievement",
                              pointer="requires")
        achievements = load_achievements(project)
        site_url = project.profile.site_url
        components = set(achievement.requires.slugs())
        by_id = {a.id(site_url): a.slug for a in achievements if a.slug in components}
        trust = Trust.for_project(project, now=now)
        stack = cls(achievement, achievement.requires, {a.slug: a.name for a in achievements})
        folder = project.credentials_dir
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            data = path.read_bytes()
            try:
                document = json.loads(data)
                subject = document["credentialSubject"]
                slug = by_id.get(subject["achievement"]["id"])
            except (ValueError, TypeError, KeyError):
                continue  # not an award of a component: the build reports broken files
            issuer = document.get("issuer")
            if slug is None or project.did not in (issuer, _id(issuer)):
                continue
            stack.held.append(Held(slug, str(document.get("id")), subject,
                                   str(document.get("validFrom", "")),
                                   check_credential(data, trust, path=project.relative(path))))
        return stack

    def evidence(self, recipient: Recipient) -> list[dict[str, Any]]:
        """The evidence entries of ``recipient``'s stacked credential: one per valid
        component credential they hold.

        Raises:
            ConfigError: naming the row (or option) and what is missing — the recipient
                has no e-mail address, or their valid credentials do not meet the
                requirement (with those that are theirs but not valid, and why).
        """
        if not recipient.email:
            raise ConfigError(f"{self.achievement.name} is a stacked badge: the recipient's "
                              "e-mail address finds their component credentials",
                              pointer=recipient.where("email"),
                              hint="give the e-mail address their other badges were "
                              "issued to")
        theirs = [h for h in self.held if holds_email(h.subject, recipient.email)]
        valid: dict[str, Held] = {}
        for held in theirs:
            if held.report.ok:
                valid.setdefault(held.slug, held)
        missing = self.requires.missing(set(valid), self.names)
        if missing:
            unusable = [f"{self.names[h.slug]} {h.credential_id}: {h.report.headline}"
                        for h in theirs if not h.report.ok and h.slug not in valid]
            raise ConfigError(
                f"does not qualify for {self.achievement.name}: missing "
                + "; ".join(missing)
                + (f". Held but not valid: {'; '.join(unusable)}" if unusable else ""),
                pointer=recipient.where("email"),
                hint="issue the missing component badges first; 'badgepress pathways "
                "--candidates' lists who qualifies")
        order = list(dict.fromkeys(self.requires.slugs()))
        return [self._entry(valid[slug]) for slug in order if slug in valid]

    def qualifies(self, recipient: Recipient) -> bool:
        """Whether ``recipient`` holds valid credentials meeting the requirement."""
        try:
            self.evidence(recipient)
        except ConfigError:
            return False
        return True

    def _entry(self, held: Held) -> dict[str, Any]:
        name = self.names[held.slug]
        return {
            "type": ["Evidence"],
            "id": held.credential_id,
            "name": name,
            "narrative": f"{name}, awarded {human_date(held.awarded)}: a component of "
                         f"{self.achievement.name}.",
            "genre": EVIDENCE_GENRE,
        }


def candidates(project: Project, achievements: Sequence[Achievement],
               recipients: Sequence[Recipient], now: datetime) -> dict[str, list[Recipient]]:
    """For each stacked achievement of ``achievements``, the ``recipients`` who qualify
    for it at ``now`` and do not hold it yet (by name and e-mail, or e-mail alone).

    Raises:
        ConfigError: an achievement is not stacked, or the achievement files are invalid.
    """
    index = IssuedIndex.load_unverified(project.credentials_dir)
    out: dict[str, list[Recipient]] = {}
    for achievement in achievements:
        stack = Stack.of(project, achievement, now)
        achievement_id = achievement.id(project.profile.site_url)
        out[achievement.slug] = [
            r for r in recipients
            if index.find(achievement_id, r) is None
            and not (r.email and index.holder(achievement_id, r.email))
            and stack.qualifies(r)]
    return out


def _id(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else None


def stacked(achievements: Sequence[Achievement]) -> list[Achievement]:
    """The achievements that require others, in slug order."""
    return sorted((a for a in achievements if a.requires is not None), key=lambda a: a.slug)
