"""The build, killed with SIGKILL at random points (seeded), never leaves a half site:
``site_dir`` is the previous complete site or the new complete one, work folders of
killed builds are cleaned up by the next build, and a re-run gives the same bytes as
a clean build."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from badgepress import lifecycle
from badgepress.project import Project
from tests.integration.site_project import ISSUED, build, issue, site_project, tree

__all__ = ["site_project"]

KILLS = 20
BUILD = ("from badgepress.site.build import build_site; "
         "build_site('mkdocs.yml', strict=True, site_dir={!r}, workers=1)")


def start_build(project: Project, site_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", BUILD.format(str(site_dir))],
                            cwd=project.root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def work_folders(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.parent.iterdir()
                  if p.name.startswith(f".{site_dir.name}."))


def test_build_killed_at_random_points_leaves_old_or_new_site(site_project: Project,
                                                              tmp_path: Path) -> None:
    issue(site_project, [f"Person {n}" for n in range(12)])
    site_dir = tmp_path / "out"
    build(site_project, site_dir)
    old = tree(site_dir)
    pristine = tmp_path / "pristine"
    shutil.copytree(site_dir, pristine)
    # The change the killed builds publish: a revocation and two new badges.
    lifecycle.revoke(site_project, sorted(site_project.credentials_dir.glob("*.json"))[0].stem,
                     "issued in error", ISSUED)
    issue(site_project, ["Newcomer One", "Newcomer Two"])
    new = tree(build(site_project, tmp_path / "clean").site_dir)
    assert new != old

    started = time.monotonic()
    assert start_build(site_project, tmp_path / "timing").wait(60) == 0
    duration = time.monotonic() - started
    rng = random.Random(12)
    outcomes = []
    for _ in range(KILLS):
        process = start_build(site_project, site_dir)
        time.sleep(rng.uniform(0.2, duration * 1.1))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        now = tree(site_dir)
        assert now in (old, new)
        outcomes.append("new" if now == new else "old")
        assert len(work_folders(site_dir)) <= 1  # at most the one just killed
        if now == new:  # start the next kill from the old site again
            shutil.rmtree(site_dir)
            shutil.copytree(pristine, site_dir)
    assert "old" in outcomes  # some kills landed before the swap

    build(site_project, site_dir)
    assert work_folders(site_dir) == []
    assert tree(site_dir) == new
