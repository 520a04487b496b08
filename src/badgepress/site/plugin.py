"""The mkdocs plugin: verifies everything in ``on_config``, publishes in ``on_files``.

mkdocs writes into a fresh folder beside ``site_dir`` that replaces it only when the
build finished (``outdir.Staging``), so a build that fails, or is killed, leaves
``site_dir`` exactly as it was. Every output enters mkdocs as a generated ``File``, so
``--strict``, link checks and ``mkdocs serve`` see it; every file about to be published
is checked for private keys before anything is written (``guard``).

badgepress owns the look of the whole site only when mkdocs.yml names no theme (what
``badgepress init`` writes). In a site with a theme of its own it touches only its own
pages: escaping by default and the raw-HTML guard apply to badgepress's templates and to
achievement pages, and every other page is what mkdocs makes without the plugin.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import CountHandler, get_relative_url
from mkdocs.utils.templates import TemplateContext

from badgepress.errors import BadgeError, ConfigError
from badgepress.pages.frame import TITLE, Frame, with_policy
from badgepress.pages.markdown_safe import NoRawHtmlExtension
from badgepress.pages.render import CSP, THEMED, VERIFY_PAGE, templates_dir
from badgepress.pages.share import achievement_preview, home_preview
from badgepress.planning.cache import Recorded
from badgepress.planning.context import SiteOptions
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.site import machine
from badgepress.site.folders import Folder, badge_folders, write_folders
from badgepress.site.guard import check_files, check_templates
from badgepress.site.outdir import SPARE, Staging
from badgepress.site.outputs import Output
from badgepress.site.pipeline import Plan, run

log = logging.getLogger("mkdocs.plugins.badgepress")
HOME = "index.md"
PATHWAYS = "pathways.md"
"""The pathway page badgepress generates when an achievement stacks others."""
PREFIX = "badgepress/"
"""Where badgepress's templates sit among a host theme's (``badgepress/achievement.html``)."""


def names_no_theme(config: MkDocsConfig) -> bool:
    """Whether mkdocs.yml (and any override) leaves the theme unset: mkdocs' default."""
    with warnings.catch_warnings():  # mkdocs keeps the raw settings, marked deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        return all("theme" not in raw for raw in config.user_configs)


def _framed(path: str) -> bool:
    """Whether ``path`` is a page badgepress renders in its frame (badge, verify)."""
    return path == VERIFY_PAGE or (path.startswith("badges/") and path.endswith("/index.html"))


class _InPlace(File):
    """An output already in ``site_dir``, byte for byte (moved back from the previous
    build): part of the site like any file, with nothing to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to do: the file is in place."""

    @property
    def src_path(self) -> str:
        """The path in the site (as mkdocs gives it)."""
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        # A planned output's path is POSIX already (``safe_output_path``): no parsing
        # for each of tens of thousands of files.
        self.src_uri = value


class _Prefixed(jinja2.FileSystemLoader):
    """badgepress's templates under ``badgepress/``, compiled under that full name (a
    ``PrefixLoader`` compiles them under the short name, which autoescape then sees)."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        """The source of ``badgepress/<name>``.

        Raises:
            TemplateNotFound: the name is not under ``badgepress/`` or not ours.
        """
        if not template.startswith(PREFIX):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template.removeprefix(PREFIX))


class BadgepressConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's settings under ``plugins: - badgepress:`` in mkdocs.yml."""

    issuer = c.Type(dict, default={})
    public_listing = c.Type(bool, default=False)
    recipient_previews = c.Type(bool, default=False)
    cache_dir = c.Type(str, default=".badgepress-cache")


