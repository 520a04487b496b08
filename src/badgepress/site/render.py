"""Rendering pages from the Jinja templates shipped in the package (autoescape on)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from badgepress.site.badge import BadgeView
from badgepress.site.names import relative_root
from badgepress.site.share import ShareView
from badgepress.site.views import SiteView

VERIFY_PAGE = "verify/index.html"


def templates_dir() -> Path:
    """The folder of the templates (also the mkdocs theme's folder)."""
    return Path(str(resources.files("badgepress.site").joinpath("templates")))


def assets_dir() -> Path:
    """The folder of the CSS and JavaScript assets."""
    return Path(str(resources.files("badgepress.site").joinpath("assets")))


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the pages badgepress renders itself."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=True,
    )


class Renderer:
    """Renders the badge pages and the verify page of one build."""

    def __init__(self, site: SiteView, public_listing: bool) -> None:
        env = environment()
        self._badge = env.get_template("badge.html")
        self._verify = env.get_template("verify.html")
        self._site = site
        self._noindex = not public_listing

    def badge_page(self, badge: BadgeView, share: ShareView) -> bytes:
        """The HTML of one badge page."""
        return self._badge.render(bp=self._site, badge=badge, share=share,
                                  preview=share.preview, root="../../",
                                  noindex=self._noindex,
                                  build_date=self._site.build_date).encode()

    def verify_page(self) -> bytes:
        """The HTML of the standalone verify page."""
        return self._verify.render(bp=self._site, root=relative_root(VERIFY_PAGE),
                                   noindex=False).encode()
