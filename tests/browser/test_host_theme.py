"""badgepress pages of a host site (mkdocs-material, readthedocs, mkdocs) in Chromium:
badge, verify and achievement pages carry the theme's look, the verifier runs under
badgepress's Content-Security-Policy with no violation, and the host's pages get no CSP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from badgepress.planning.context import SOURCE_DATE_EPOCH
from tests.browser.conftest import SiteServer, free_port
from tests.browser.test_verifier_e2e import open_badge
from tests.integration.site_project import BUILT, build
from tests.integration.test_site_host_theme import THEMES, host_site


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_themed_badge_page_of_a_host_site_verifies_with_no_csp_violation(
        page: Any, tmp_path: Path, theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    port = free_port()
    base = f"http://localhost:{port}/handbook/"
    project = host_site(tmp_path / "repo", theme, site_url=base)
    [token] = [p.stem for p in (project.root / "credentials").glob("*.json")]
    build(project, tmp_path / "www" / "handbook")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    with SiteServer(tmp_path / "www", port):
        report = open_badge(page, f"{base}badges/{token}/")
        assert report["headline"] == "Verified"
        assert THEMES[theme] in page.content()
        assert page.locator(".bp-scope .bp-recipient").inner_text() == "Ada Lovelace"
        page.screenshot(path=str(tmp_path / f"{theme}-badge.png"), full_page=True)
        page.goto(f"{base}verify/")
        page.wait_for_selector("#bp-verify-tool textarea", timeout=15_000)
        assert THEMES[theme] in page.content()
        page.goto(f"{base}achievements/python/")
        assert page.locator(".bp-scope h1").inner_text() == "Python Basics"
        assert THEMES[theme] in page.content()
        page.goto(f"{base}setup/")
        csp = page.locator("meta[http-equiv='Content-Security-Policy']").count()
    assert violations == []
    assert csp == 0
