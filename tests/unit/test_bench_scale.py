"""The scale benchmark keeps running: a small N end to end, figures printed (not timed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_scale.py"


def test_bench_scale_reports_builds_memory_and_size() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "40"], check=True,
                          capture_output=True, text=True, timeout=600)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("issued 40 credentials in ")
    for line, label in zip(lines[1:3], ("full build", "rebuild after +1"), strict=True):
        assert re.fullmatch(rf"{re.escape(label)}: [\d.]+ s \([\d.]+ CPU s\), "
                            r"peak RSS [\d,]+ MB \(build process\), "
                            r"[\d,]+ MB \(largest child\)", line), line
    size = re.fullmatch(r"site: ([\d,]+) bytes; per badge ([\d,]+) bytes; shared ([\d,]+) bytes",
                        lines[3])
    assert size, lines[3]
    total, per_badge, shared = (int(g.replace(",", "")) for g in size.groups())
    assert per_badge > 1000
    assert abs(total - shared - per_badge * 40) <= 20  # per badge is rounded
    files = re.fullmatch(r"files: ([\d,]+); per badge ([\d.]+); shared ([\d,]+)", lines[4])
    assert files, lines[4]
    assert float(files.group(2)) >= 1
