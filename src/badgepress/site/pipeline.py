"""The build pipeline: discover → parse → validate → verify → plan. Writing is the
plugin's job (``on_files``); nothing here touches the output folder.

Dependencies load before the documents that depend on them: the DID document, then
the status lists (verified like any credential), then the badges. Every problem is
collected; the build stops once, listing all of them, before anything is planned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
from badgepress.pages.render import Renderer
from badgepress.pages.views import SiteView, site_view
from badgepress.planning.baked import BadgeArt, badge_art
from badgepress.planning.cache import OutputIndex, VerdictCache, cache_secret
from badgepress.planning.context import BuildContext, SiteOptions, build_now, fingerprint
from badgepress.planning.discover import SourceFile, Sources, discover
from badgepress.planning.endorsed import verify_endorsements
from badgepress.planning.problems import Problems
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
from badgepress.site.crosscheck import bidi_warnings, check_status_log
from badgepress.site.outputs import Output, plan_outputs, status_list_path
from badgepress.status.conflicts import shared_index_errors
from badgepress.status.store import LOG_FILE
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import verify_status_list


@dataclass(frozen=True)
class Plan:
    """Everything a build will publish, decided before anything is written."""

    ctx: BuildContext
    site: SiteView
    outputs: tuple[Output, ...]
    listed: tuple[str, ...]
    """Site-relative URLs of generated pages that belong in the sitemap."""
    stats: VerifyStats
    index: OutputIndex
    """The badge folders the previous build wrote; this build records its own."""
    warnings: tuple[str, ...] = ()
    """What the build publishes but someone should look at (``--strict`` fails on them)."""


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


def _badges(sources: Sources, reports: Mapping[str, Report], ctx: BuildContext,
            achievements: Mapping[str, Achievement], problems: Problems) -> list[BadgeView]:
    views = []
    for file in sources.credentials:
        report = reports[file.name]
        if publishing_problem(report) is not None:
            problems.add(_problem(file.source, report))
            continue
        try:
            credential = _validate(file, ctx)
        except BadgeError as exc:
            problems.add(exc)
            continue
        views.append(badge_view(file.name, credential, report, achievements, ctx))
    return views


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


def run(project: Project, *, options: SiteOptions | None = None,
        cache_folder: Path | None = None, now: datetime | None = None,
        workers: int | None = None) -> Plan:
    """Discover, verify and plan the whole site.

    Raises:
        KeyMaterialError: a private key lies in the project tree.
        SiteError: listing every bad file; nothing is planned.
    """
    # The credentials discover reads are checked below, not twice; any other file in
    # credentials/ (a renamed credential, a stray file) is scanned here.
    refuse_private_keys(project.root, docs=project.docs_dir,
                        skip=credential_files(project.credentials_dir))
    options = options or SiteOptions()
    problems = Problems()
    sources = discover(project, problems)
    for source in sources.credentials:
        what = secret_in(source.data)
        if what is not None:
            raise private_key_in_file(source.source, what)
    for error in shared_index_errors((f.source, f.data) for f in sources.credentials):
        problems.add(error)
    ctx = _context(project, sources, options, now or build_now(), problems)
    secret = cache_secret(project.root) if cache_folder is not None else None
    cache = VerdictCache(cache_folder, secret)
    reports, stats = verify_credentials(sources.credentials, ctx, cache, workers=workers)
    cache.save()
    achievements = {a.id(ctx.site_url): a for a in sources.achievements}
    badges = _badges(sources, reports, ctx, achievements, problems)
    endorsements = verify_endorsements(sources, ctx, problems)
    warnings = check_status_log(sources, badges, problems) + bidi_warnings(sources, badges)
    arts, art_warnings = _arts(project, sources, problems)
    warnings += art_warnings
    issuer, issuer_problems = machine.issuer_document(ctx.profile)
    for problem in issuer_problems:
        problems.add(problem)
    problems.raise_if_any()
    holders = Counter(b.achievement_slug for b in badges
                      if b.achievement_slug and b.status != REVOKED)
    published = {b.credential_id: b.token for b in badges}
    site = site_view(ctx, sources.achievements, holders, published,
                     has_log=sources.status_log is not None, endorsements=endorsements)
    outputs = plan_outputs(ctx, sources, badges, issuer, Renderer(site, options), arts)
    outputs += [Output(e.path, e.data) for e in endorsements]
    listed = ["verify/"] + ([f"badges/{b.token}/" for b in badges]
                            if options.public_listing else [])
    return Plan(ctx, site, tuple(outputs), tuple(listed), stats,
                OutputIndex(cache_folder, secret), tuple(warnings))
