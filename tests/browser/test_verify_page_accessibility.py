"""/verify/ with a rich result (logo, image, criteria, skills, alignments, narrative,
evidence): axe-core finds no violation of any impact, light and dark, desktop and phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.attacks.test_verifier_browser import SITE, Network, browser_report, site_folder
from tests.attacks.test_verify_page_content import _case, _rich
from tests.browser.page_types import SCHEMES, VIEWPORTS
from tests.browser.test_accessibility import violations

__all__ = ["site_folder"]  # the module-scoped built site, used by the fixture below


@pytest.fixture(params=[(v, s) for v in sorted(VIEWPORTS) for s in SCHEMES],
                ids=lambda p: f"{p[0]}-{p[1]}")
def rich_page(request: pytest.FixtureRequest, browser: Any,
              site_folder: Path) -> Iterator[Any]:
    viewport, scheme = request.param
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, bypass_csp=True)
    network = Network(site_folder)
    context.route("**/*", network.serve)
    page = context.new_page()
    assert browser_report(page, network, _case(_rich()))["verdict"] == "verified"
    assert page.url == f"{SITE}verify/"
    yield page
    context.close()


def test_verify_page_with_a_rich_result_has_no_accessibility_violation(rich_page: Any) -> None:
    assert rich_page.locator("#bp-content .bp-narrative li").count() == 2
    assert violations(rich_page) == []
