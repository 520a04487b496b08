"""The badge page in headless Chromium: its QR code scans to the page's address, the
copy button copies it, the baked image downloads are the bytes ``badgepress bake``
writes, and printing gives a one-page certificate (A4 and Letter landscape) with the QR
code and without buttons, navigation or verification details.

The QR code is decoded from a screenshot of the inline SVG with zxing-cpp.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from badgepress.baking import bake, extract_credential
from badgepress.cli import main
from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.conftest import REPO
from tests.integration.site_project import add_png, build, site_project

__all__ = ["site_project"]

ARTIFACTS = REPO / "test-artifacts"
A4_LANDSCAPE = {"width": 1123, "height": 794}  # CSS px at 96 dpi
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture
def badge(site_project: Project, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(local address of a badge page, its public address), served from a fresh build;
    the achievement has an SVG image and a PNG beside it."""
    add_png(site_project)
    build(site_project, site_dir=tmp_path / "served" / "badges")
    stored = next(site_project.credentials_dir.glob("*.json"))
    public = json.loads(stored.read_bytes())["id"]
    with SiteServer(tmp_path / "served", free_port()) as server:
        yield f"http://localhost:{server.port}/badges/badges/{stored.stem}/", public


def decode(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def test_qr_code_scans_to_the_page_address(page: Any, badge: tuple[str, str]) -> None:
    local, public = badge
    page.goto(local)
    qr = page.locator(".bp-qr:not(.bp-wallet-qr) svg.bp-qr-code")
    assert decode(qr.screenshot()) == [public]
    assert page.locator("link[rel=canonical]").get_attribute("href") == public


def test_copy_button_copies_the_page_address(browser: Any, badge: tuple[str, str]) -> None:
    local, public = badge
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(local)
        from playwright.sync_api import expect

        button = page.locator("button[data-bp-copy]")
        expect(button).to_have_text("Copy link")
        button.click()
        expect(button).to_have_text("Link copied")
        assert page.evaluate("navigator.clipboard.readText()") == public
    finally:
        context.close()


def test_baked_downloads_are_what_badgepress_bake_writes(
        browser: Any, site_project: Project, badge: tuple[str, str]) -> None:
    local, _ = badge
    stored = next(site_project.credentials_dir.glob("*.json"))
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(local)
        for kind in ("png", "svg"):
            with page.expect_download() as info:
                page.get_by_role("button", name=f"Download the badge image ({kind.upper()})"
                                 ).click()
            download = info.value
            assert download.suggested_filename == f"python-{stored.stem}.{kind}"
            data = Path(download.path()).read_bytes()
            image = (site_project.docs_dir / "images" / f"python.{kind}").read_bytes()
            assert data == bake(image, kind, stored.read_text("utf-8"))
            assert extract_credential(data).encode() == stored.read_bytes()
            baked = Path(download.path())
            result = CliRunner().invoke(main, ["verify", "--project", str(site_project.root),
                                               str(baked)])
            assert result.exit_code == 0, result.output
            assert "1 of 1 credential(s) verified" in result.output
    finally:
        context.close()


def test_without_javascript_only_the_json_download_is_offered(
        browser: Any, badge: tuple[str, str]) -> None:
    local, _ = badge
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(local)
        assert page.locator("button[data-bp-bake]").count() == 2
        assert not page.locator("button[data-bp-bake]").first.is_visible()
        assert page.get_by_role("link", name="Download the credential (JSON)").is_visible()
    finally:
        context.close()


def test_print_view_is_a_one_page_certificate(page: Any, badge: tuple[str, str]) -> None:
    local, public = badge
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(local)
    assert page.get_by_role("button", name="Print certificate").is_visible()
    page.emulate_media(media="print")
    for shown in (".bp-recipient", ".bp-achievement", ".bp-issued-by", ".bp-cert-kind",
                  ".bp-cert-date", ".bp-qr:not(.bp-wallet-qr) svg.bp-qr-code",
                  ".bp-qr:not(.bp-wallet-qr) .bp-url"):
        assert page.locator(shown).is_visible(), shown
    for hidden in (".bp-nav", ".bp-footer", "#bp-verify", ".bp-share", ".bp-downloads",
                   ".bp-facts", ".bp-wallet", ".bp-recipient-check", "button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    ARTIFACTS.mkdir(exist_ok=True)
    shot = page.screenshot(full_page=True)
    (ARTIFACTS / "print-certificate.png").write_bytes(shot)
    with Image.open(io.BytesIO(shot)) as image:
        assert image.height <= A4_LANDSCAPE["height"]  # nothing spills onto a second page
    assert decode(shot) == [public]
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, landscape=True, print_background=True)
        (ARTIFACTS / f"print-certificate-{paper}.pdf").write_bytes(pdf)
        assert len(PDF_PAGE.findall(pdf)) == 1, paper
