"""Rendering pages from the Jinja templates shipped in the package (autoescape on)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import jinja2

from badgepress.pages.badge import BadgeView
from badgepress.pages.certificate import certificate_view
from badgepress.pages.share import has_recipient_card, share_view, verify_preview
from badgepress.pages.views import SiteView
from badgepress.planning.baked import BakeSlot
from badgepress.planning.context import SiteOptions
from badgepress.planning.names import relative_root

SHAPING_PACKAGES = ("badgepress", "jinja2", "markupsafe", "resvg-py", "zxing-cpp")
"""Packages whose versions change how pages come out."""

VERIFY_PAGE = "verify/index.html"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self' https: http://localhost:* http://127.0.0.1:*; object-src 'none'; "
       "base-uri 'none'; form-action 'none'")
"""The Content-Security-Policy of badgepress's pages (``bp_csp`` in the templates)."""
CODE_PACKAGES = ("badgepress.planning", "badgepress.pages", "badgepress.site")
"""The packages whose code and templates shape the pages (see :func:`code_digest`)."""
THEMED = "themed.html"
"""The template of badgepress's pages inside a host theme (it extends ``main.html``)."""


def templates_dir() -> Path:
    """The folder of the templates (also the mkdocs theme's folder)."""
    return Path(str(resources.files("badgepress.pages").joinpath("templates")))


def assets_dir() -> Path:
    """The folder of the CSS and JavaScript assets."""
    return Path(str(resources.files("badgepress.site").joinpath("assets")))


@cache
def code_digest() -> str:
    """A digest of the templates and code that shape the pages, and of the versions of
    the packages that render them: a page made by other code has another key."""
    digest = hashlib.sha256()
    for name in CODE_PACKAGES:
        folder = Path(str(resources.files(name)))
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html") and path.is_file():
                digest.update(f"{name}/{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes() + b"\0")
    for package in SHAPING_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    return digest.hexdigest()


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the pages badgepress renders itself."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=True,
    )
    env.globals["bp_csp"] = CSP
    return env


class Renderer:
    """Renders the badge pages and the verify page of one build (picklable, for worker
    processes)."""

    def __init__(self, site: SiteView, options: SiteOptions) -> None:
        env = environment()
        self._badge = env.get_template("badge.html")
        self._verify = env.get_template("verify.html")
        self._site = site
        self._options = options
        self._noindex = not options.public_listing
        shared = (code_digest(), site.profile, site.did, site.did_path, options,
                  site.build_date)
        self._badge_base = hashlib.sha256(repr(shared).encode())

    def __reduce__(self) -> tuple[type[Renderer], tuple[SiteView, SiteOptions]]:
        """Pickle as what it is made from (a worker process compiles its own templates)."""
        return (Renderer, (self._site, self._options))

    def badge_key(self, badge: BadgeView, slots: tuple[BakeSlot, ...]) -> str:
        """The key of a badge page: a digest of everything ``badge_page`` reads."""
        digest = self._badge_base.copy()
        digest.update(repr((badge, slots)).encode())
        return digest.hexdigest()

    def badge_page(self, badge: BadgeView, slots: tuple[BakeSlot, ...]) -> bytes:
        """The HTML of one badge page; ``slots`` are the images it offers baked."""
        own_card = has_recipient_card(badge, self._options.recipient_previews)
        share = share_view(badge, self._site.profile, slots, own_card)
        return self._badge.render(bp=self._site, badge=badge, share=share,
                                  certificate=certificate_view(badge, self._site, "../../"),
                                  preview=share.preview, root="../../",
                                  noindex=self._noindex,
                                  build_date=self._site.build_date).encode()

    def verify_page(self) -> bytes:
        """The HTML of the standalone verify page."""
        return self._verify.render(bp=self._site, root=relative_root(VERIFY_PAGE),
                                   noindex=False,
                                   preview=verify_preview(self._site.profile)).encode()
