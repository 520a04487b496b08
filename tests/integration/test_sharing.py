"""Sharing a badge: LinkedIn's "Add to profile" link, link previews, baked downloads and
the bake/unbake commands."""

from __future__ import annotations

import io
import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from PIL import Image

from badgepress import lifecycle
from badgepress.baking import bake
from badgepress.cli import main
from badgepress.keystore import generate_key
from badgepress.pages import preview
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.site import outputs
from tests.conftest import write_project
from tests.integration.site_project import (
    BUILT,
    ISSUED,
    add_achievement,
    add_png,
    build,
    issue,
    site_project,
)

__all__ = ["site_project"]


class Page(HTMLParser):
    """The parts of a page the sharing features put there."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.canonical: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "a":
            self.links.append(values)
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values["href"]


def page_of(site: Path, credential: Path) -> Page:
    return Page((site / "badges" / credential.stem / "index.html").read_text("utf-8"))


def linkedin(page: Page) -> dict[str, str] | None:
    found = [a for a in page.links
             if a.get("href", "").startswith("https://www.linkedin.com/profile/add")]
    assert len(found) <= 1
    return found[0] if found else None


def params(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert (parts.netloc, parts.path) == ("www.linkedin.com", "/profile/add")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values())
    return {k: v[0] for k, v in query.items()}


def credential_id(path: Path) -> str:
    return str(json.loads(path.read_bytes())["id"])


def new_project(root: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)
    write_project(root, extra=extra)
    project = Project.load(root)
    generate_key(project.keys_dir, root, date(2026, 1, 1))
    return project


def test_linkedin_link_names_the_organisation_and_dates(site_project: Project) -> None:
    [ada] = [p for p in site_project.credentials_dir.glob("*.json")
             if "Ada Lovelace" in p.read_text("utf-8")]
    page = page_of(build(site_project).site_dir, ada)
    link = linkedin(page)
    assert link is not None
    assert link["target"] == "_blank" and "noopener" in link["rel"].split()
    url = credential_id(ada)
    assert params(link["href"]) == {
        "startTask": "CERTIFICATION_NAME", "name": "Python Basics",
        "organizationName": "Example Academy",
        "issueYear": str(ISSUED.year), "issueMonth": str(ISSUED.month),  # 3, not 03 or 2
        "certUrl": url, "certId": ada.stem,  # the short token, as printed on the page
    }
    assert "organizationName=Example%20Academy" in link["href"]  # every value encoded
    assert "certUrl=https%3A%2F%2F" in link["href"]


def test_linkedin_link_uses_the_organization_id_and_expiry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "repo", monkeypatch,
                          extra='        linkedin_organization_id: "1234567"\n')
    add_achievement(project, "yearly", "Yearly & Co", extra="valid_for_days: 400\n")
    [path] = issue(project, ["Ada Lovelace"], slug="yearly")
    link = linkedin(page_of(build(project).site_dir, path))
    assert link is not None
    query = params(link["href"])
    assert query["organizationId"] == "1234567" and "organizationName" not in query
    assert query["name"] == "Yearly & Co"
    assert (query["issueYear"], query["issueMonth"]) == ("2026", "3")
    assert (query["expirationYear"], query["expirationMonth"]) == ("2027", "4")
    assert query["certId"] == path.stem


def test_revoked_and_expired_badges_have_no_linkedin_button(site_project: Project) -> None:
    [revoked] = issue(site_project, ["Mallory"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(site_project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(site_project, ["Eve"], slug="short")
    site = build(site_project).site_dir
    for path in (revoked, expired):
        page = page_of(site, path)
        assert linkedin(page) is None
        assert page.meta["og:url"] == credential_id(path)  # still previewed, honestly
    assert "revoked" in page_of(site, revoked).meta["og:description"]
    assert "expired" in page_of(site, expired).meta["og:description"]


def site_file(site: Path, site_url: str, url: str) -> Path:
    assert url.startswith(site_url), url
    return site / url.removeprefix(site_url)


def test_link_preview_tags_on_badge_and_achievement_pages(site_project: Project) -> None:
    site = build(site_project).site_dir
    site_url = site_project.profile.site_url
    badge = next(site_project.credentials_dir.glob("*.json"))
    pages = {"badge": page_of(site, badge),
             "achievement": Page((site / "achievements/python/index.html").read_text("utf-8"))}
    urls = {"badge": credential_id(badge), "achievement": f"{site_url}achievements/python/"}
    for kind, page in pages.items():
        meta = page.meta
        assert meta["og:url"] == page.canonical == urls[kind]
        assert meta["og:type"] == "website"
        assert meta["og:site_name"] == "Example Academy"
        assert "Python Basics" in meta["og:title"] and meta["og:description"]
        assert meta["og:image:alt"] and meta["twitter:card"] == "summary_large_image"
        image = site_file(site, site_url, meta["og:image"])
        assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(image) as card:
            assert card.format == "PNG"
            assert card.width >= 1200 and card.height >= 627
            assert (str(card.width), str(card.height)) == (meta["og:image:width"],
                                                           meta["og:image:height"])
    assert pages["badge"].meta["og:title"].startswith(
        json.loads(badge.read_bytes())["credentialSubject"]["identifier"][0]["identityHash"])
    assert pages["badge"].meta["og:image"] == pages["achievement"].meta["og:image"]


def test_preview_card_is_drawn_without_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "FONT_DIR", Path("no-such-fonts"))
    preview.font.cache_clear()
    try:
        data = preview.preview_card("A very long achievement name " * 4, "Issuer", "x.org/",
                                    None)
        assert data == preview.preview_card("A very long achievement name " * 4, "Issuer",
                                            "x.org/", None)
    finally:
        preview.font.cache_clear()
    with Image.open(io.BytesIO(data)) as card:
        assert card.size == (1200, 630)


def test_badge_pages_offer_the_achievements_images_baked(site_project: Project) -> None:
    site = build(site_project).site_dir
    folder = site / "badges" / next(site_project.credentials_dir.glob("*.json")).stem
    assert sorted(p.name for p in folder.iterdir()) == ["credential.json", "index.html",
                                                        "shield.svg"]
    page = (folder / "index.html").read_text("utf-8")
    assert 'data-bp-bake="svg" data-bp-image="../../images/python.svg"' in page
    assert 'data-bp-bake="png"' not in page  # no PNG beside the SVG
    add_png(site_project)
    page = (build(site_project).site_dir / "badges" / folder.name / "index.html").read_text()
    assert page.index('data-bp-bake="png"') < page.index('data-bp-bake="svg"')
    assert page.count('<li class="bp-baked" hidden>') == 2  # shown by the page's script
    assert "bake one yourself with <code>badgepress bake</code>" in page  # in <noscript>


def test_an_image_that_cannot_be_baked_fails_the_build(site_project: Project) -> None:
    stored = next(site_project.credentials_dir.glob("*.json"))
    image = site_project.docs_dir / "images" / "python.svg"
    image.write_bytes(bake(image.read_bytes(), "svg", stored.read_text("utf-8")))
    with pytest.raises(SiteError) as failure:
        build(site_project)
    message = str(failure.value)
    assert "site_src/images/python.svg" in message and "already baked" in message


def test_bake_then_unbake_gives_the_same_bytes(site_project: Project, tmp_path: Path) -> None:
    add_png(site_project)
    stored = next(site_project.credentials_dir.glob("*.json"))
    runner = CliRunner()
    for image in ("python.png", "python.svg"):
        source = site_project.docs_dir / "images" / image
        baked, back = tmp_path / f"baked-{image}", tmp_path / f"{image}.json"
        result = runner.invoke(main, ["bake", str(source), str(stored), "-o", str(baked)])
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["unbake", str(baked), "-o", str(back)])
        assert result.exit_code == 0, result.output
        assert back.read_bytes() == stored.read_bytes()
        result = runner.invoke(main, ["verify", "--project", str(site_project.root), str(baked)])
        assert result.exit_code == 0, result.output


def test_baked_image_with_an_edited_credential_fails_verification(
        site_project: Project, tmp_path: Path) -> None:
    stored = next(site_project.credentials_dir.glob("*.json"))
    credential = json.loads(stored.read_bytes())
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(credential), encoding="utf-8")
    runner = CliRunner()
    image = site_project.docs_dir / "images/python.svg"
    tampered = tmp_path / "tampered.svg"
    result = runner.invoke(main, ["bake", str(image), str(edited), "-o", str(tampered)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["verify", "--project", str(site_project.root), str(tampered)])
    assert result.exit_code == 1
    assert "0 of 1 credential(s) verified" in result.output


def test_bake_refuses_json_as_the_image_and_a_baked_image(
        site_project: Project, tmp_path: Path) -> None:
    stored = next(site_project.credentials_dir.glob("*.json"))
    runner = CliRunner()
    result = runner.invoke(main, ["bake", str(stored), str(stored), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and "not a PNG or SVG image" in result.output
    baked = tmp_path / "baked.svg"
    baked.write_bytes(bake((site_project.docs_dir / "images/python.svg").read_bytes(), "svg",
                           stored.read_text("utf-8")))
    result = runner.invoke(main, ["bake", str(baked), str(stored), "-o", str(tmp_path / "y")])
    assert result.exit_code == 1 and "already baked" in result.output
    assert not (tmp_path / "y").exists()


def test_recipient_previews_give_each_badge_its_own_card(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = new_project(tmp_path / "repo", monkeypatch,
                          extra="      recipient_previews: true\n")
    add_achievement(project)
    add_png(project)
    ada, mallory = issue(project, ["Ada Lovelace", "Mallory"])
    lifecycle.revoke(project, str(mallory), "issued in error", now=ISSUED)
    site = build(project).site_dir
    site_url = project.profile.site_url
    meta = page_of(site, ada).meta
    assert meta["og:image"] == credential_id(ada) + "preview.png"
    assert meta["og:image:alt"].startswith("Ada Lovelace earned Python Basics")
    card = site_file(site, site_url, meta["og:image"])
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    drawn = card.read_bytes()
    assert drawn != (site / "previews/python.png").read_bytes()
    # A revoked badge keeps the achievement's card: its own would say "earned".
    assert page_of(site, mallory).meta["og:image"] == f"{site_url}previews/python.png"
    assert not (site / "badges" / mallory.stem / "preview.png").exists()
    # Unchanged cards are not drawn again; a new badge's card is.
    drawn_titles: list[str] = []
    original = preview.preview_card

    def recording(title: str, *args: Any, **kwargs: Any) -> bytes:
        drawn_titles.append(title)
        return original(title, *args, **kwargs)

    monkeypatch.setattr(outputs, "preview_card", recording)
    issue(project, ["Grace Hopper"])
    build(project)
    assert [t for t in drawn_titles if "earned" in t] == ["Grace Hopper earned Python Basics"]
    assert card.read_bytes() == drawn


def test_without_recipient_previews_badges_share_the_achievement_card(
        site_project: Project) -> None:
    site = build(site_project).site_dir
    assert not list(site.glob("badges/*/preview.png"))
