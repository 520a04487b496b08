"""Time the site build: a full build of N credentials, then a rebuild after one more.

Run: .venv/bin/python benchmarks/bench_build.py [N ...]   (default: 1000 10000)

For each N it makes a throw-away issuer repository in a temporary folder, issues N
credentials with a freshly generated key (status lists included, signed on every
core), then runs ``build_site`` in a fresh Python process — as ``python build.py``
would — twice: a full build with an empty cache, and a rebuild after issuing one more
credential. It prints seconds, CPU seconds (the build process and its workers: the
steadier figure on a loaded machine) and the output bytes per credential (badge page +
credential JSON, shared assets excluded).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _common import badge_bytes, issue, make_project, timed_build

from badgepress.keystore import KEY_DIR_ENV


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
        print(f"N={n:>6}: full build {full.seconds:6.2f} s ({full.cpu:.1f} CPU s) | "
              f"rebuild after +1 {rebuild.seconds:5.2f} s ({rebuild.cpu:.1f} CPU s) | "
              f"{per_credential:,.0f} bytes/credential | (issuing took {signing:.1f} s, "
              f"{os.cpu_count()} CPUs)")


def main() -> None:
    """Run the benchmark for each N given (default 1,000 and 10,000)."""
    for n in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        run(n)


if __name__ == "__main__":
    main()
