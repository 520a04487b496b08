"""Attacks on the certificate PDF. Names carry PDF syntax, markup and bidi overrides: the
writer puts every character in the PDF as a hex glyph id or hex UTF-16 (never as a PDF
string literal), so the file keeps one structure and the text reads back as written, with
no override reordering it. A signature image is checked when the achievement loads: it must
be a PNG or JPEG by its bytes, of bounded size, inside the docs folder once links are
followed; the build stops naming the file and the field, and publishes nothing."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from badgepress.errors import BadgeError
from badgepress.project import Project
from tests.browser.certificate_pdf import (
    CERTIFICATE,
    certificate_project,
    download,
    page_url,
    png,
    serve,
    text,
)
from tests.integration.site_project import BUILT, add_achievement, build

SIGNATURE_FIELD = "certificate.signatory.image"
ACHIEVEMENT_FILE = "site_src/achievements/python.md"


@pytest.fixture(autouse=True)
def _fixed_build_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)


def _certificate(browser: Any, project: Project, tmp_path: Path, name: str,
                 achievement: str = "Python Basics", strict: bool = True) -> bytes:
    project, [credential] = certificate_project(project, [name], achievement=achievement)
    with serve(project, tmp_path / "served", strict) as server:
        pdf, _ = download(browser, page_url(server, credential))
    return pdf


def _one_structure(pdf: bytes) -> None:
    """One header, one cross-reference table, one end-of-file marker (at the end)."""
    assert pdf.startswith(b"%PDF-1.7\n")
    assert pdf.count(b"%%EOF") == 1 and pdf.endswith(b"%%EOF\n")
    assert pdf.count(b"startxref") == 1 and pdf.count(b"\nxref\n") == 1
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == 1


def test_pdf_syntax_in_recipient_name_stays_text_in_the_certificate(
        browser: Any, project: Project, tmp_path: Path) -> None:
    name = r"Eve) Tj ET BT (owned) Tj \ %%EOF trailer << /Root 1 0 R >>"
    pdf = _certificate(browser, project, tmp_path, name)
    _one_structure(pdf)
    assert name in text(pdf).splitlines()
    assert b"owned" not in pdf and b"Eve" not in pdf  # the name is only hex glyph ids


def test_pdf_syntax_in_achievement_name_stays_text_in_the_certificate(
        browser: Any, project: Project, tmp_path: Path) -> None:
    achievement = r"C++ (Advanced) \ 100 %%EOF"
    pdf = _certificate(browser, project, tmp_path, "Ada Lovelace", achievement)
    _one_structure(pdf)
    assert achievement in text(pdf).splitlines()
    info = pypdf.PdfReader(io.BytesIO(pdf), strict=True).metadata
    assert info is not None and info.title == f"{achievement} — Ada Lovelace"


def test_markup_in_recipient_name_is_text_on_the_page_and_in_the_certificate(
        browser: Any, project: Project, tmp_path: Path) -> None:
    name = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    project, [credential] = certificate_project(project, [name])
    with serve(project, tmp_path / "served") as server:
        pdf, _ = download(browser, page_url(server, credential))
    page = (tmp_path / "served" / "badges" / "badges" / credential.stem / "index.html"
            ).read_text("utf-8")
    data = re.search(r'<script type="application/json" id="bp-certificate-data">(.*?)</script>',
                     page, re.S)
    assert data is not None and "<" not in data.group(1)  # \u003c: cannot close the element
    assert name in text(pdf).splitlines()


def test_bidi_override_in_recipient_name_does_not_reorder_the_certificate(
        browser: Any, project: Project, tmp_path: Path) -> None:
    # A strict build stops at the warning about these characters; this one goes on.
    pdf = _certificate(browser, project, tmp_path, "Eve\u202eredivorP\u202c Smith",
                       strict=False)
    shown = text(pdf)
    assert "EveredivorP Smith" in shown.splitlines()
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", shown)


def test_bidi_override_in_page_data_is_dropped_by_the_pdf_writer(
        browser: Any, project: Project, tmp_path: Path) -> None:
    """The writer's own defence, for data that did not come through the build's filter
    (a page built by other code): overrides and isolates are dropped, not obeyed."""
    project, [credential] = certificate_project(project, ["Ada Lovelace"])
    forged = ("const el = document.getElementById('bp-certificate-data');"
              "const d = JSON.parse(el.textContent);"
              "d.recipient = 'Eve\\u202eredivorP'; d.achievement = '\\u2067Python\\u2069 Basics';"
              "el.textContent = JSON.stringify(d);")
    with serve(project, tmp_path / "served") as server:
        pdf, _ = download(browser, page_url(server, credential), tamper=forged)
    lines = text(pdf).splitlines()
    assert "EveredivorP" in lines and "Python Basics" in lines
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", "".join(lines))


def _set_signature(project: Project, image: str) -> None:
    add_achievement(project, extra=CERTIFICATE.format(design="classic").replace(
        "images/signature.png", image))


def _refused(project: Project, tmp_path: Path, message: str) -> None:
    site = tmp_path / "site"
    with pytest.raises(BadgeError) as failure:
        build(project, site_dir=site)
    shown = str(failure.value)
    assert ACHIEVEMENT_FILE in shown and SIGNATURE_FIELD in shown and message in shown, shown
    assert not site.exists() or not any(site.rglob("index.html"))


def test_huge_signature_image_is_refused(project: Project, tmp_path: Path) -> None:
    project, _ = certificate_project(project, ["Ada Lovelace"])
    noise = Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > 512 * 1024
    (project.docs_dir / "images" / "signature.png").write_bytes(out.getvalue())
    _refused(project, tmp_path, "larger than 512 KB")


def test_signature_image_of_huge_dimensions_is_refused(project: Project, tmp_path: Path) -> None:
    project, _ = certificate_project(project, ["Ada Lovelace"])
    out = io.BytesIO()
    Image.new("1", (30000, 2)).save(out, "PNG")  # a few hundred bytes, 60,000 pixels wide
    (project.docs_dir / "images" / "signature.png").write_bytes(out.getvalue())
    _refused(project, tmp_path, "30000x2 pixels")


def test_signature_that_is_not_an_image_is_refused(project: Project, tmp_path: Path) -> None:
    project, _ = certificate_project(project, ["Ada Lovelace"])
    (project.docs_dir / "images" / "signature.png").write_text(
        "<html><script>alert(1)</script></html>", encoding="utf-8")
    _refused(project, tmp_path, "is not a PNG or JPEG image")


@pytest.mark.parametrize("image", ["../../secret.png", "/etc/passwd", "images/../../x.png"])
def test_signature_path_outside_the_docs_folder_is_refused(
        project: Project, tmp_path: Path, image: str) -> None:
    project, _ = certificate_project(project, ["Ada Lovelace"])
    (project.root.parent / "secret.png").write_bytes(png(10, 10))
    _set_signature(project, image)
    _refused(project, tmp_path, "must be a file inside the docs folder")


def test_signature_symlink_out_of_the_docs_folder_is_refused(
        project: Project, tmp_path: Path) -> None:
    project, _ = certificate_project(project, ["Ada Lovelace"])
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(png(10, 10))
    (project.docs_dir / "images" / "link.png").symlink_to(outside)
    _set_signature(project, "images/link.png")
    _refused(project, tmp_path, "must be a file inside the docs folder")
