"""Helpers for the certificate tests: a project whose achievement has certificate settings,
the PDF as a visitor downloads it (real Chromium, the page served over loopback), its text
(pypdf) and its QR code (the page rendered by poppler's pdftoppm, decoded by zxing-cpp)."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pypdf
import zxingcpp
from PIL import Image

from badgepress.project import Project
from badgepress.site.build import build_site
from tests.browser.conftest import SiteServer, free_port
from tests.integration.site_project import add_achievement, issue

CERTIFICATE = """\
certificate:
  design: {design}
  criteria: Completed six graded exercises and a reviewed final project.
  signatory:
    name: Dr. Ada Byron
    title: Head of Programmes
    image: images/signature.png
"""


def png(width: int, height: int) -> bytes:
    """A PNG with a dark stroke on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    for x in range(width):
        image.putpixel((x, height // 2), (20, 20, 60, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def certificate_project(project: Project, names: Iterable[str], design: str = "modern",
                        achievement: str = "Python Basics") -> tuple[Project, list[Path]]:
    """The project with an issuer logo and colours, an achievement with certificate
    settings (signature image included), and a badge for each name."""
    config = project.root / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("name: Example"))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines[at + 1:at + 1] = [f"{indent}image: images/logo.png\n", f'{indent}color: "#6a1b9a"\n']
    config.write_text("".join(lines), encoding="utf-8")
    project = Project.load(project.root)
    images = project.docs_dir / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "logo.png").write_bytes(png(240, 80))
    (images / "signature.png").write_bytes(png(300, 90))
    add_achievement(project, name=achievement, extra=CERTIFICATE.format(design=design))
    return project, issue(project, names)


def serve(project: Project, site_root: Path, strict: bool = True) -> SiteServer:
    """Build the site into ``site_root/badges`` and serve ``site_root`` on loopback."""
    build_site(project.root / "mkdocs.yml", strict=strict, site_dir=site_root / "badges")
    return SiteServer(site_root, free_port())


def page_url(server: SiteServer, credential: Path) -> str:
    """The local address of a badge's page."""
    return f"http://localhost:{server.port}/badges/badges/{credential.stem}/"


def public_url(credential: Path) -> str:
    """The badge page's public address (the credential id)."""
    return str(json.loads(credential.read_bytes())["id"])


def download(browser: Any, url: str, paper: str = "a4", requests: list[str] | None = None,
             tamper: str | None = None) -> tuple[bytes, str]:
    """Open the page, choose ``paper`` and press "Download certificate (PDF)" with the
    keyboard; the PDF's bytes and the file name it is saved under. ``requests`` collects
    every URL the page fetched, before the click (then a ``"--click--"`` marker) and after;
    ``tamper`` is a script run in the page before the click."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        if requests is not None:
            page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if tamper is not None:
            page.evaluate(tamper)
        page.get_by_label("Paper").select_option(paper)
        button = page.get_by_role("button", name="Download certificate (PDF)")
        if requests is not None:
            requests.append("--click--")
        button.focus()
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        saved = info.value
        return Path(saved.path()).read_bytes(), saved.suggested_filename
    finally:
        context.close()


def text(pdf: bytes) -> str:
    """The PDF's text as a reader extracts it (pypdf, strict parsing)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """The QR codes on the PDF's page as rendered by poppler (pdftoppm, 150 dpi)."""
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(source),
                    str(tmp_path / "certificate")], check=True, timeout=60)
    with Image.open(tmp_path / "certificate.png") as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
