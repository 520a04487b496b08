"""Time the browser verifier on a demo badge page, and report the bundle sizes.

Run: .venv/bin/python benchmarks/bench_verifier.py [RUNS] [--screenshot FILE]
(needs Chromium at /usr/bin/chromium)

Builds the demo site from the repository's sample credentials into a temporary folder,
serves it on loopback under its sub-path (as ``badgepress serve`` does, so the verifier
reads the issuer's files from there), and opens a valid badge page RUNS times (default
9) in headless Chromium with a cold cache. It prints the median time from navigation
start to the verdict, the time from the verifier's start to the verdict
(``data-verify-ms``), and the raw and gzip size of each shipped asset (the badge page
preloads the DID document and status list; ``badgepress-contexts.json`` is read only for a
credential naming a context the badge bundle does not carry). With
``--screenshot`` it also saves the verified page (the README's picture), reduced to a
palette.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image
from playwright.sync_api import Page, sync_playwright

from badgepress.pages.render import assets_dir
from badgepress.project import Project
from badgepress.site.build import build_site
from badgepress.site.outputs import ASSETS

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BADGE = "2gmed2ga6yqw7htje3awrwrmpm"  # the file name of a valid demo badge (Grace Mbeki)

# Records when the verdict appears (set before the page's own scripts run).
RECORD_VERDICT = """
new MutationObserver((records, observer) => {
  const section = document.getElementById('bp-verify');
  if (section && section.hasAttribute('data-verify-ms')) {
    window.__bpVerdictAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-verify-ms']});
"""
TIMINGS = """() => {
  const section = document.getElementById('bp-verify');
  return {verdict: section.dataset.verdict, load: window.__bpVerdictAt,
          script: Number(section.dataset.verifyMs)};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def demo_page_url() -> Iterator[str]:
    """The address of the demo badge page, built and served on loopback meanwhile."""
    prefix = urlsplit(Project.load(REPO).profile.site_url).path.strip("/")
    with tempfile.TemporaryDirectory() as tmp:
        build_site(REPO / "mkdocs.yml", site_dir=Path(tmp) / prefix)
        handler = functools.partial(_Quiet, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://localhost:{server.server_address[1]}/{prefix}/badges/{BADGE}/"
        finally:
            server.shutdown()


def open_verified(page: Page, url: str) -> dict[str, float]:
    """Open the badge page and wait for the verdict; return the timings in ms."""
    page.add_init_script(RECORD_VERDICT)
    page.goto(url)
    page.wait_for_selector("#bp-verify[data-verify-ms]", timeout=30_000)
    timing = page.evaluate(TIMINGS)
    if timing["verdict"] != "verified":
        raise SystemExit(f"the demo badge did not verify: {timing['verdict']}")
    return {"load": float(timing["load"]), "script": float(timing["script"])}


def save_screenshot(page: Page, path: Path) -> None:
    """The whole page as a palette PNG (flat page colours: 128 are plenty)."""
    shot = page.screenshot(full_page=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(shot)) as image:
        image.convert("RGB").quantize(128, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    """Measure, report, and save the screenshot if asked."""
    args = sys.argv[1:]
    screenshot = None
    if "--screenshot" in args:
        at = args.index("--screenshot")
        screenshot = Path(args[at + 1])
        del args[at:at + 2]
    runs = int(args[0]) if args else 9
    for name in ASSETS:
        data = (assets_dir() / name).read_bytes()
        print(f"{name}: {len(data):,} bytes, {len(gzip.compress(data, 9)):,} gzip")
    timings = []
    with demo_page_url() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 900, "height": 1200})
            page = context.new_page()
            timings.append(open_verified(page, url))
            if screenshot is not None:
                save_screenshot(page, screenshot)
                screenshot = None
            context.close()
        browser.close()
    loads = [t["load"] for t in timings]
    scripts = [t["script"] for t in timings]
    print(f"badge page, headless Chromium, loopback, cold cache, {runs} runs: "
          f"navigation start to verdict median {statistics.median(loads):.0f} ms "
          f"(min {min(loads):.0f}, max {max(loads):.0f}); verifier start to verdict "
          f"median {statistics.median(scripts):.0f} ms (min {min(scripts):.0f})")


if __name__ == "__main__":
    main()
