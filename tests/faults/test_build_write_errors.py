"""A build that cannot finish writing (a full disk, a file too large, a template that
fails) ends in a one-line error and keeps the previous site, byte for byte."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attacks.publish_site import Published, published, site_project
from tests.integration.site_project import build, issue

__all__ = ["published", "site_project"]

CLI = "from badgepress.cli import main; main()"


def _small_files_only() -> None:
    """In the child: writes past 4 KiB fail (EFBIG), as on a disk that just filled up."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_write_failure_during_build_is_one_line_and_keeps_the_site(
        published: Published) -> None:
    issue(published.project, ["Newcomer"])  # something new to write
    result = subprocess.run(
        [sys.executable, "-c", CLI, "build", "--project", str(published.project.root),
         "--site-dir", str(published.site_dir)],
        capture_output=True, text=True, preexec_fn=_small_files_only, check=False,
        timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert "File too large" in line and "the previous site was kept" in line
    published.assert_unchanged()


def test_template_failure_during_build_keeps_the_site(published: Published) -> None:
    overrides = published.project.root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ 1 // 0 }}{% endblock %}\n')
    config = published.project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  name: mkdocs\n  custom_dir: overrides\n")
    with pytest.raises(ZeroDivisionError):  # a bug in the theme keeps its traceback
        build(published.project, published.site_dir)
    published.assert_unchanged()


def test_stale_work_folders_of_killed_builds_are_removed(published: Published,
                                                         tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    for kind in ("new", "old"):
        leftover = published.site_dir.with_name(f".{published.site_dir.name}.{kind}-{dead}")
        (leftover / "badges").mkdir(parents=True)
    build(published.project, published.site_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "repo"]
