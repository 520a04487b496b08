"""What the site publishes besides mkdocs' own pages: machine-readable files, assets,
preview cards and a folder per badge. Badge pages and per-badge cards are rendered only
when needed (``Output.render``), so a rebuild can reuse unchanged ones unrendered, and
in worker processes (``site.folders``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from badgepress.did.web import did_document_path
from badgepress.fsutil import dump_json
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT
from badgepress.pages.badge import BadgeView
from badgepress.pages.certificate import FONTS
from badgepress.pages.preview import kind_label, preview_card, preview_path
from badgepress.pages.render import VERIFY_PAGE, Renderer, assets_dir, code_digest
from badgepress.pages.share import RECIPIENT_CARD, has_recipient_card
from badgepress.pages.shield import SHIELD, shield_svg
from badgepress.planning.baked import BadgeArt
from badgepress.planning.context import BuildContext
from badgepress.planning.discover import Sources
from badgepress.planning.names import safe_output_path
from badgepress.site import machine
from badgepress.status.store import LOG_FILE

ASSETS = ("badgepress.css", "badgepress-verifier.js", "badgepress-contexts.json",
          "badgepress-verify-page.js", "badgepress-share.js", "favicon.svg",
          "badgepress-certificate.js", *FONTS.values())


@dataclass(frozen=True)
class Output:
    """One generated file: its site-relative path and its bytes, or how to render them."""

    path: str
    data: bytes | None = None
    render: Callable[[], bytes] | None = None
    """Renders the bytes, each time it is called (only when needed: an unchanged page is
    reused unrendered); picklable, so a worker process can render it."""
    key: str | None = None
    """For a rendered page: a digest of everything it is made from."""

    def content(self) -> bytes:
        """The file's bytes."""
        if self.data is not None:
            return self.data
        if self.render is None:
            raise ValueError(f"{self.path}: an output needs data or render")
        return self.render()


def status_list_path(number: str) -> str:
    """Where status list ``number`` is published."""
    return f"status/{number}.json"


def _previews(ctx: BuildContext, sources: Sources, arts: Mapping[str, BadgeArt]) -> list[Output]:
    """The link preview cards: one per achievement, and the issuer's own card (of the
    home and verify pages, and of badges whose achievement is not defined on this site)."""
    footer = ctx.site_url.split("://", 1)[-1]
    name = ctx.profile.name
    out = []
    for achievement in sources.achievements:
        art = arts.get(achievement.slug)
        card = preview_card(achievement.name, name, footer, art.png if art else None,
                            kind=kind_label(achievement.achievement_type))
        out.append(Output(preview_path(achievement.slug), card))
    out.append(Output(preview_path(None), preview_card(name, name, footer, None,
                                                       kind="Open Badges")))
    return out


def site_outputs(ctx: BuildContext, sources: Sources, issuer: dict[str, Any],
                 renderer: Renderer, arts: Mapping[str, BadgeArt]) -> list[Output]:
    """Every file the site publishes besides mkdocs' own pages and the badge folders, in
    a fixed order.

    Raises:
        ConfigError: an output path would leave the site folder.
    """
    out = [
        Output(did_document_path(ctx.did), dump_json(ctx.did_document)),
        Output(machine.ISSUER_JSON, dump_json(issuer)),
        Output(machine.ROBOTS, machine.robots(ctx.site_url)),
        Output(machine.NOJEKYLL, b""),
        Output(VERIFY_PAGE, renderer.verify_page()),
    ]
    out += [Output(f"assets/{name}", (assets_dir() / name).read_bytes()) for name in ASSETS]
    out += [Output(status_list_path(f.name), f.data) for f in sources.status_lists]
    if sources.status_log is not None:
        out.append(Output(f"status/{LOG_FILE}", sources.status_log.data))
    contexts = [VC_V2_CONTEXT, OB_CONTEXT]
    out += [Output(f"achievements/{a.slug}.json",
                   dump_json({"@context": contexts, **a.to_ob(ctx.site_url)}))
            for a in sources.achievements]
    out += _previews(ctx, sources, arts)
    for item in out:
        safe_output_path(item.path)
    return out


class BadgeLayout:
    """Lays out one badge folder (``badges/<token>/``) of a build: its page, the
    credential as stored, its shield and, when the issuer asks for them, its own preview
    card (drawn only when what it shows changed: keyed like a badge page)."""

    def __init__(self, ctx: BuildContext, sources: Sources, renderer: Renderer,
                 arts: Mapping[str, BadgeArt]) -> None:
        self._ctx, self._renderer, self._arts = ctx, renderer, arts
        self._kinds = {a.slug: kind_label(a.achievement_type) for a in sources.achievements}
        self._art_digests = {slug: hashlib.sha256(art.png or b"").hexdigest()
                             for slug, art in arts.items()}

    def __call__(self, badge: BadgeView, data: bytes) -> list[Output]:
        """The files of ``badge``'s folder; ``data`` is its credential file's bytes.

        Raises:
            ConfigError: an output path would leave the site folder.
        """
        ctx, slug = self._ctx, badge.achievement_slug or ""
        art = self._arts.get(slug)
        slots = art.slots if art is not None else ()
        out = [Output(badge.page_path, render=partial(self._renderer.badge_page, badge, slots),
                      key=self._renderer.badge_key(badge, slots)),
               Output(badge.json_path, data),
               Output(f"badges/{badge.token}/{SHIELD}",
                      shield_svg(badge.achievement_name, badge.issuer_name, badge.status))]
        if has_recipient_card(badge, ctx.options.recipient_previews):
            footer = ctx.site_url.split("://", 1)[-1]
            title = f"{badge.recipient} earned {badge.achievement_name}"
            kind = self._kinds.get(slug, "Open Badges")
            shown = (code_digest(), title, ctx.profile.name, footer, kind,
                     badge.achievement_name, self._art_digests.get(slug))
            draw = partial(preview_card, title, ctx.profile.name, footer,
                           art.png if art else None, kind, badge_name=badge.achievement_name)
            out.append(Output(f"badges/{badge.token}/{RECIPIENT_CARD}", render=draw,
                              key=hashlib.sha256(repr(shown).encode()).hexdigest()))
        for item in out:
            safe_output_path(item.path)
        return out
