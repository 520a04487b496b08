"""Attacks through the sharing features: markup and URLs in names that end up in share
addresses, snippets pasted into other sites and the status shield shown by them; hostile
SVG art given to the rasteriser of preview cards; and what a visitor types as a Mastodon
server."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest
from PIL import Image

from badgepress.baking.svg import parse_svg
from badgepress.pages import preview, raster
from badgepress.site.build import build_site
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.browser.conftest import SiteServer, free_port
from tests.integration.site_project import add_achievement, build, issue
from tests.integration.test_share_actions import Textareas

__all__ = ["published", "site_project"]

HOSTILE_NAME = ('Py "><script>alert(1)</script><img src=x onerror=alert(2)> '
                "[x](javascript:alert(3)) ![y](https://evil.example/t.png) & ]]> Co")
SVG_NS = "http://www.w3.org/2000/svg"
SECRET_GREEN = (0, 255, 0)


class Markup(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser reads it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(k, v or "") for k, v in attrs]


def hostile_achievement(published: Published) -> Path:
    """The achievement renamed to ``HOSTILE_NAME`` (as YAML text), and one badge of it."""
    add_achievement(published.project, slug="evil", name=json.dumps(HOSTILE_NAME))
    [badge] = issue(published.project, ["Ada Lovelace"], slug="evil")
    build(published.project, published.site_dir)
    return badge


def assert_inert(html: str, own: tuple[str, ...]) -> None:
    """No element but links and images, no event handler, no address but ``own``."""
    markup = Markup(html)
    assert set(markup.tags) <= {"p", "a", "img", "br"}, markup.tags
    assert not [k for k, _ in markup.attributes if k.startswith("on")]
    addresses = [v for k, v in markup.attributes if k in ("href", "src")]
    assert addresses and all(v.startswith(own) for v in addresses), addresses


def test_markup_in_achievement_name_stays_text_in_share_links_and_embed_snippet(
        published: Published) -> None:
    badge = hostile_achievement(published)
    html = (published.site_dir / "badges" / badge.stem / "index.html").read_text("utf-8")
    page_url = json.loads(badge.read_bytes())["id"]
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
    share = html.split('class="bp-share-more"')[1].split("</section>")[0]
    for href in re.findall(r'href="([^"]+)"', share):
        assert href.startswith(("https://www.linkedin.com/sharing/share-offsite/?",
                                "https://x.com/intent/tweet?", "mailto:?")), href
        assert not re.search(r"[\s<>\"']", href), href
        fields = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        carried = fields.get("text", fields.get("subject", fields.get("url")))
        assert carried is not None and (HOSTILE_NAME in carried[0] or carried == [page_url])
    embed = Textareas(html).found["bp-embed-code"]
    assert_inert(embed, (page_url, published.project.profile.site_url))
    assert HOSTILE_NAME in Markup(embed).attributes[2][1]  # the alt text, whole


def test_markdown_link_in_achievement_name_is_no_link_in_the_shield_snippet(
        published: Published) -> None:
    badge = hostile_achievement(published)
    html = (published.site_dir / "badges" / badge.stem / "index.html").read_text("utf-8")
    areas = Textareas(html).found
    page_url = json.loads(badge.read_bytes())["id"]
    rendered = markdown.markdown(areas["bp-shield-markdown"])
    assert_inert(rendered, (page_url,))
    assert Markup(rendered).tags == ["p", "a", "img"]  # one linked image, nothing else
    assert_inert(areas["bp-shield-html"], (page_url,))


def test_markup_in_achievement_name_stays_text_in_the_shield(published: Published) -> None:
    badge = hostile_achievement(published)
    data = (published.site_dir / "badges" / badge.stem / "shield.svg").read_bytes()
    svg = parse_svg(data.decode("utf-8"))  # well-formed: nothing closed the text early
    assert {e.tag.rpartition("}")[2] for e in svg.iter()} == {"svg", "title", "rect", "g",
                                                             "text"}
    assert not [k for e in svg.iter() for k in e.attrib if k.startswith("on")]
    label = next(svg.iter(f"{{{SVG_NS}}}text")).text or ""
    assert label.endswith("…") and HOSTILE_NAME.startswith(label[:-1])
    assert b"<script" not in data and b"]]>" not in data


def test_recipient_name_never_appears_in_the_shield(published: Published) -> None:
    name = 'Mallory "><svg onload=alert(1)> Secret-Name'
    [badge] = issue(published.project, [name])
    build(published.project, published.site_dir)
    data = (published.site_dir / "badges" / badge.stem / "shield.svg").read_text("utf-8")
    assert "Mallory" not in data and "Secret-Name" not in data and "onload" not in data


def write_art(published: Published, svg: str) -> None:
    (published.docs / "images" / "python.svg").write_text(svg, encoding="utf-8")


def card_pixels(published: Published) -> list[tuple[int, ...]]:
    data = (published.site_dir / "previews" / "python.png").read_bytes()
    with Image.open(io.BytesIO(data)) as card:
        assert card.size == (preview.CARD_WIDTH, preview.CARD_HEIGHT)
        panel = card.convert("RGB").crop((0, 0, preview.PANEL, preview.CARD_HEIGHT))
        return [p for p in panel.getdata() if isinstance(p, tuple)]


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], within: int = 40) -> bool:
    return all(abs(a - b) <= within for a, b in zip(pixel, colour, strict=True))


def test_external_href_in_svg_art_is_never_loaded_into_the_preview_card(
        published: Published) -> None:
    secret = published.project.root / "secret.png"
    Image.new("RGB", (64, 64), SECRET_GREEN).save(secret)
    references = [str(secret), f"file://{secret}", "../secret.png", "../../secret.png",
                  f"data:image/svg+xml,<svg xmlns='{SVG_NS}'><image href='{secret}' "
                  "width='64' height='64'/></svg>"]
    images = "".join(f'<image href="{escape(r)}" width="64" height="64"/>'
                     f'<image xlink:href="{escape(r)}" width="64" height="64"/>'
                     f'<filter id="f{i}"><feImage href="{escape(r)}"/></filter>'
                     f'<rect width="64" height="64" filter="url(#f{i})"/>'
                     for i, r in enumerate(references))
    write_art(published, f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" '
              'width="64" height="64"><circle cx="32" cy="32" r="30" fill="#c0392b"/>'
              f"{images}</svg>")
    build(published.project, published.site_dir)  # strict: no warning either
    pixels = card_pixels(published)
    assert not [p for p in pixels if near(p, SECRET_GREEN)]
    assert len([p for p in pixels if near(p, (0xC0, 0x39, 0x2B), 12)]) > 20_000  # the art
    assert b"secret" not in raster.self_contained(
        (published.docs / "images" / "python.svg").read_text("utf-8"))


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lollollollol">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                            for i in range(8))
                  + f']><svg xmlns="{SVG_NS}" width="64" height="64"><text>&i;</text></svg>')


def test_billion_laughs_svg_art_is_refused_before_any_parser_expands_it(
        published: Published) -> None:
    write_art(published, BILLION_LAUGHS)
    error = published.refused()
    found = problems(error)["site_src/images/python.svg"]
    assert "DTD internal subset" in found.message
    outcome = raster.rasterise(BILLION_LAUGHS.encode())
    assert outcome.png is None and "DTD internal subset" in (outcome.problem or "")


def test_svg_art_with_huge_dimensions_is_drawn_within_the_card(published: Published) -> None:
    write_art(published, f'<svg xmlns="{SVG_NS}" width="1000000000" height="1000000000" '
              'viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#c0392b"/></svg>')
    started = time.monotonic()
    build(published.project, published.site_dir)
    assert time.monotonic() - started < raster.MAX_SECONDS
    assert len([p for p in card_pixels(published) if near(p, (0xC0, 0x39, 0x2B), 12)]) > 20_000


def initials_card_is_published(published: Published) -> bool:
    """Whether the card shows the initials badge (no pixel of the art's red)."""
    return not [p for p in card_pixels(published) if near(p, (0xC0, 0x39, 0x2B), 12)]


def test_svg_art_that_draws_too_long_gets_the_initials_card_and_a_warning(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    blur = ('<filter id="f"><feGaussianBlur stdDeviation="500"/></filter>'
            + '<rect width="64" height="64" fill="#c0392b" filter="url(#f)"/>' * 4000)
    write_art(published, f'<svg xmlns="{SVG_NS}" width="64" height="64">{blur}</svg>')
    raster.rasterise.cache_clear()
    started = time.monotonic()
    build_site(published.project.root / "mkdocs.yml", strict=False,
               site_dir=published.site_dir, workers=1)
    assert time.monotonic() - started < raster.MAX_SECONDS + 5
    assert ("site_src/images/python.svg: the preview card shows initials instead of the "
            f"badge art: drawing the SVG took longer than {raster.MAX_SECONDS:g} s"
            ) in caplog.text
    assert initials_card_is_published(published)


def test_svg_art_with_too_many_elements_is_not_rasterised(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    write_art(published, f'<svg xmlns="{SVG_NS}" width="64" height="64">'
              + '<circle cx="32" cy="32" r="30" fill="#c0392b"/>' * (raster.MAX_ELEMENTS + 1)
              + "</svg>")
    build_site(published.project.root / "mkdocs.yml", strict=False,
               site_dir=published.site_dir, workers=1)
    assert ("site_src/images/python.svg: the preview card shows initials instead of the "
            f"badge art: the SVG has more than {raster.MAX_ELEMENTS} elements") in caplog.text
    assert initials_card_is_published(published)


@pytest.fixture
def served_badge(published: Published) -> Iterator[str]:
    """The local address of a valid badge page of ``published``, served over HTTP."""
    badge = next(published.project.credentials_dir.glob("*.json"))
    with SiteServer(published.site_dir, free_port()) as server:
        yield f"http://localhost:{server.port}/badges/{badge.stem}/"


@pytest.mark.parametrize("typed", ["javascript:alert(document.domain)",
                                   "data:text/html,<script>alert(1)</script>",
                                   "mastodon.social/share?text=forged#",
                                   "evil.example:8443", "user@evil.example@mastodon.social",
                                   '"><img src=x onerror=alert(1)>.org', "127.0.0.1"])
def test_mastodon_prompt_with_a_script_url_or_an_address_opens_nothing(
        page: Any, served_badge: str, typed: str) -> None:
    opened: list[str] = []
    page.context.on("page", lambda popup: opened.append(popup.url))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served_badge)
    page.get_by_role("button", name="Post on Mastodon").click()
    page.get_by_label("Your Mastodon server").fill(typed)
    page.get_by_role("button", name="Write the post").click()
    note = page.locator("#bp-mastodon-note")
    assert note.text_content() == "Type the name of your server only, like mastodon.social."
    assert page.get_by_label("Your Mastodon server").get_attribute("aria-invalid") == "true"
    page.wait_for_timeout(300)
    assert opened == [] and dialogs == []
    assert page.url == served_badge
