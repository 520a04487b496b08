"""The /verify/ page (headless Chromium, the committed bundle) after an error: the error is
shown and the page is never left busy. (The limits cases of the verdict table run in the
browser with every other case, in ``test_verifier_browser.py``.)"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import SiteServer, free_port
from tests.conftest import REPO

pytestmark = pytest.mark.browser

BUNDLE = REPO / "src" / "badgepress" / "site" / "assets" / "badgepress-verify-page.js"
PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="bp-verify-tool"></div><script src="badgepress-verify-page.js"></script></body></html>
"""


@pytest.fixture(scope="module")
def verify_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A bare /verify/ page with the committed bundle, served on loopback."""
    root = tmp_path_factory.mktemp("www")
    folder = root / "verify"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    shutil.copy(BUNDLE, folder / BUNDLE.name)
    port = free_port()
    with SiteServer(root, port):
        yield f"http://localhost:{port}/verify/"


def _verdict(page: Any) -> dict[str, Any]:
    page.wait_for_selector("#bp-verify[data-verdict]", timeout=20_000)
    states = page.eval_on_selector_all(
        ".bp-checks li", "items => items.map(i => [i.dataset.check, i.dataset.state])")
    problem = next(((c, s) for c, s in states if s != "pass"), (None, None))
    return {"verdict": page.get_attribute("#bp-verify", "data-verdict"),
            "check": problem[0], "state": problem[1]}


def test_verify_page_is_not_left_busy_after_an_unreadable_paste(page: Any,
                                                                 verify_url: str) -> None:
    page.goto(verify_url)
    page.fill("#bp-paste", '{"name": "a", "name": "b"}')
    page.click("#bp-paste-verify")
    assert _verdict(page)["verdict"] == "not-verified"
    assert page.get_attribute("#bp-verify", "aria-busy") is None
    assert "/name: this key appears twice" in page.text_content("#bp-verify")


def test_verify_page_is_not_left_busy_after_a_failed_url(page: Any, verify_url: str) -> None:
    page.goto(verify_url)
    page.fill("#bp-url", "http://localhost@evil.example/badge.json")
    page.click("#bp-url-verify")
    page.wait_for_selector("#bp-verify[data-verdict]", timeout=20_000)
    assert page.get_attribute("#bp-verify", "data-verdict") == "not-verified"
    assert page.get_attribute("#bp-verify", "aria-busy") is None
    assert "refusing to fetch" in page.inner_text("#bp-verify")
