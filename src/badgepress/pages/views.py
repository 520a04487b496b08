"""What the home page, the achievement pages and every page frame show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from badgepress.did.web import did_document_path
from badgepress.endorsements import Endorsement
from badgepress.model.achievement import Achievement
from badgepress.pages.diagram import pathway_svg
from badgepress.pathways import Requirement, part_of
from badgepress.planning.context import BuildContext
from badgepress.project import IssuerProfile


@dataclass(frozen=True)
class RequiredView:
    """One entry of a pathway list: an achievement (slug and name) or a group."""

    slug: str | None = None
    name: str | None = None
    group: RequirementView | None = None


@dataclass(frozen=True)
class RequirementView:
    """A requirement group as the pages list it: "All of" or "2 of", then its entries."""

    label: str
    items: tuple[RequiredView, ...]


def requirement_view(requires: Requirement, names: Mapping[str, str]) -> RequirementView:
    """The view of a requirement tree, with each slug's achievement name."""
    return RequirementView(
        "All of" if requires.every else f"{requires.need} of",
        tuple(RequiredView(group=requirement_view(item, names))
              if isinstance(item, Requirement) else RequiredView(item, names.get(item, item))
              for item in requires.items))


@dataclass(frozen=True)
class EndorsementView:
    """An endorsement as a page shows it (every text is escaped by the templates)."""

    path: str
    """Where the site publishes it, site-relative (the browser verifies it from there)."""
    endorser: str
    domain: str | None
    """The web domain that publishes the endorser's key; ``None``: only its own key."""
    comment: str
    subject_id: str

    @property
    def confirmed(self) -> str:
        """Who vouches for the endorser's name: its domain, or nobody but its key."""
        return f"confirmed by {self.domain}" if self.domain else \
            "identified by its own key only (no web domain confirms the name)"


@dataclass(frozen=True)
class AchievementView:
    """An achievement with the number of people who hold it."""

    slug: str
    name: str
    description: str
    image: str
    achievement_type: str
    human_code: str | None
    tags: tuple[str, ...]
    alignments: tuple[dict[str, str], ...]
    holders: int
    source: str
    """The achievement's Markdown file, relative to docs_dir (``achievements/x.md``)."""
    requires: RequirementView | None = None
    """What it stacks (a pathway), or ``None``."""
    part_of: tuple[RequiredView, ...] = ()
    """The stacked achievements that require it."""
    endorsements: tuple[EndorsementView, ...] = ()


@dataclass(frozen=True)
class KeyView:
    """One issuer key as shown on the home page."""

    multibase: str
    status: str
    created: str
    compromised_since: str | None


@dataclass(frozen=True)
class LogEntryView:
    """One revocation in the public status log."""

    date: str
    credential: str
    reason: str
    token: str | None
    """The badge page's token when the badge is published on this site."""


@dataclass(frozen=True)
class SiteView:
    """The issuer-wide content every page can read (``bp`` in templates)."""

    profile: IssuerProfile
    did: str
    did_path: str
    logo: str | None
    achievements: tuple[AchievementView, ...]
    keys: tuple[KeyView, ...]
    log: tuple[LogEntryView, ...]
    has_log: bool
    build_date: str
    pathway_diagram: str = ""
    """The SVG drawing of every pathway (markup made at build, its text escaped)."""

    @property
    def pathways(self) -> tuple[AchievementView, ...]:
        """The stacked achievements."""
        return tuple(a for a in self.achievements if a.requires is not None)
    endorsements: tuple[EndorsementView, ...] = ()
    """Endorsements of the issuer itself (shown on the home page)."""

    def achievement_by_source(self, src_uri: str) -> AchievementView | None:
        """The achievement whose Markdown file is ``src_uri``, if any."""
        return next((a for a in self.achievements if a.source == src_uri), None)


def _logo(profile: IssuerProfile) -> str | None:
    if not profile.image or profile.image.startswith(("https://", "http://")):
        return None  # a logo elsewhere is not loaded: no third-party requests
    return str(PurePosixPath(profile.image.replace("\\", "/")))


def _endorsements(endorsements: Sequence[Endorsement],
                  subject_id: str) -> tuple[EndorsementView, ...]:
    return tuple(EndorsementView(e.path, e.endorser, e.domain, e.comment, e.subject_id)
                 for e in endorsements if e.subject_id == subject_id)


def site_view(ctx: BuildContext, achievements: tuple[Achievement, ...],
              holders: Mapping[str, int], published: Mapping[str, str],
              has_log: bool, endorsements: Sequence[Endorsement] = ()) -> SiteView:
    """Build the site view. ``holders`` counts badges by achievement slug; ``published``
    maps credential ids to the tokens of their badge pages; ``endorsements`` are verified."""
    names = {a.slug: a.name for a in achievements}
    users = part_of(achievements)
    return SiteView(
        profile=ctx.profile,
        did=ctx.did,
        did_path=did_document_path(ctx.did),
        logo=_logo(ctx.profile),
        achievements=tuple(
            AchievementView(a.slug, a.name, a.description, a.image, a.achievement_type,
                            a.human_code, a.tags, a.alignments, holders.get(a.slug, 0),
                            f"achievements/{a.slug}.md",
                            requirement_view(a.requires, names) if a.requires else None,
                            tuple(RequiredView(s, names[s]) for s in users.get(a.slug, ())),
                            endorsements=_endorsements(endorsements, a.id(ctx.site_url)))
            for a in achievements
        ),
        keys=tuple(KeyView(k.multibase, k.status, k.created, k.compromised_since)
                   for k in ctx.keys),
        log=tuple(LogEntryView(r.date, r.credential, r.reason, published.get(r.credential))
                  for r in ctx.revocations.values()),
        has_log=has_log,
        build_date=ctx.now.date().isoformat(),
        pathway_diagram=pathway_svg(achievements),
        endorsements=_endorsements(endorsements, ctx.did),
    )
