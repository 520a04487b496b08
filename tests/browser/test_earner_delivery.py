"""Earner delivery on a built badge page in Chromium: the "Add to wallet" deep link is
the bytes ``wallet_deep_link`` makes and decodes (as the wallet decodes it) to the page's
credential, the wallet QR code scans to the credential JSON URL, and the "Is this badge
theirs?" box answers the right, a wrong and a differently-cased, space-padded address."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from badgepress.issue import issue_batch
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project
from badgepress.wallet import wallet_deep_link, wallet_scan_url
from tests.browser.conftest import SiteServer, free_port
from tests.browser.test_badge_sharing import decode
from tests.integration.site_project import ISSUED, build, site_project

__all__ = ["site_project"]

EMAIL = "ada@example.org"


@pytest.fixture
def badge(site_project: Project, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(local address of a badge page issued to ``EMAIL``, its credential)."""
    achievement = load_achievement(site_project, "python")
    [item] = issue_batch(site_project, achievement, [Recipient("Ada", email=EMAIL)],
                         now=ISSUED, workers=1).issued
    build(site_project, site_dir=tmp_path / "served" / "badges")
    credential = json.loads(item.path.read_bytes())
    with SiteServer(tmp_path / "served", free_port()) as server:
        yield f"http://localhost:{server.port}/badges/badges/{item.path.stem}/", credential


def test_wallet_deep_link_carries_the_exact_credential(
        page: Any, badge: tuple[str, dict[str, Any]]) -> None:
    local, credential = badge
    page.goto(local)
    link = page.locator("a[data-bp-wallet]")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == wallet_deep_link(credential)
    request = unquote(href.split("?request=", 1)[1])  # query-string, then decodeURI
    offer = json.loads(page.evaluate("s => decodeURI(s)", request))
    assert offer["verifiablePresentation"]["verifiableCredential"] == [credential]


def test_wallet_qr_code_scans_to_the_credential_json_url(
        page: Any, badge: tuple[str, dict[str, Any]]) -> None:
    local, credential = badge
    page.goto(local)
    qr = page.locator(".bp-wallet-qr svg.bp-qr-code")
    assert decode(qr.screenshot()) == [wallet_scan_url(credential["id"])]


@pytest.mark.parametrize(("typed", "answer"), [
    (EMAIL, "match"), ("  Ada@Example.ORG ", "match"), ("eve@example.org", "mismatch")])
def test_recipient_box_answers(page: Any, badge: tuple[str, dict[str, Any]],
                               typed: str, answer: str) -> None:
    local, _ = badge
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(local)
    page.wait_for_load_state("networkidle")
    before = len(requests)
    page.locator(".bp-recipient-email").fill(typed)
    page.locator(".bp-recipient-check button").click()
    expect(page.locator(".bp-recipient-answer")).to_have_attribute("data-answer", answer)
    assert requests[before:] == []  # nothing is sent anywhere


def test_recipient_box_on_verify_page_after_paste(
        page: Any, badge: tuple[str, dict[str, Any]]) -> None:
    local, credential = badge
    page.goto(local.split("/badges/badges/")[0] + "/badges/verify/")
    page.locator("#bp-paste").fill(json.dumps(credential))
    page.locator("#bp-paste-verify").click()
    page.locator(".bp-recipient-email").fill(" ADA@example.org")
    page.locator("#bp-recipient-check button").click()
    expect(page.locator(".bp-recipient-answer")).to_have_attribute("data-answer", "match")


def test_recipient_box_is_not_offered_for_a_forged_badge_on_the_verify_page(
        page: Any, badge: tuple[str, dict[str, Any]]) -> None:
    local, credential = badge
    forged = {**credential, "name": "Forged name"}
    page.goto(local.split("/badges/badges/")[0] + "/badges/verify/")
    page.locator("#bp-paste").fill(json.dumps(forged))
    page.locator("#bp-paste-verify").click()
    expect(page.locator("#bp-verify")).to_have_attribute("data-verdict", "not-verified")
    expect(page.locator("#bp-recipient-check")).to_have_count(0)
