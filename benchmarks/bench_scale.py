"""The scale proof (issue 17 item 4): N credentials (default 100,000) of one issuer.

Run: .venv/bin/python benchmarks/bench_scale.py [N]

Issues N credentials into a throw-away issuer repository in a temporary folder
(nothing is committed), then, each in a fresh Python process: a full build with an
empty cache, and a rebuild after issuing one more credential. For each build it
prints seconds and peak resident memory — of the build process itself
(``getrusage`` RUSAGE_SELF) and of its largest child, e.g. one pool worker
(RUSAGE_CHILDREN: the kernel keeps the maximum of one process, not a sum) — and
then the size of the published site in bytes and in files (hosts limit both): in
total, per badge (its folder under ``badges/``) and shared (everything else: assets,
did.json, status lists, index pages).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _common import Build, badge_bytes, issue, make_project, timed_build, tree_bytes

from badgepress.keystore import KEY_DIR_ENV

MB = 1024 * 1024


def describe(label: str, build: Build) -> str:
    """One line about a build."""
    return (f"{label}: {build.seconds:.1f} s ({build.cpu:.1f} CPU s), "
            f"peak RSS {build.rss_process / MB:,.0f} MB (build process), "
            f"{build.rss_child / MB:,.0f} MB (largest child)")


def main() -> None:
    """Run the benchmark for the N given (default 100,000) and print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as keys, tempfile.TemporaryDirectory() as work:
        os.environ[KEY_DIR_ENV] = keys
        project = make_project(Path(work) / "repo")
        started = time.perf_counter()
        issue(project, [f"person{i:06d}" for i in range(n)])
        print(f"issued {n:,} credentials in {time.perf_counter() - started:.1f} s "
              f"({os.cpu_count()} CPUs)")
        print(describe("full build", timed_build(project)))
        site = project.root / "site"
        total, badges = tree_bytes(site), badge_bytes(site)
        files = sum(1 for p in site.rglob("*") if p.is_file())
        badge_files = sum(1 for p in (site / "badges").rglob("*") if p.is_file())
        issue(project, ["newcomer"])
        print(describe("rebuild after +1", timed_build(project)))
        print(f"site: {total:,} bytes; per badge {badges / n:,.0f} bytes; "
              f"shared {total - badges:,} bytes")
        print(f"files: {files:,}; per badge {badge_files / n:.1f}; "
              f"shared {files - badge_files:,}")


if __name__ == "__main__":
    main()
