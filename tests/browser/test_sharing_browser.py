"""More ways to share, in headless Chromium on a real build served over HTTP: the status
shield after a revoke and a rebuild, the Mastodon form, the snippet copy buttons, and dark
mode's contrast on every page type."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from badgepress import lifecycle
from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.integration.site_project import ISSUED, add_achievement, build, issue, site_project

__all__ = ["site_project"]


@dataclass
class Served:
    """A site built into ``served/badges/`` and served at ``base``."""

    project: Project
    folder: Path
    base: str

    def rebuild(self) -> None:
        build(self.project, site_dir=self.folder)

    def badge(self, credential: Path) -> str:
        return f"{self.base}badges/{credential.stem}/"


@pytest.fixture
def served(site_project: Project, tmp_path: Path) -> Iterator[Served]:
    folder = tmp_path / "served" / "badges"
    build(site_project, site_dir=folder)
    with SiteServer(tmp_path / "served", free_port()) as server:
        yield Served(site_project, folder, f"http://localhost:{server.port}/badges/")


def shield_label(page: Any, url: str) -> str:
    page.goto(url)
    return str(page.locator("svg").get_attribute("aria-label"))


def fetched_label(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers.get_content_type() == "image/svg+xml"
        body = response.read().decode("utf-8")
    return body.split('aria-label="', 1)[1].split('"', 1)[0]


def test_shield_says_revoked_after_a_revoke_and_a_rebuild(browser: Any, served: Served) -> None:
    badge = next(served.project.credentials_dir.glob("*.json"))
    shield = served.badge(badge) + "shield.svg"
    for state in ("valid", "revoked"):
        if state == "revoked":
            lifecycle.revoke(served.project, str(badge), "issued in error", now=ISSUED)
            served.rebuild()
        spoken = f"Python Basics badge from Example Academy: {state}"
        assert fetched_label(shield) == spoken
        context = browser.new_context()  # a visitor without the old shield in the cache
        try:
            page = context.new_page()
            page.goto(served.badge(badge))
            image = page.locator("img.bp-shield")
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 40")
            assert shield_label(page, shield) == spoken
            assert page.locator("text").all_text_contents() == ["Python Basics", state]
        finally:
            context.close()


def test_mastodon_form_opens_the_post_form_of_the_typed_server(
        browser: Any, served: Served) -> None:
    badge = next(served.project.credentials_dir.glob("*.json"))
    context = browser.new_context()
    context.route("https://mastodon.social/**",
                  lambda route: route.fulfill(status=200, body="post form"))
    try:
        page = context.new_page()
        page.goto(served.badge(badge))
        button = page.get_by_role("button", name="Post on Mastodon")
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        field = page.get_by_label("Your Mastodon server")
        expect(field).to_be_focused()
        field.fill("@ada@Mastodon.Social")
        with context.expect_page() as opened:
            page.get_by_role("button", name="Write the post").click()
        popup = opened.value
        popup.wait_for_load_state()
        url = urlsplit(popup.url)
        assert (url.scheme, url.netloc, url.path) == ("https", "mastodon.social", "/share")
        public = json.loads(badge.read_bytes())["id"]
        assert parse_qs(url.query) == {
            "text": [f"I earned the Python Basics badge from Example Academy. {public}"]}
        assert popup.evaluate("window.opener") is None
        assert page.evaluate("Object.keys(localStorage).length + document.cookie.length") == 0
    finally:
        context.close()


def test_copy_buttons_copy_the_embed_and_shield_snippets(browser: Any, served: Served) -> None:
    badge = next(served.project.credentials_dir.glob("*.json"))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served.badge(badge))
        for source in ("bp-embed-code", "bp-shield-markdown", "bp-shield-html"):
            button = page.locator(f'button[data-bp-copy-from="{source}"]')
            expect(button).to_be_visible()
            button.click()
            expect(button).to_have_text("Copied")
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied == page.locator(f"#{source}").input_value()
            assert copied.startswith(("<a href=", "[!["))
    finally:
        context.close()


# The WCAG contrast of every visible text against what is behind it (the first ancestor
# with an opaque background), and whether the page's own background is dark.
CONTRAST = """() => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const behind = element => {
    for(let e = element; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if(colour.length === 3 || colour[3] > 0.9) { return colour.slice(0, 3); }
    }
    return [255, 255, 255];
  };
  const low = [];
  for(const element of document.body.querySelectorAll('*')) {
    const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if(!own || element.closest('svg, noscript') || !element.getClientRects().length) { continue; }
    const style = getComputedStyle(element);
    if(style.visibility === 'hidden') { continue; }
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const found = ratio(rgb(style.color).slice(0, 3), behind(element));
    if(found < needed) { low.push(`${element.tagName}.${element.className}: ${found.toFixed(2)}`); }
  }
  return {low, dark: lum(behind(document.body)) < 0.05};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_keeps_aa_contrast_in_light_and_dark_mode(
        browser: Any, served: Served, scheme: str) -> None:
    project = served.project
    [revoked] = issue(project, ["Mallory"])
    lifecycle.revoke(project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(project, ["Eve"], slug="short")
    served.rebuild()
    valid = next(p for p in project.credentials_dir.glob("*.json")
                 if "Ada Lovelace" in p.read_text("utf-8"))
    pages = [served.base, f"{served.base}verify/", f"{served.base}achievements/python/",
             f"{served.base}404.html", served.badge(valid), served.badge(revoked),
             served.badge(expired)]
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for url in pages:
            page.goto(url)
            if "/badges/badges/" in url:
                page.locator(".bp-verify[data-verdict]").wait_for()
            found = page.evaluate(CONTRAST)
            assert found["low"] == [], url
            assert found["dark"] == (scheme == "dark"), url
    finally:
        context.close()
