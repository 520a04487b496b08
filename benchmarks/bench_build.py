"""Time the site build: a full build of N credentials, then a rebuild after one more.

Run: .venv/bin/python benchmarks/bench_build.py [N ...]   (default: 1000 10000)

For each N it makes a throw-away issuer repository in a temporary folder, issues N
credentials with a freshly generated key (status lists included, signed on every
core), then runs ``build_site`` in a fresh Python process — as ``python build.py``
would — twice: a full build with an empty cache, and a rebuild after issuing one more
credential. It prints seconds and the output bytes per credential (badge page +
credential JSON, shared assets excluded).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, date, datetime
from pathlib import Path

from badgepress.issue import issue_batch
from badgepress.keystore import KEY_DIR_ENV, generate_key
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project

ISSUED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
       '<circle cx="32" cy="32" r="30" fill="#1f5fbf"/></svg>\n')
BUILD = "from badgepress.site.build import build_site; build_site({!r}, strict=True)"


def make_project(root: Path) -> Project:
    """Write an issuer repository with one achievement and one key."""
    (root / "site_src" / "achievements").mkdir(parents=True)
    (root / "site_src" / "images").mkdir()
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Benchmark Academy
        site_url: https://bench-academy.github.io/badges/
        docs_dir: site_src
        plugins:
          - badgepress:
              issuer:
                name: Benchmark Academy
                description: Issues many badges, quickly.
                email: badges@example.org
        """), "utf-8")
    (root / "site_src" / "index.md").write_text("# Benchmark Academy\n", "utf-8")
    (root / "site_src" / "images" / "python.svg").write_text(SVG, "utf-8")
    (root / "site_src" / "achievements" / "python.md").write_text(textwrap.dedent("""\
        ---
        name: Python Fundamentals
        description: Writes, tests and debugs small Python programs.
        image: images/python.svg
        tags: [python]
        ---
        Passed the final project.
        """), "utf-8")
    project = Project.load(root)
    generate_key(project.keys_dir, root, date(2026, 1, 1))
    return project


def issue(project: Project, names: list[str]) -> None:
    """Issue the achievement to ``names`` on every core."""
    achievement = load_achievement(project, "python")
    issue_batch(project, achievement, [Recipient(n, f"{n}@example.org") for n in names],
                now=ISSUED)


def timed_build(project: Project) -> float:
    """Seconds for one build in a fresh Python process."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD.format(str(project.root / "mkdocs.yml"))],  # noqa: S603
                   check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1788000000"})
    return time.perf_counter() - started


def badge_bytes(site: Path) -> int:
    """Bytes of every badge page and credential JSON."""
    return sum(p.stat().st_size for p in (site / "badges").rglob("*") if p.is_file())


def run(n: int) -> None:
    """Benchmark one size."""
    with tempfile.TemporaryDirectory() as keys, tempfile.TemporaryDirectory() as work:
        os.environ[KEY_DIR_ENV] = keys
        project = make_project(Path(work) / "repo")
        started = time.perf_counter()
        issue(project, [f"person{i:05d}" for i in range(n)])
        signing = time.perf_counter() - started
        full = timed_build(project)
        per_credential = badge_bytes(project.root / "site") / n
        issue(project, ["newcomer"])
        rebuild = timed_build(project)
        print(f"N={n:>6}: full build {full:6.2f} s | rebuild after +1 {rebuild:5.2f} s | "
              f"{per_credential:,.0f} bytes/credential | (issuing took {signing:.1f} s, "
              f"{os.cpu_count()} CPUs)")


def main() -> None:
    """Run the benchmark for each N given (default 1,000 and 10,000)."""
    for n in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        run(n)


if __name__ == "__main__":
    main()
