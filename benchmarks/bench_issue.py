"""Issue N credentials (default 10,000) from a generated CSV roster into a temporary
issuer repository; print credentials per second.

Run: .venv/bin/python benchmarks/bench_issue.py [N] [WORKERS]
Measures what ``badgepress issue SLUG --csv`` does: read and check the roster, index
existing credentials, allocate status entries, sign (in parallel, one worker per CPU
unless WORKERS says otherwise), check against the schema and write atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from badgepress.issue import issue_batch
from badgepress.keystore import KEY_DIR_ENV, generate_key
from badgepress.model.achievement import load_achievement
from badgepress.project import Project
from badgepress.roster import read_roster

MKDOCS = """\
site_name: Benchmark Academy
site_url: https://bench.example.org/badges/
docs_dir: site_src
plugins:
  - badgepress:
      issuer:
        name: Benchmark Academy
        email: badges@example.org
        url: https://example.org/
"""
ACHIEVEMENT = """\
---
name: Python Fundamentals
description: Writes, tests and debugs small Python programs.
image: images/python.svg
tags: [python, programming]
valid_for_days: 730
alignments:
  - target_name: Programming skill
    target_url: https://example.org/skills/programming
---
Complete the six exercises and the final project (score at least 70%).
"""


def make_project(root: Path, n: int) -> tuple[Project, Path]:
    """A fresh issuer repository with a key, one achievement and an N-row roster."""
    (root / "repo" / "site_src" / "images").mkdir(parents=True)
    (root / "repo" / "site_src" / "achievements").mkdir()
    (root / "repo" / "mkdocs.yml").write_text(MKDOCS)
    (root / "repo" / "site_src" / "images" / "python.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>")
    (root / "repo" / "site_src" / "achievements" / "python-fundamentals.md").write_text(
        ACHIEVEMENT)
    os.environ[KEY_DIR_ENV] = str(root / "private-keys")
    project = Project.load(root / "repo")
    generate_key(project.keys_dir, project.root, date(2026, 1, 1))
    roster = root / "roster.csv"
    rows = "".join(f"Learner {i:05d},learner{i}@example.com,,https://example.org/portfolio/{i},\n"
                   for i in range(n))
    roster.write_text("name,email,expires,evidence,narrative\n" + rows, encoding="utf-8")
    return project, roster


def main() -> None:
    """Run the benchmark and print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as folder:
        project, roster = make_project(Path(folder), n)
        now = datetime.now(UTC).replace(microsecond=0)
        start = time.perf_counter()
        achievement = load_achievement(project, "python-fundamentals")
        recipients = read_roster(roster, today=now.date())
        result = issue_batch(project, achievement, recipients, now=now, workers=workers)
        elapsed = time.perf_counter() - start
        assert len(result.issued) == n  # noqa: S101
        rerun_start = time.perf_counter()
        again = issue_batch(project, achievement, recipients, now=now, workers=workers)
        rerun = time.perf_counter() - rerun_start
        assert len(again.skipped) == n  # noqa: S101
    print(f"issued {n} credentials in {elapsed:.1f} s: {n / elapsed:.0f} credentials/s "
          f"({elapsed / n * 1000:.2f} ms each, {workers or os.cpu_count()} worker(s))")
    print(f"re-run of the same roster (all skipped): {rerun:.1f} s")


if __name__ == "__main__":
    main()
