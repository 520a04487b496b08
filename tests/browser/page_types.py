"""Every page type of a badgepress site, from the repository's own demo built at a fixed
moment (so it has valid, expired and revoked badges): used by the accessibility test and
by ``scripts/screenshots``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.site.build import build_site
from tests.browser.conftest import SiteServer, free_port

REPO = Path(__file__).resolve().parents[2]
MOMENT = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
"""The demo's build moment and the browser's clock: some first-aid badges have expired."""
PREFIX = "badges"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")


@dataclass(frozen=True)
class PageType:
    """A kind of page, where it is, and what to do on it before looking."""

    name: str
    path: str
    paste: str | None = None
    """Credential JSON to paste and check on /verify/, for the page with a result."""


def _badge(site: Path, status: str, marker: str = "") -> str:
    for page in sorted((site / "badges").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if f"bp-status-{status}" in text and marker in text:
            return f"badges/{page.parent.name}/"
    raise AssertionError(f"the demo has no {status} badge {marker}")


def page_types(site: Path) -> list[PageType]:
    """The page types of the built demo in ``site``."""
    achievement = sorted((site / "achievements").glob("*/index.html"))[0].parent.name
    valid = _badge(site, "valid")
    credential = json.loads((site / valid / "credential.json").read_text(encoding="utf-8"))
    return [
        PageType("home", ""),
        PageType("achievement", f"achievements/{achievement}/"),
        PageType("badge-valid", valid),
        PageType("badge-expired", _badge(site, "expired")),
        PageType("badge-revoked", _badge(site, "revoked")),
        PageType("badge-stacked", _badge(site, "valid", 'class="bp-components"')),
        PageType("pathways", "pathways/"),
        PageType("verify", "verify/"),
        PageType("verify-result", "verify/", paste=json.dumps(credential)),
        PageType("not-found", "404.html"),
    ]


@contextmanager
def served_demo(work: Path) -> Iterator[tuple[str, list[PageType]]]:
    """Build the demo into ``work`` at ``MOMENT`` and serve it: (base URL, page types)."""
    site = work / PREFIX
    old = os.environ.get(SOURCE_DATE_EPOCH)
    os.environ[SOURCE_DATE_EPOCH] = str(int(MOMENT.timestamp()))
    try:
        build_site(REPO / "mkdocs.yml", strict=True, site_dir=site)
    finally:
        if old is None:
            del os.environ[SOURCE_DATE_EPOCH]
        else:
            os.environ[SOURCE_DATE_EPOCH] = old
    with SiteServer(work, free_port()) as server:
        yield f"http://localhost:{server.port}/{PREFIX}/", page_types(site)


def open_page(context: Any, base: str, kind: PageType) -> Any:
    """A new page of ``context`` showing ``kind``, settled (verdict shown, fonts loaded)."""
    page = context.new_page()
    page.clock.set_fixed_time(MOMENT)
    page.goto(base + kind.path)
    if kind.paste is not None:
        page.fill("#bp-paste", kind.paste)
        page.click("#bp-paste-verify")
    if kind.paste is not None or kind.name.startswith("badge-"):
        page.wait_for_selector("#bp-verify[data-verdict]:not([aria-busy])", timeout=20_000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    return page
