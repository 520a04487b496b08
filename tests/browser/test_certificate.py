"""The certificate PDF in headless Chromium: a valid badge's page makes it when asked
(keyboard included), on A4 or Letter; the PDF opens, its text is the badge's (recipient,
achievement, credential id, in any script), its QR code rendered by poppler decodes to the
page's address, and the writer and fonts load only on the click. A revoked or expired
badge's page offers none, and no certificate file is published for any badge."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from badgepress import lifecycle
from badgepress.project import Project
from tests.browser.certificate_pdf import (
    certificate_project,
    download,
    page_url,
    public_url,
    qr_codes,
    serve,
    text,
)
from tests.conftest import REPO
from tests.integration.site_project import BUILT, ISSUED, add_achievement, issue

ARTIFACTS = REPO / "test-artifacts"
PAPER_POINTS = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}


@pytest.fixture(autouse=True)
def _fixed_build_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)


@pytest.mark.parametrize(("paper", "design"), [("a4", "classic"), ("letter", "modern"),
                                               ("a4", "minimal")])
def test_certificate_pdf_shows_the_badge_and_its_qr_decodes_to_the_page(
        browser: Any, project: Project, tmp_path: Path, paper: str, design: str) -> None:
    project, [credential] = certificate_project(project, ["Ada Lovelace"], design)
    with serve(project, tmp_path / "served") as server:
        pdf, name = download(browser, page_url(server, credential), paper)
    assert name == f"certificate-python-{credential.stem}-{paper}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"certificate-{design}-{paper}.pdf").write_bytes(pdf)
    page = pypdf.PdfReader(io.BytesIO(pdf), strict=True).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == PAPER_POINTS[paper]
    shown = text(pdf)
    for expected in ("Ada Lovelace", "Python Basics", "Example Academy",
                     f"Credential ID: {public_url(credential)}", "1 March 2026",
                     "Verify at https://example-academy.github.io/badges/verify/",
                     "Dr. Ada Byron", "Head of Programmes",
                     "Completed six graded exercises and a reviewed final project."):
        assert expected in shown, expected
    assert qr_codes(pdf, tmp_path) == [public_url(credential)]
    images = page["/Resources"]["/XObject"]
    assert len(images) == 2  # the issuer logo and the signature


@pytest.mark.parametrize("name", ["Zoë Ångström-Núñez", "山田 太郎", "محمد علي", "שרה לוי",
                                  "Дмитрий Шостакович"])
def test_certificate_text_is_the_recipient_name_in_its_own_script(
        browser: Any, project: Project, tmp_path: Path, name: str) -> None:
    project, [credential] = certificate_project(project, [name])
    with serve(project, tmp_path / "served") as server:
        pdf, _ = download(browser, page_url(server, credential))
    assert name in text(pdf).splitlines()
    fonts = [font["/BaseFont"] for font in
             pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()]
    assert len(fonts) == (3 if name == "山田 太郎" else 2)  # CJK needs the fallback font


def test_certificate_writer_and_fonts_load_only_when_asked(
        browser: Any, project: Project, tmp_path: Path) -> None:
    project, [credential] = certificate_project(project, ["Ada Lovelace"])
    requests: list[str] = []
    with serve(project, tmp_path / "served") as server:
        download(browser, page_url(server, credential), requests=requests)
    click = requests.index("--click--")
    lazy = ("badgepress-certificate.js", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    assert not [url for url in requests[:click] if url.endswith(lazy)]
    assert {url.rsplit("/", 1)[-1] for url in requests[click:]} >= set(lazy)
    assert not [url for url in requests if url.endswith("DroidSansFallbackFull.ttf")]


def test_revoked_or_expired_badge_page_offers_no_certificate(
        browser: Any, project: Project, tmp_path: Path) -> None:
    project, [valid, revoked] = certificate_project(project, ["Ada", "Mallory"])
    lifecycle.revoke(project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(project, ["Eve"], slug="short")
    site = tmp_path / "served"
    with serve(project, site) as server:
        page = browser.new_page()
        try:
            for credential, offered in ((valid, True), (revoked, False), (expired, False)):
                page.goto(page_url(server, credential))
                button = page.get_by_role("button", name="Download certificate (PDF)")
                assert button.count() == (1 if offered else 0), credential.name
                assert (page.locator("#bp-certificate-data").count() == 1) is offered
                direct = page.request.get(page_url(server, credential) + "certificate.pdf")
                assert direct.status == 404
        finally:
            page.close()
    assert not list(site.rglob("*.pdf"))
