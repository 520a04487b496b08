"""Screenshots of every page type of the demo site, at desktop (1280x900) and phone
(390x844) sizes, light and dark, into docs/pages/images/screenshots/.

Usage: .venv/bin/python -m scripts.screenshots [PAGE_TYPE ...]   (needs Chromium at
/usr/bin/chromium; with page type names, e.g. ``verify-result``, only those are shot)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.page_types import REPO, SCHEMES, VIEWPORTS, open_page, served_demo

OUT = REPO / "docs" / "pages" / "images" / "screenshots"


def main(only: list[str]) -> int:
    """Write one PNG per page type (those named in ``only``, else all), viewport and colour
    scheme; print what was written."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work, served_demo(Path(work)) as (base, kinds), \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for kind in (k for k in kinds if not only or k.name in only):
            for viewport, (width, height) in VIEWPORTS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  color_scheme=scheme)
                    page = open_page(context, base, kind)
                    target = OUT / f"{kind.name}-{viewport}-{scheme}.png"
                    # a checked result runs below the fold: the whole page shows what was earned
                    page.screenshot(path=str(target), full_page=kind.paste is not None)
                    context.close()
                    sys.stdout.write(f"{target.relative_to(REPO)}\n")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
