"""axe-core (the engine behind most accessibility checkers) on every page type of the demo,
at desktop and phone sizes, light and dark: no violation of any impact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.page_types import (
    REPO,
    SCHEMES,
    VIEWPORTS,
    PageType,
    open_page,
    served_demo,
)

AXE = REPO / "js" / "node_modules" / "axe-core" / "axe.min.js"
KINDS = ["home", "achievement", "badge-valid", "badge-expired", "badge-revoked",
         "badge-stacked", "pathways", "verify", "verify-result", "not-found"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, PageType]]]:
    with served_demo(tmp_path_factory.mktemp("a11y")) as (base, kinds):
        yield base, {k.name: k for k in kinds}


def violations(page: Any) -> list[str]:
    """axe-core's violations on ``page``, one line each (rule, impact, first target)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} — {v['help']}"
            for v in found]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", KINDS)
def test_page_type_has_no_accessibility_violation(
        browser: Any, demo: tuple[str, dict[str, PageType]], kind: str, viewport: str,
        scheme: str) -> None:
    base, kinds = demo
    width, height = VIEWPORTS[viewport]
    # bypass_csp: the page's CSP rightly refuses injected script; axe is ours, not the page's.
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, bypass_csp=True)
    try:
        page = open_page(context, base, kinds[kind])
        assert violations(page) == []
    finally:
        context.close()


def test_axe_finds_a_violation_when_there_is_one(
        browser: Any, demo: tuple[str, dict[str, PageType]]) -> None:
    base, kinds = demo
    context = browser.new_context(bypass_csp=True)
    try:
        page = open_page(context, base, kinds["home"])
        page.evaluate("document.querySelector('img').removeAttribute('alt')")
        assert any(line.startswith("image-alt") for line in violations(page))
    finally:
        context.close()