class BadgepressPlugin(BasePlugin[BadgepressConfig]):  # type: ignore[no-untyped-call]
    """Publish an issuer's verified Open Badges 3.0 credentials as part of the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.plan: Plan | None = None
        self.error: BadgeError | None = None
        """Why the last build stopped, for callers of the Python API."""
        self.staging = Staging()
        self.site_dir: Path | None = None
        """Where the site is published (mkdocs writes beside it until it is done)."""
        self._warnings = CountHandler()
        self.workers: int | None = None
        """Verification processes (``None``: one per core; tests may set 1)."""
        self.own_look = True
        """Whether badgepress's theme renders every page (mkdocs.yml names no theme)."""
        self._guard = NoRawHtmlExtension()
        self._guarding: list[Any] | None = None
        """The Markdown settings the guard was added to, while a page renders."""
        self._framed: list[tuple[File, Output]] = []
        """In a host theme: badge and verify pages, to move into the theme's frame."""
        self._nav: Navigation | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Verify everything and plan the site; stop with every problem found."""
        self.plan, self.error = None, None
        self._count_warnings()
        if not config.use_directory_urls:
            raise PluginError("badgepress needs use_directory_urls: true (badge pages live "
                              "at badges/<token>/)")
        root = Path(config.config_file_path).parent
        try:
            project = Project.load(root)
            options = SiteOptions(self.config.public_listing, self.config.recipient_previews)
            self.plan = run(project, options=options,
                            cache_folder=root / self.config.cache_dir, workers=self.workers)
        except SiteError as exc:
            self.error = exc
            raise PluginError(f"badgepress: {exc}") from None
        except BadgeError as exc:
            self.error = exc
            raise PluginError(f"badgepress: {exc}") from None
        for warning in self.plan.warnings:
            log.warning(f"badgepress: {warning}")
        stats = self.plan.stats
        log.info(f"badgepress: verified {stats.verified} credential(s), "
                 f"{stats.cached} unchanged (cached)")
        self.own_look = names_no_theme(config)
        if self.own_look:
            config.theme = Theme(name=None, custom_dir=str(templates_dir()),
                                 static_templates=["404.html"], locale="en")
        # mkdocs' own sitemap would list pages without their noindex: ours replaces it.
        config.theme.static_templates.discard(machine.SITEMAP)
        return config

    def _guarded(self, page: Page) -> bool:
        """Whether ``page`` is badgepress's: every page in its own look, else the
        achievement pages and the home page it generates."""
        return (self.own_look or page.file.generated_by == "badgepress"
                or self._plan().site.achievement_by_source(page.file.src_uri) is not None)

    @event_priority(-100)  # last: the page's Markdown is final
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Render badgepress's pages with the raw-HTML guard (removed again right after
        rendering, in ``on_page_content``); in a host theme, in badgepress's frame."""
        if self._guarded(page):
            extensions: list[Any] = config.markdown_extensions  # names and objects
            extensions.append(self._guard)
            self._guarding = extensions
            if not self.own_look:
                page.meta["template"] = PREFIX + THEMED
        return markdown

    @event_priority(100)  # first: no other plugin sees the guard in the settings
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Take the raw-HTML guard out of the settings once the page is rendered."""
        self._unguard()
        return html

    def _unguard(self) -> None:
        if self._guarding is not None:
            self._guarding.remove(self._guard)
            self._guarding = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Let mkdocs write into a fresh folder beside ``site_dir``."""
        self.site_dir = Path(config.site_dir)
        index = self._plan().index
        spare = index.folder / SPARE if index.folder is not None and index.secret else None
        try:
            config.site_dir = str(self.staging.begin(self.site_dir, spare))
        except OSError as exc:
            self.error = BadgeError(f"cannot write beside the site folder: {exc.strerror}",
                                    path=exc.filename, hint="check the disk and permissions")
            raise PluginError(f"badgepress: {self.error}") from None

    @event_priority(-100)  # after every other plugin wrote its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Swap the finished site in (not when ``--strict`` will abort on a warning) and
        record its badge folders in the index."""
        self._stop_counting()
        if config.strict and self._warnings.get_counts():
            self.staging.abandon()
            return
        try:
            self.staging.publish()
        except OSError as exc:
            self.error = BadgeError(f"cannot replace the site folder: {exc.strerror}",
                                    path=self.site_dir, hint="check the disk and permissions")
            raise PluginError(f"badgepress: {self.error}") from None
        finally:
            config.site_dir = str(self.site_dir)
        self._plan().index.save()

    def on_build_error(self, *, error: Exception) -> None:
        """Delete the unfinished output: ``site_dir`` stays the previous build."""
        self._stop_counting()
        self._unguard()
        self.staging.abandon()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every planned output, the sitemap and (if missing) a home page; stop when a
        file about to be published holds a private key.

        In badgepress's own look the badge folders are reused from the previous build or
        rendered and written into ``site_dir`` here (``site.folders``), and enter mkdocs
        as files already in place; in a host theme a page also depends on the theme and
        nav, so none is reused, and mkdocs writes them.
        """
        plan = self._plan()
        if files.get_file_from_path(HOME) is None:
            self._add(files, config, HOME, f"# {plan.ctx.profile.name}\n".encode())
        if plan.site.pathways:
            self._add(files, config, PATHWAYS, b"# Pathways\n")
        site_dir = config.site_dir
        in_place: list[str] = []
        refused: list[BadgeError] = []
        outputs = list(plan.outputs)
        if self.own_look:
            refused = self._folders(plan, Path(site_dir), in_place)
        else:
            for folder in plan.recorded:
                outputs += plan.lay_out(folder)
        self._framed = []
        placed = set(in_place)
        for output in outputs:
            if output.path not in placed:
                file = self._add(files, config, output.path, output.content())
                if not self.own_look and _framed(output.path):
                    self._framed.append((file, output))
        for path in in_place:  # already in site_dir: mkdocs skips them
            self._add_file(files, _InPlace(path, site_dir, site_dir, config.use_directory_urls,
                                           inclusion=InclusionLevel.INCLUDED), config)
        pages = [f.url.removeprefix("./") for f in files.documentation_pages()
                 if f.inclusion.is_included()]  # type: ignore[no-untyped-call]
        self._add(files, config, machine.SITEMAP,
                  machine.sitemap(plan.ctx.site_url, [*pages, *plan.listed]))
        self._check(files, config, placed, refused)
        return files

    def _folders(self, plan: Plan, site_dir: Path, in_place: list[str]) -> list[BadgeError]:
        """Put every badge folder into ``site_dir``: reused from the previous build when
        unchanged, else laid out, rendered and written; record each in the index. Adds
        their files to ``in_place``; returns the files refused for holding a private key.
        """
        fresh = badge_folders(plan.outputs)
        planned: list[Folder | Recorded] = [*fresh, *plan.recorded]
        stamps = self.staging.reuse(planned, plan.index)
        todo = [f for f in fresh if f.path not in stamps]
        todo += badge_folders([o for f in plan.recorded if f.path not in stamps
                               for o in plan.lay_out(f)])
        written = write_folders(site_dir, todo, workers=self.workers)
        stamps.update(written.stamps)
        made = {f.path: f for f in todo}
        for folder in planned:
            done = made.get(folder.path, folder)
            plan.index.put(done.path, done.digest, stamps[done.path], plan.sources.get(done.path))
            in_place += [f"{done.path}/{name}" for name in sorted(stamps[done.path])] \
                if isinstance(done, Recorded) else [o.path for o in done.outputs]
        return written.refused

    def _check(self, files: Files, config: MkDocsConfig, checked: set[str],
               refused: list[BadgeError]) -> None:
        """Refuse to publish any file holding a private key; warn about e-mail addresses.
        ``checked`` files were checked as they were written (``refused``: those refused),
        or when they were first published (reused ones).

        Raises:
            PluginError: naming every file refused.
        """
        root = Path(config.config_file_path).parent
        shown_docs = os.path.relpath(config.docs_dir, root)
        profile = self._plan().ctx.profile
        verdict = check_files(files, docs_dir=config.docs_dir, root=root,
                              shown_docs=shown_docs, already_checked=checked,
                              public_emails={profile.email} if profile.email else set())
        verdict.refused[:0] = refused
        check_templates(config.theme.dirs, verdict)
        for message in verdict.warnings:
            log.warning(f"badgepress: {message}")
        if verdict.refused:
            self.error = SiteError(verdict.refused)
            raise PluginError(f"badgepress: {self.error}")

    def _count_warnings(self) -> None:
        self._warnings = CountHandler()
        self._warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def _stop_counting(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        """Give the theme templates the issuer-wide content; escape by default in
        badgepress's templates (in its own look: all of them). In a host theme, move the
        badge and verify pages into the theme's frame (before mkdocs copies them)."""
        env.globals["bp"] = self._plan().site
        env.globals["bp_csp"] = CSP
        if self.own_look:
            env.autoescape = True
            return env
        host = env.autoescape
        ours = _Prefixed(str(templates_dir()))
        env.loader = jinja2.ChoiceLoader([ours, *([env.loader] if env.loader else [])])

        def escaped(name: str | None) -> bool:
            if name is not None and name.startswith(PREFIX):
                return True
            return bool(host(name) if callable(host) else host)

        env.autoescape = escaped
        frames: dict[str, Frame] = {}
        for file, output in self._framed:
            at = f"{output.path.rsplit('/', 2)[0]}/" if output.path.count("/") > 1 else ""
            if at not in frames:
                frames[at] = self._frame(env, config, files, f"{at}bp-frame.md")
            file.content_bytes = frames[at].wrap(file.content_bytes)
        return env

    def _frame(self, env: jinja2.Environment, config: MkDocsConfig, files: Files,
               src_uri: str) -> Frame:
        """The host theme's page at ``src_uri``'s depth, with the markers of ``frame``."""
        page = Page(TITLE, File.generated(config, src_uri, content=""), config)
        page.content, page.canonical_url, page.edit_url = "", None, None
        nav = self._nav if self._nav is not None else Navigation([], [])
        context = get_context(nav, files, config, page, get_relative_url(".", page.url))
        context = self.on_page_context(context, page=page, config=config, nav=nav)
        frame = Frame(env.get_template(PREFIX + "frame.html").render(context))
        if frame.missing():
            self.error = ConfigError(
                f"the theme {config.theme.name or config.theme.custom_dir!r} has no "
                f"{' or '.join(frame.missing())} block in main.html for badge pages",
                path=config.config_file_path, pointer="/theme",
                hint="use mkdocs-material, readthedocs or mkdocs, or a theme whose main.html "
                     "has the extrahead and content blocks")
            raise PluginError(f"badgepress: {self.error}")
        return frame

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """In a host theme, give badgepress's pages its Content-Security-Policy."""
        if self.own_look or not self._guarded(page):
            return output
        return with_policy(output, CSP)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the site's navigation for the theme's frame of badge and verify pages."""
        self._nav = nav
        return nav

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Tell the theme which achievement a page describes, if any."""
        extra: dict[str, Any] = context  # type: ignore[assignment]
        site = self._plan().site
        achievement = site.achievement_by_source(page.file.src_uri)
        extra["bp_achievement"] = achievement
        extra["bp_pathways"] = page.file.src_uri == PATHWAYS \
            and page.file.generated_by == "badgepress"
        extra["preview"] = (
            achievement_preview(achievement.name, achievement.description, achievement.slug,
                                site.profile) if achievement is not None
            else home_preview(site.profile) if page.is_homepage else None)
        extra["noindex"] = False
        return context

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when credentials, keys or status files change."""
        root = Path(config.config_file_path).parent
        for folder in ("credentials", "issuer_keys", "status"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def _plan(self) -> Plan:
        if self.plan is None:
            raise PluginError("badgepress: the site was not planned (on_config did not run)")
        return self.plan

    @classmethod
    def _add(cls, files: Files, config: MkDocsConfig, path: str, content: bytes) -> File:
        file = File.generated(config, path, content=content,
                              inclusion=InclusionLevel.INCLUDED)
        cls._add_file(files, file, config)
        return file

    @staticmethod
    def _add_file(files: Files, file: File, config: MkDocsConfig) -> None:
        existing = files.src_uris.get(file.src_uri)  # the dict itself: no path parsing
        if existing is not None:
            if existing.generated_by is None and existing.src_dir == config.docs_dir:
                log.warning(f"badgepress: {file.src_uri} in {Path(config.docs_dir).name}/ is "
                            "replaced by the file badgepress generates; remove it")
            files.remove(existing)
        files.append(file)
