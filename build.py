"""Build the issuer site: ``python build.py`` (what the GitHub Pages workflow runs).

Runs ``mkdocs build --strict`` with this folder's mkdocs.yml through mkdocs' Python
API. Every credential is verified first; a build with a bad file stops, lists every
bad file, and writes nothing. Set SOURCE_DATE_EPOCH to pin the build moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from badgepress.errors import BadgeError
from badgepress.site.build import build_site, setup_logging


def main() -> int:
    """Build the site next to this file; return the exit code."""
    setup_logging()
    try:
        result = build_site(Path(__file__).resolve().parent / "mkdocs.yml", strict=True)
    except BadgeError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    sys.stdout.write(f"site built in {result.site_dir}: {result.stats.verified} credential(s) "
                     f"verified, {result.stats.cached} unchanged\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
