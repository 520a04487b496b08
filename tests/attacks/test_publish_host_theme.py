"""Attacks through badgepress's pages in a host theme (mkdocs-material): the theme's
environment does not escape, so badgepress's templates and Markdown must, on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from badgepress.planning.context import SOURCE_DATE_EPOCH
from tests.integration.site_project import BUILT, add_achievement, build, issue
from tests.integration.test_site_host_theme import host_site


def _achievement_page(tmp_path: Path, **achievement: str) -> str:
    project = host_site(tmp_path / "repo", "material")
    add_achievement(project, slug="html", **achievement)
    site = build(project, tmp_path / "site").site_dir
    return (site / "achievements" / "html" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fixed_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)


def test_script_in_achievement_criteria_is_shown_as_text_in_a_host_theme(
        tmp_path: Path) -> None:
    html = _achievement_page(tmp_path,
                             body="<script>alert(1)</script> <img src=x onerror=alert(2)>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_javascript_link_in_achievement_criteria_is_dropped_in_a_host_theme(
        tmp_path: Path) -> None:
    html = _achievement_page(tmp_path, body="[click](javascript:alert(1))")
    assert "javascript:" not in html
    assert '<a href="#">click</a>' in html


def test_html_in_an_achievement_name_is_escaped_in_a_host_theme(tmp_path: Path) -> None:
    html = _achievement_page(tmp_path, name="Raw <b>HTML</b>")
    assert "<b>HTML</b>" not in html
    assert "<h1>Raw &lt;b&gt;HTML&lt;/b&gt;</h1>" in html
    assert 'content="Raw &lt;b&gt;HTML&lt;/b&gt; · Example Org"' in html


def test_recipient_name_with_frame_markers_does_not_move_the_page(tmp_path: Path) -> None:
    project = host_site(tmp_path / "repo", "material")
    marker_name = "<!--bp-frame-body--> bp-frame-title-6f1d"
    [credential] = issue(project, [marker_name])
    site = build(project, tmp_path / "site").site_dir
    html = (site / "badges" / credential.stem / "index.html").read_text(encoding="utf-8")
    assert html.count('<div class="bp-scope">') == 1
    assert html.count("Content-Security-Policy") == 1
    assert "<!--bp-frame-body-->" not in html and "<!--bp-frame-head-->" not in html
    assert "&lt;!--bp-frame-body--&gt; bp-frame-title-6f1d</bdi>" in html
