"""The site build: what is published, where, and how it looks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgepress import lifecycle
from badgepress.keystore import generate_key
from badgepress.project import Project
from badgepress.schema import PROFILE, schema_errors
from tests.conftest import write_project
from tests.integration.site_project import (
    add_achievement,
    build,
    issue,
    site_project,
    tree,
)

__all__ = ["site_project"]


def badge_dirs(site: Path) -> list[Path]:
    return sorted(p for p in (site / "badges").iterdir() if p.is_dir())


def test_strict_build_publishes_every_output(site_project: Project) -> None:
    result = build(site_project)
    site = result.site_dir
    assert result.stats.verified == 3
    for path in ("index.html", "404.html", "verify/index.html", "did.json", "issuer.json",
                 "sitemap.xml", "robots.txt", ".nojekyll", "achievements/python/index.html",
                 "achievements/python.json", "status/1.json", "assets/badgepress.css",
                 "assets/badgepress-verifier.js", "assets/badgepress-verify-page.js"):
        assert (site / path).is_file(), path
    assert not (site / ".well-known").exists()
    issuer = json.loads((site / "issuer.json").read_bytes())
    assert issuer["id"] == site_project.did
    assert schema_errors(issuer, PROFILE) == []
    did = json.loads((site / "did.json").read_bytes())
    assert did["id"] == site_project.did
    assert (site / "status/1.json").read_bytes() == \
        (site_project.status_dir / "lists/1.json").read_bytes()
    achievement = json.loads((site / "achievements/python.json").read_bytes())
    assert achievement["id"] == f"{site_project.profile.site_url}achievements/python/"
    for stored in site_project.credentials_dir.glob("*.json"):
        assert (site / "badges" / stored.stem / "credential.json").read_bytes() == \
            stored.read_bytes()


def test_badge_page_shows_the_credential(site_project: Project) -> None:
    site = build(site_project).site_dir
    pages = [(d / "index.html").read_text("utf-8") for d in badge_dirs(site)]
    assert len(pages) == 3
    page = next(p for p in pages if "Ada Lovelace" in p)
    assert '<meta name="robots" content="noindex">' in page
    assert 'class="bp-recipient">Ada Lovelace<' in page
    assert "Python Basics" in page and "Example Academy" in page
    assert 'data-status="valid"' in page
    assert '<section id="bp-verify"' in page
    assert '<script type="application/json" id="bp-credential">' in page
    assert '<script src="../../assets/badgepress-verifier.js" defer></script>' in page
    assert 'href="https://example.org/portfolio/42"' in page
    assert 'href="credential.json"' in page
    embedded = page.split('id="bp-credential">', 1)[1].split("</script>", 1)[0]
    token = next(d.name for d in badge_dirs(site) if "Ada Lovelace" in
                 (d / "index.html").read_text("utf-8"))
    stored = json.loads((site_project.credentials_dir / f"{token}.json").read_bytes())
    assert json.loads(embedded) == stored
    verify = (site / "verify/index.html").read_text("utf-8")
    assert '<div id="bp-verify-tool">' in verify
    assert '<script src="../assets/badgepress-verify-page.js" defer></script>' in verify
    assert "badgepress-verifier.js" not in verify


def test_home_and_achievement_pages(site_project: Project) -> None:
    site = build(site_project).site_dir
    home = (site / "index.html").read_text("utf-8")
    assert "Example Academy" in home and "A demo issuer used in tests." in home
    assert 'href="./achievements/python/"' in home
    assert "3 holders" in home
    assert site_project.did in home and "Active" in home
    assert "How to verify a badge from us" in home
    page = (site / "achievements/python/index.html").read_text("utf-8")
    assert "<strong>final</strong>" in page
    assert 'href="../../achievements/python.json"' in page
    assert "https://example.org/skills/programming" in page
    assert "3 holders" in page


def test_sitemap_leaves_out_badges_unless_public(site_project: Project) -> None:
    site = build(site_project).site_dir
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/badges/" not in sitemap.replace("github.io/badges/", "")
    assert "achievements/python/" in sitemap and "verify/" in sitemap
    assert "Sitemap: https://example-academy.github.io/badges/sitemap.xml" in \
        (site / "robots.txt").read_text("utf-8")
    config = site_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      public_listing: true\n", "utf-8")
    site = build(site_project).site_dir
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("github.io/badges/badges/") == 3
    page = (badge_dirs(site)[0] / "index.html").read_text("utf-8")
    assert "noindex" not in page


def test_revoked_and_expired_badges_are_published_with_their_status(
        site_project: Project) -> None:
    [revoked] = issue(site_project, ["Mallory"])
    lifecycle.revoke(site_project, str(revoked), "issued in error",
                     datetime(2026, 4, 1, tzinfo=UTC))
    add_achievement(site_project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(site_project, ["Eve"], slug="short")
    site = build(site_project).site_dir
    page = (site / "badges" / revoked.stem / "index.html").read_text("utf-8")
    assert 'data-status="revoked"' in page
    assert "issued in error" in page and "2026-04-01" in page
    page = (site / "badges" / expired.stem / "index.html").read_text("utf-8")
    assert 'data-status="expired"' in page and "Expired" in page
    home = (site / "index.html").read_text("utf-8")
    assert "issued in error" in home and f"<code>{revoked.stem}</code>" in home
    assert f"badges/{revoked.stem}/" not in home and "Mallory" not in home  # not linked
    assert (site / "status/log.json").read_bytes() == \
        (site_project.status_dir / "log.json").read_bytes()


@pytest.mark.parametrize("name", [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
])
def test_names_from_credentials_render_as_text(site_project: Project, name: str) -> None:
    [path] = issue(site_project, [name])
    site = build(site_project).site_dir
    page = (site / "badges" / path.stem / "index.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    # The credential's and the certificate's JSON blocks, the verifier, the share buttons.
    assert page.count("<script") == 4
    assert "&lt;" in page or "&#34;" in page
    embedded = page.split('id="bp-credential">', 1)[1].split("</script>", 1)[0]
    assert "<" not in embedded and ">" not in embedded
    certificate = page.split('id="bp-certificate-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in certificate and ">" not in certificate
    assert json.loads(certificate)["recipient"] == name
    assert json.loads(embedded)["credentialSubject"]["identifier"][0]["identityHash"] == name


def test_raw_html_in_markdown_is_escaped(site_project: Project) -> None:
    add_achievement(site_project, "raw", "Raw", body="<script>alert(1)</script>\n\n"
                    "[click](javascript:alert(1))")
    site = build(site_project).site_dir
    page = (site / "achievements/raw/index.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_build_is_deterministic(site_project: Project, tmp_path: Path) -> None:
    first = tree(build(site_project, tmp_path / "one").site_dir)
    second = tree(build(site_project, tmp_path / "two", workers=2).site_dir)
    assert first == second


@pytest.mark.parametrize(("site_url", "did_path", "absent"), [
    ("https://example-academy.org/", ".well-known/did.json", "did.json"),
    ("https://example-academy.github.io/badges/", "did.json", ".well-known/did.json"),
])
def test_did_document_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           site_url: str, did_path: str, absent: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1788000000")
    root = write_project(tmp_path / "repo", site_url=site_url)
    project = Project.load(root)
    generate_key(project.keys_dir, root, datetime(2026, 1, 1, tzinfo=UTC).date())
    add_achievement(project)
    issue(project, ["Ada"])
    site = build(project).site_dir
    document = json.loads((site / did_path).read_bytes())
    assert document["id"] == project.did
    assert not (site / absent).exists()
