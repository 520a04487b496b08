"""What the site benchmarks share: a throw-away issuer repository, issuing into it,
and a build in a fresh Python process (as ``python build.py`` would run it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from badgepress.issue import issue_batch
from badgepress.keystore import generate_key
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project

ISSUED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
       '<circle cx="32" cy="32" r="30" fill="#1f5fbf"/></svg>\n')
BUILD = """\
import json, resource
from badgepress.site.build import build_site
build_site({config!r}, strict=True)
own, children = (resource.getrusage(who)
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({{"self": own.ru_maxrss, "children": children.ru_maxrss,
                  "cpu": sum(u.ru_utime + u.ru_stime for u in (own, children))}}))
"""
"""The build, then the peak RSS (KiB, Linux) of the process and of its largest child,
and the CPU seconds of both."""


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


@dataclass(frozen=True)
class Build:
    """One timed build: seconds, and peak resident memory in bytes."""

    seconds: float
    rss_process: int
    """Peak RSS of the build process itself (``getrusage`` RUSAGE_SELF)."""
    rss_child: int
    """Peak RSS of its largest child, e.g. one pool worker (RUSAGE_CHILDREN)."""
    cpu: float
    """CPU seconds (user + system) of the build process and its children: less noisy
    than ``seconds`` on a loaded machine."""


def timed_build(project: Project) -> Build:
    """Build the site in a fresh Python process and time it."""
    code = BUILD.format(config=str(project.root / "mkdocs.yml"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True,  # noqa: S603
                          stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1788000000"})
    seconds = time.perf_counter() - started
    rss = json.loads(done.stdout.strip().splitlines()[-1])
    return Build(seconds, rss["self"] * 1024, rss["children"] * 1024, rss["cpu"])


def tree_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def badge_bytes(site: Path) -> int:
    """Bytes of every badge page and credential JSON."""
    return tree_bytes(site / "badges")
