"""More ways to share a badge, in real builds: posts on LinkedIn, X and by e-mail, the
embed snippet, the live status shield, link previews of the home and verify pages, the
rasterised art of SVG-only achievements, the favicon, the 404 page's links and the
revoked list on the home page."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from badgepress import lifecycle
from badgepress.baking.svg import parse_svg
from badgepress.pages import preview
from badgepress.pages.raster import rasterise
from badgepress.project import Project
from tests.conftest import SITE_URL
from tests.integration.site_project import (
    ISSUED,
    SVG,
    add_achievement,
    build,
    issue,
    site_project,
)
from tests.integration.test_sharing import Page, credential_id, new_project, page_of

__all__ = ["site_project"]


class Textareas(HTMLParser):
    """The text of every ``<textarea>`` by id, as a browser shows it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._current: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "textarea":
            self._current = dict(attrs).get("id") or ""
            self.found[self._current] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.found[self._current] += data


def query(href: str, base: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert f"{parts.scheme}:{'//' + parts.netloc if parts.netloc else ''}{parts.path}" == base
    found = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in found.values())
    return {k: v[0] for k, v in found.items()}


def links_to(page: Page, prefix: str) -> list[str]:
    return [a["href"] for a in page.links if a.get("href", "").startswith(prefix)]


def shield(site: Path, credential: Path) -> ET.Element:
    return parse_svg((site / "badges" / credential.stem / "shield.svg").read_text("utf-8"))


def test_valid_badge_page_offers_posts_on_linkedin_x_and_by_email(
        site_project: Project) -> None:
    ada = next(p for p in site_project.credentials_dir.glob("*.json")
               if "Ada Lovelace" in p.read_text("utf-8"))
    page, url = page_of(build(site_project).site_dir, ada), credential_id(ada)
    [post] = links_to(page, "https://www.linkedin.com/sharing/")
    assert query(post, "https://www.linkedin.com/sharing/share-offsite/") == {"url": url}
    text = "I earned the Python Basics badge from Example Academy."
    [x] = links_to(page, "https://x.com/")
    assert query(x, "https://x.com/intent/tweet") == {"text": text, "url": url}
    [mail] = links_to(page, "mailto:")
    fields = query(mail, "mailto:")
    assert fields["subject"] == "My Python Basics badge"
    assert fields["body"].startswith(text) and url in fields["body"]
    assert "+" not in mail and "%20" in mail  # spaces as %20: mail programs read + as +
    for href in (post, x):
        [anchor] = [a for a in page.links if a.get("href") == href]
        assert anchor["target"] == "_blank" and "noopener" in anchor["rel"].split()


