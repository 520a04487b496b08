"""Attacks on the "Is this badge theirs?" box of /verify/, in headless Chromium: a genuinely
signed credential from another issuer whose recipient identifiers carry markup, and a
typed address that is markup. The box hashes and compares; it never renders either."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.helpers import TEST_PUBLIC, signed_credential, unsigned_credential
from tests.integration.site_project import build, site_project

__all__ = ["site_project"]
pytestmark = pytest.mark.browser

MARKUP_ADDRESS = '<img src=x onerror="window.__pwned=1">@example.org'
SALT = '"><script>window.__pwned=2</script>'
DID_KEY = f"did:key:{TEST_PUBLIC}"


def hostile_credential() -> dict[str, Any]:
    """Signed by a did:key issuer (so it verifies), recipient identifiers full of markup."""
    document = unsigned_credential()
    document["issuer"] = {"id": DID_KEY, "type": ["Profile"], "name": "Example Academy"}
    document["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
         "identityHash": 'sha256$<img src=x onerror="window.__pwned=3">', "salt": SALT},
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": False,
         "identityHash": MARKUP_ADDRESS},
    ]
    return signed_credential(document, did=DID_KEY)


@pytest.fixture
def verify_page(site_project: Project, tmp_path: Path) -> Iterator[str]:
    """The local address of a built site's /verify/ page."""
    build(site_project, site_dir=tmp_path / "served" / "badges")
    with SiteServer(tmp_path / "served", free_port()) as server:
        yield f"http://localhost:{server.port}/badges/verify/"


def check(page: Any, verify_page: str, typed: str) -> Any:
    """Paste the hostile credential on /verify/, type ``typed`` in the box, press Check."""
    page.goto(verify_page)
    page.locator("#bp-paste").fill(json.dumps(hostile_credential()))
    page.locator("#bp-paste-verify").click()
    expect(page.locator("#bp-verify")).to_have_attribute("data-verdict", "verified")
    page.locator(".bp-recipient-email").fill(typed)
    page.locator("#bp-recipient-check button").click()
    return page.locator(".bp-recipient-answer")


def test_markup_typed_as_an_address_is_compared_not_rendered(
        page: Any, verify_page: str) -> None:
    answer = check(page, verify_page, MARKUP_ADDRESS.upper())
    expect(answer).to_have_attribute("data-answer", "match")
    assert answer.inner_text() == "Yes: this badge was issued to that e-mail address."
    box = page.locator("#bp-recipient-check")
    assert box.locator("img, script").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_markup_in_a_recipients_hash_and_salt_is_never_rendered(
        page: Any, verify_page: str) -> None:
    answer = check(page, verify_page, '"><svg onload="window.__pwned=4">')
    expect(answer).to_have_attribute("data-answer", "mismatch")
    assert page.locator("#bp-recipient-check").locator("img, script, svg").count() == 0
    assert SALT not in page.content()
    assert page.evaluate("window.__pwned") is None
