"""The build pipeline: discover → parse → validate → verify → plan. Writing is the
plugin's job (``on_files``); nothing here touches the output folder.

Dependencies load before the documents that depend on them: the DID document, then
the status lists (verified like any credential), then the badges. Every problem is
collected; the build stops once, listing all of them, before anything is planned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.errors import (
    BadgeError,
    ConfigError,
    StatusError,
)
from badgepress.fsutil import dump_json
from badgepress.keystore import did_document, key_notes
from badgepress.model.achievement import Achievement
from badgepress.model.credential import Credential, load_json
from badgepress.pages.badge import REVOKED, BadgeView, badge_view, publishing_problem
from badgepress.pages.raster import rasterise_all
from badgepress.pages.render import Renderer, code_digest
from badgepress.pages.views import SiteView, site_view
from badgepress.planning.baked import BadgeArt, badge_art
from badgepress.planning.cache import OutputIndex, Recorded, VerdictCache, cache_key, cache_secret
from badgepress.planning.context import BuildContext, SiteOptions, build_now, fingerprint
from badgepress.planning.discover import SourceFile, Sources, discover
from badgepress.planning.endorsed import verify_endorsements
from badgepress.planning.problems import Problems
from badgepress.planning.records import BadgeFacts, Bit, plan_digest, source_key
from badgepress.planning.verification import VerifyStats, verify_credentials
from badgepress.project import Project
from badgepress.publishable import (
    credential_files,
    misplaced,
    private_key_in_file,
    refuse_private_keys,
    secret_in,
)
from badgepress.report import Report, State
from badgepress.site import machine
from badgepress.site.crosscheck import (
    bidi_in,
    bidi_warnings,
    check_status_log,
    missing_components,
)
from badgepress.site.folders import REUSABLE_ROOT
from badgepress.site.outputs import BadgeLayout, Output, site_outputs, status_list_path
from badgepress.status.conflicts import file_bits, shared_bits
from badgepress.status.store import LOG_FILE
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import verify_status_list


@dataclass(frozen=True)
class Plan:
    """Everything a build will publish, decided before anything is written."""

    ctx: BuildContext
    site: SiteView
    outputs: tuple[Output, ...]
    """Every output but the files of the badge folders in ``recorded``."""
    listed: tuple[str, ...]
    """Site-relative URLs of generated pages that belong in the sitemap."""
    stats: VerifyStats
    index: OutputIndex
    """The badge folders the previous build wrote; this build records its own."""
    warnings: tuple[str, ...] = ()
    """What the build publishes but someone should look at (``--strict`` fails on them)."""
    recorded: tuple[Recorded, ...] = ()
    """Badge folders the previous build made from the very same inputs: not laid out
    (``lay_out`` does it when a folder cannot be reused)."""
    sources: Mapping[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """For each badge folder: the source key and facts of its credential, for the index."""
    relayout: Callable[[Recorded], list[Output]] | None = None

    def lay_out(self, folder: Recorded) -> list[Output]:
        """The outputs of a recorded badge folder, laid out again."""
        if self.relayout is None:
            raise ValueError(f"{folder.path}: not a folder of this plan")
        return self.relayout(folder)

    @property
    def file_count(self) -> int:
        """How many files the plan publishes."""
        return len(self.outputs) + sum(len(folder.names) for folder in self.recorded)


def _context(project: Project, sources: Sources, options: SiteOptions, now: datetime,
             problems: Problems) -> BuildContext:
    """Make the frozen build context: DID document, then the verified status lists."""
    did, site_url = project.did, project.profile.site_url
    if not sources.keys and sources.credentials:  # with no badge, the other pages build
        problems.add(ConfigError("the issuer has no keys", path="issuer_keys",
                                 hint="run 'badgepress keys generate'"))
    document = did_document(did, list(sources.keys))
    lists: dict[str, dict[str, Any]] = {}
    for file in sources.status_lists:
        try:
            status_list = load_json(file.data, path=file.source)
        except BadgeError as exc:
            problems.add(exc)
            continue
        expected = site_url + status_list_path(file.name)
        if not isinstance(status_list, dict) or status_list.get("id") != expected:
            problems.add(StatusError(f"the status list's id must be {expected}",
                                     path=file.source, pointer="/id",
                                     hint="status lists are written by 'badgepress issue'; "
                                     "do not rename them"))
            continue
        lists[expected] = status_list
    revocations = {r.credential: r for r in sources.revocations}
    trust = Trust.offline(now=now, did_documents={did: document},
                          status=LocalStatus(lists, revocations),
                          key_notes=key_notes(did, list(sources.keys)))
    for file in sources.status_lists:
        url = site_url + status_list_path(file.name)
        if url not in lists:
            continue
        issuer = lists[url].get("issuer")
        try:
            if (issuer.get("id") if isinstance(issuer, dict) else issuer) != did:
                raise StatusError(f"the status list was not issued by {did}", pointer="/issuer")
            verify_status_list(url, trust)
        except BadgeError as exc:
            problems.add(exc.at(file.source))
    status_files = {status_list_path(f.name): f.data for f in sources.status_lists}
    if sources.status_log is not None:
        status_files[f"status/{LOG_FILE}"] = sources.status_log.data
    return BuildContext(
        now=now, site_url=site_url, profile=project.profile, did=did, did_document=document,
        keys=sources.keys, status_lists=lists, revocations=revocations, trust=trust,
        options=options, fingerprint=fingerprint(dump_json(document), status_files, now),
    )


def _problem(source: str, report: Report) -> BadgeError:
    check = next((c for c in report.checks if c.state is not State.PASS), None)
    if check is None:
        return BadgeError("the credential could not be checked", path=source)
    message = check.message
    if check.state is State.WARN:
        message += "; a badge whose status cannot be checked is not published"
    return BadgeError(message, path=source, pointer=check.pointer or "/", hint=check.hint)


def _validate(file: SourceFile, ctx: BuildContext) -> Credential:
    """Parse a verified credential and check it belongs on this site under this name.

    Raises:
        DocumentError: the id or the issuer does not match.
    """
    credential = Credential.parse(load_json(file.data, path=file.source))
    problem = misplaced(file.name, credential.id, credential.issuer_id,
                        site_url=ctx.site_url, did=ctx.did, shown=file.source)
    if problem is not None:
        raise problem
    return credential


def _badges(files: Sequence[SourceFile], reports: Mapping[str, Report], ctx: BuildContext,
            achievements: Mapping[str, Achievement], problems: Problems) -> dict[str, BadgeView]:
    views = {}
    for file in files:
        report = reports[file.name]
        if publishing_problem(report) is not None:
            problems.add(_problem(file.source, report))
            continue
        try:
            credential = _validate(file, ctx)
        except BadgeError as exc:
            problems.add(exc)
            continue
        views[file.name] = badge_view(file.name, credential, report, achievements, ctx)
    return views


@dataclass(frozen=True)
class _Relayout:
    """Lays out a recorded badge folder again, from its credential and cached verdict
    (both the very inputs it was recorded for)."""

    files: Mapping[str, SourceFile]
    verdicts: Mapping[str, str]
    cache: VerdictCache
    ctx: BuildContext
    achievements: Mapping[str, Achievement]
    layout: BadgeLayout

    def __call__(self, folder: Recorded) -> list[Output]:
        token = folder.path.split("/", 1)[1]
        file = self.files[token]
        report = self.cache.get(self.verdicts[token])
        if report is None:  # pragma: no cover - ``keep`` found it when planning
            raise BadgeError("the build cache changed during the build", path=file.source,
                             hint="delete the cache folder and build again")
        report.path = file.source
        credential = Credential.parse(load_json(file.data, path=file.source))
        return self.layout(badge_view(token, credential, report, self.achievements, self.ctx),
                           file.data)


def _facts(view: BadgeView, data: bytes, bits: tuple[Bit, ...]) -> BadgeFacts:
    return BadgeFacts(view.token, view.credential_id, view.achievement_slug, view.status,
                      bits, bidi_in(data), tuple(c.credential_id for c in view.components))


def _arts(project: Project, sources: Sources,
          problems: Problems) -> tuple[dict[str, BadgeArt], list[str]]:
    """Every achievement's images, ready to bake, by slug (an SVG without a PNG beside it
    rasterised for its preview card), and warnings about the SVGs that could not be."""
    docs = project.relative(project.docs_dir)
    arts, images = {}, {}
    for achievement in sources.achievements:
        try:
            arts[achievement.slug] = badge_art(achievement, sources.images, docs)
        except BadgeError as exc:
            problems.add(exc)
            continue
        if arts[achievement.slug].png is None and achievement.image in sources.images:
            images[achievement.slug] = achievement.image
    warnings = []
    rasters = rasterise_all([sources.images[image] for image in images.values()])
    for (slug, image), raster in zip(images.items(), rasters, strict=True):
        if raster.problem is not None:
            warnings.append(f"{docs}/{image}: the preview card shows initials instead of "
                            f"the badge art: {raster.problem}")
        arts[slug] = replace(arts[slug], png=raster.png)
    return arts, warnings


def _recorded(sources: Sources, ctx: BuildContext, plan_key: str, cache: VerdictCache,
              index: OutputIndex) -> tuple[dict[str, tuple[str, str]],
                                           dict[str, tuple[Recorded, BadgeFacts]]]:
    """Each credential's verdict and source keys by token, and the badges the previous
    build published from exactly the same inputs (their verdicts carried over unread)."""
    keys, recorded = {}, {}
    for file in sources.credentials:
        verdict = cache_key(ctx.fingerprint, file.data)
        keys[file.name] = (verdict, source_key(plan_key, file.name, verdict))
        found = index.recorded(f"{REUSABLE_ROOT}/{file.name}", keys[file.name][1])
        facts = BadgeFacts.from_json(file.name, found.facts) if found is not None else None
        if found is not None and facts is not None and cache.keep(verdict):
            recorded[file.name] = (found, facts)
    return keys, recorded


def run(project: Project, *, options: SiteOptions | None = None,
        cache_folder: Path | None = None, now: datetime | None = None,
        workers: int | None = None) -> Plan:
    """Discover, verify and plan the whole site. A credential the previous build
    published from the very same inputs (``planning.records``) is not parsed, checked or
    laid out again: its facts come from the output index.

    Raises:
        KeyMaterialError: a private key lies in the project tree.
        SiteError: listing every bad file; nothing is planned.
    """
    # The credentials discover reads are checked below (a recorded one was, byte for
    # byte, by the build that published it), not twice; any other file in credentials/
    # (a renamed credential, a stray file) is scanned here.
    refuse_private_keys(project.root, docs=project.docs_dir,
                        skip=credential_files(project.credentials_dir))
    options = options or SiteOptions()
    problems = Problems()
    sources = discover(project, problems)
    ctx = _context(project, sources, options, now or build_now(), problems)
    secret = cache_secret(project.root) if cache_folder is not None else None
    cache, index = VerdictCache(cache_folder, secret), OutputIndex(cache_folder, secret)
    arts, warnings = _arts(project, sources, problems)
    keys, recorded = _recorded(sources, ctx, plan_digest(code_digest(), ctx,
                                                          sources.achievements, arts),
                               cache, index)
    fresh = [f for f in sources.credentials if f.name not in recorded]
    for source in fresh:  # a recorded one was checked when it was published
        what = secret_in(source.data)
        if what is not None:
            raise private_key_in_file(source.source, what)
    bits = {f.name: recorded[f.name][1].bits if f.name in recorded else file_bits(f.data)
            for f in sources.credentials}
    for shared in shared_bits((f.source, bits[f.name]) for f in sources.credentials):
        problems.add(shared.error())
    reports, fresh_stats = verify_credentials(fresh, ctx, cache, workers=workers)
    cache.save()
    stats = VerifyStats(fresh_stats.verified, fresh_stats.cached + len(recorded))
    achievements = {a.id(ctx.site_url): a for a in sources.achievements}
    views = _badges(fresh, reports, ctx, achievements, problems)
    data = {f.name: f.data for f in sources.credentials}
    badges = [recorded[f.name][1] if f.name in recorded
              else _facts(views[f.name], f.data, bits[f.name])
              for f in sources.credentials if f.name in recorded or f.name in views]
    endorsements = verify_endorsements(sources, ctx, problems)
    warnings = check_status_log(sources, badges, problems) + bidi_warnings(sources, badges) \
        + missing_components(sources, badges) + warnings
    issuer, issuer_problems = machine.issuer_document(ctx.profile)
    for problem in issuer_problems:
        problems.add(problem)
    problems.raise_if_any()
    holders = Counter(b.achievement_slug for b in badges
                      if b.achievement_slug and b.status != REVOKED)
    published = {b.credential_id: b.token for b in badges}
    site = site_view(ctx, sources.achievements, holders, published,
                     has_log=sources.status_log is not None, endorsements=endorsements)
    renderer = Renderer(site, options)
    layout = BadgeLayout(ctx, sources, renderer, arts)
    outputs = site_outputs(ctx, sources, issuer, renderer, arts)
    for token, view in views.items():
        outputs += layout(view, data[token])
    outputs += [Output(e.path, e.data) for e in endorsements]
    listed = ["verify/"] + ([f"badges/{b.token}/" for b in badges]
                            if options.public_listing else [])
    files = {f.name: f for f in sources.credentials}
    relayout = _Relayout(files, {t: k[0] for t, k in keys.items()}, cache, ctx, achievements,
                         layout)
    return Plan(ctx, site, tuple(outputs), tuple(listed), stats, index, tuple(warnings),
                recorded=tuple(found for found, _ in recorded.values()),
                sources={f"{REUSABLE_ROOT}/{b.token}": (
                    keys[b.token][1], recorded[b.token][0].facts if b.token in recorded
                    else b.to_json()) for b in badges},
                relayout=relayout)
