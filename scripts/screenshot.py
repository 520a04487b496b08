"""Take the README's screenshot: a verified badge page of the demo site, in headless
Chromium, with the verifier's report filled in.

Run: .venv/bin/python scripts/screenshot.py [TOKEN]   (needs /usr/bin/chromium)

Builds the demo site into a temporary folder, serves it on loopback under its sub-path
(as ``badgepress serve`` does, so the verifier reads the issuer's files from there) and
writes docs/pages/images/verified-badge.png (reduced to a palette).
"""

from __future__ import annotations

import functools
import http.server
import io
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image
from playwright.sync_api import sync_playwright

from badgepress.project import Project
from badgepress.site.build import build_site

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "pages" / "images" / "verified-badge.png"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEFAULT_TOKEN = "2gmed2ga6yqw7htje3awrwrmpm"  # a valid demo badge (Grace Mbeki)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    """Build, serve, screenshot."""
    token = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_TOKEN
    prefix = urlsplit(Project.load(REPO).profile.site_url).path.strip("/")
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp)
        build_site(REPO / "mkdocs.yml", site_dir=served / prefix)
        handler = functools.partial(_Quiet, directory=str(served))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://localhost:{server.server_address[1]}/{prefix}/badges/{token}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 900, "height": 1200},
                                        device_scale_factor=1)
                page.goto(url)
                page.wait_for_selector("#bp-verify[data-verdict]")
                OUT.parent.mkdir(parents=True, exist_ok=True)
                shot = page.screenshot(full_page=True)
                browser.close()
        finally:
            server.shutdown()
    with Image.open(io.BytesIO(shot)) as image:  # flat page colours: a palette is plenty
        image.convert("RGB").quantize(128, dither=Image.Dither.NONE).save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