def test_revoked_and_expired_badges_offer_no_post(site_project: Project) -> None:
    [revoked] = issue(site_project, ["Mallory"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(site_project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(site_project, ["Eve"], slug="short")
    site = build(site_project).site_dir
    for path in (revoked, expired):
        page = page_of(site, path)
        html = (site / "badges" / path.stem / "index.html").read_text("utf-8")
        assert links_to(page, "https://www.linkedin.com/sharing/") == []
        assert links_to(page, "https://x.com/") == links_to(page, "mailto:") == []
        assert "data-bp-mastodon" not in html and "bp-embed-code" not in html
        assert 'id="bp-shield-markdown"' in html  # the shield follows the state: offered


def test_embed_snippet_shows_the_badge_image_its_name_and_a_link(site_project: Project) -> None:
    badge = next(site_project.credentials_dir.glob("*.json"))
    site = build(site_project).site_dir
    html = (site / "badges" / badge.stem / "index.html").read_text("utf-8")
    embed = Textareas(html).found["bp-embed-code"]
    assert "<a href=" in unescape(html.split('id="bp-embed-code"')[1]) and "<a href=" in embed
    snippet = Page(embed)
    url = credential_id(badge)
    assert [a["href"] for a in snippet.links] == [url, url]
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', embed)
    assert images == [(f"{SITE_URL}images/python.svg", "Python Basics badge")]
    assert "<script" not in embed and "Python Basics</a>, a badge from Example Academy" in embed


def test_shield_says_each_state_and_never_the_recipients_name(site_project: Project) -> None:
    [revoked] = issue(site_project, ["Mallory Revoked"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(site_project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(site_project, ["Eve Expired"], slug="short")
    valid = next(p for p in site_project.credentials_dir.glob("*.json")
                 if "Ada Lovelace" in p.read_text("utf-8"))
    site = build(site_project).site_dir
    for path, name, state, achievement in [(valid, "Ada Lovelace", "valid", "Python Basics"),
                                           (revoked, "Mallory", "revoked", "Python Basics"),
                                           (expired, "Eve", "expired", "Short Course")]:
        svg = shield(site, path)
        spoken = f"{achievement} badge from Example Academy: {state}"
        assert svg.get("role") == "img" and svg.get("aria-label") == spoken
        assert svg.findtext("{http://www.w3.org/2000/svg}title") == spoken
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert texts == [achievement, state]
        raw = (site / "badges" / path.stem / "shield.svg").read_text("utf-8")
        assert name not in raw
        html = (site / "badges" / path.stem / "index.html").read_text("utf-8")
        areas = Textareas(html).found
        shield_url = f"{credential_id(path)}shield.svg"
        assert areas["bp-shield-markdown"] == (
            f"[![{achievement} badge status]({shield_url})]({credential_id(path)})")
        assert f'<img src="{shield_url}"' in areas["bp-shield-html"]


def test_shield_is_rewritten_by_the_build_after_a_revoke(site_project: Project) -> None:
    badge = next(site_project.credentials_dir.glob("*.json"))
    site = build(site_project).site_dir
    assert shield(site, badge).get("aria-label", "").endswith(": valid")
    lifecycle.revoke(site_project, str(badge), "issued in error", now=ISSUED)
    assert shield(build(site_project).site_dir, badge).get("aria-label", "").endswith(
        ": revoked")


def test_home_and_verify_pages_have_link_previews(site_project: Project) -> None:
    site = build(site_project).site_dir
    for path, url, title in [("index.html", SITE_URL, "Example Academy: Open Badges"),
                             ("verify/index.html", f"{SITE_URL}verify/",
                              "Verify a badge · Example Academy")]:
        page = Page((site / path).read_text("utf-8"))
        assert page.meta["og:url"] == page.canonical == url
        assert page.meta["og:title"] == title
        assert page.meta["description"] == page.meta["og:description"] != ""
        assert page.meta["og:image"] == f"{SITE_URL}previews/_issuer.png"
        with Image.open(site / "previews/_issuer.png") as card:
            assert card.size == (1200, 630)
    home = Page((site / "index.html").read_text("utf-8"))
    assert home.meta["description"] == "A demo issuer used in tests."


def test_revoked_badge_preview_never_says_earned(site_project: Project) -> None:
    [revoked] = issue(site_project, ["Mallory Revoked"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", now=ISSUED)
    page = page_of(build(site_project).site_dir, revoked)
    shown = [page.meta[k] for k in ("og:title", "og:description", "og:image:alt",
                                    "description", "twitter:image:alt")]
    assert not [text for text in shown if "earned" in text or "Mallory" in text]
    assert page.meta["og:title"] == "Revoked badge: Python Basics · Example Academy"
    assert page.meta["og:image"] == f"{SITE_URL}previews/python.png"


def panel_colour(card: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(card)) as image:
        pixel = image.convert("RGB").getpixel((preview.PANEL // 2, preview.CARD_HEIGHT // 2))
    assert isinstance(pixel, tuple)
    return pixel


def test_svg_only_achievement_card_shows_the_rasterised_art(site_project: Project) -> None:
    site = build(site_project).site_dir
    card = (site / "previews" / "python.png").read_bytes()
    assert rasterise(SVG.encode()).problem is None
    red, green, blue = panel_colour(card)  # the SVG's circle, #1f5fbf, not initials
    assert abs(red - 0x1F) < 12 and abs(green - 0x5F) < 12 and abs(blue - 0xBF) < 12
    initials = preview.preview_card("Python Basics", "Example Academy", "x", None)
    assert abs(panel_colour(initials)[2] - 0xBF) > 60  # what the card showed before


def test_favicon_is_the_issuer_logo_or_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "plain", monkeypatch)
    site = build(project).site_dir
    for path, root in [("index.html", "./"), ("verify/index.html", "../")]:
        html = (site / path).read_text("utf-8")
        assert f'<link rel="icon" href="{root}assets/favicon.svg" type="image/svg+xml">' in html
    parse_svg((site / "assets" / "favicon.svg").read_text("utf-8"))
    project = new_project(tmp_path / "logo", monkeypatch, extra="        image: images/logo.png\n")
    (project.docs_dir / "images").mkdir()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(project.docs_dir / "images" / "logo.png")
    html = (build(project).site_dir / "index.html").read_text("utf-8")
    assert '<link rel="icon" href="./images/logo.png">' in html


@pytest.mark.parametrize(("site_url", "root"), [("https://badges.example.org/", "/"),
                                                (SITE_URL, "/badges/")])
def test_404_page_links_work_at_a_domain_root_and_in_a_project_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_url: str, root: str) -> None:
    project = new_project(tmp_path / "repo", monkeypatch)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(SITE_URL, site_url))
    html = (build(Project.load(project.root)).site_dir / "404.html").read_text("utf-8")
    addresses = re.findall(r'(?:href|src)="([^"]+)"', html)
    local = [a for a in addresses if not a.startswith(("https://", "mailto:"))]
    assert local and all(a.startswith(root) and not a.startswith("//") for a in local), local
    assert f'href="{root}assets/badgepress.css"' in html
    assert f'href="{root}verify/"' in html


def test_home_page_lists_revoked_badges_as_a_count_and_unlinked_tokens(
        site_project: Project) -> None:
    revoked = issue(site_project, ["Mallory Revoked", "Oscar Revoked"])
    for path in revoked:
        lifecycle.revoke(site_project, str(path), "issued in error", now=ISSUED)
    html = (build(site_project).site_dir / "index.html").read_text("utf-8")
    section = html.split('id="status-log"')[1].split("</section>")[0]
    assert "<p>2 badges revoked.</p>" in section
    for path in revoked:
        assert f"<code>{path.stem}</code>" in section and path.stem not in "".join(
            re.findall(r'href="([^"]*)"', html))
    assert "Mallory" not in html and "Oscar" not in html
