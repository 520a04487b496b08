"""Commands that change the issuer repository, killed with SIGKILL at random points
(seeded): afterwards every credential parses and verifies, no status index is lost or
shared, and running the command again converges.

Each command runs as a real subprocess in its own process group (``issue`` signs in
forked workers; the whole group is killed). Kill points are set by what the command
has done, not by the clock, so they fall where they should on a slow machine too:
a random moment after it took the repository lock (within the measured duration of
an uninterrupted run), or, for ``issue``, once a random number of credentials is on
disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from badgepress.issue import issue_batch
from badgepress.keystore import ACTIVE, read_issuer_keys
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project
from badgepress.state import LOCK_FILE
from badgepress.status.store import read_log
from badgepress.trust import Trust
from badgepress.verify import check_credential, verify_status_list
from tests.attacks.state_repo import (
    SLUG,
    assert_consistent,
    credentials,
    learners,
    run,
    start,
    write_roster,
)
from tests.integration.site_project import ISSUED, add_achievement

SEED = 20261201
KILLS = 20
ROWS = 2000


def holds_lock(project: Project, process: subprocess.Popen[str]) -> bool:
    """Whether ``process`` holds the repository lock (it wrote its pid into it)."""
    try:
        return json.loads((project.root / LOCK_FILE).read_bytes())["pid"] == process.pid
    except (OSError, ValueError, KeyError):
        return False


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> bool:
    """Poll until ``condition`` holds; False when the process ended first."""
    deadline = time.monotonic() + 120
    while not condition():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the command made no progress"
        time.sleep(0.002)
    return True


def locked_duration(project: Project, *args: str) -> float:
    """How long an uninterrupted run holds the lock (it must succeed); at least 50 ms."""
    with start(project, *args) as process:
        wait_for(lambda: holds_lock(project, process), process)  # may be over already
        began = time.monotonic()
        _, stderr = process.communicate()
    assert process.returncode == 0, stderr
    return max(time.monotonic() - began, 0.05)


def kill_when(project: Project, args: tuple[str, ...],
              condition: Callable[[], bool], delay: float = 0.0) -> None:
    """Start a command; SIGKILL it (and its workers) once it holds the lock, the
    ``condition`` holds and ``delay`` seconds passed."""
    with start(project, *args) as process:
        try:
            if wait_for(lambda: holds_lock(project, process), process) \
                    and wait_for(condition, process):
                time.sleep(delay)
        finally:
            with contextlib.suppress(ProcessLookupError):  # it may have finished
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def assert_verify(project: Project, paths: set[Path], revoked: set[str] | None = None
                  ) -> None:
    """Each credential verifies, except those revoked (which fail on status only)."""
    trust = Trust.for_project(project, now=datetime.now(UTC) + timedelta(minutes=10))
    for path in sorted(paths):
        report = check_credential(path.read_bytes(), trust, path=path)
        if revoked and report.credential_id in revoked:
            assert [c.code for c in report.checks if c.state != "pass"] == ["revoked"], path
        else:
            assert report.ok, (path, [c.to_json() for c in report.checks])


def test_issue_of_2000_rows_killed_20_times(project: Project, tmp_path: Path) -> None:
    """Every fifth kill falls while signing (nothing may be written); the others once
    up to 15 % of the remaining credentials are written, so each run has work left."""
    add_achievement(project)
    args = ("issue", SLUG, "--csv", str(write_roster(tmp_path / "roster.csv",
                                                     learners(ROWS))))
    rng = random.Random(SEED)
    seen: set[Path] = set()
    for n in range(KILLS):
        if n % 5 == 0:
            kill_when(project, args, lambda: True, rng.uniform(0.0, 0.5))
        else:
            target = len(seen) + int((ROWS - len(seen)) * rng.uniform(0.0, 0.15))
            kill_when(project, args,
                      lambda t=target: len(os.listdir(project.credentials_dir)) > t
                      if project.credentials_dir.is_dir() else False)
        found = set(credentials(project))  # every file left parses
        assert found >= seen and len(found) < ROWS
        if found:
            assert_consistent(project)  # each has its own allocated status bit
        assert_verify(project, found - seen)
        seen = found
    assert len(seen) > 0
    result = run(project, *args)
    assert result.returncode == 0, result.stderr
    assert f"issued {ROWS - len(seen)}, skipped {len(seen)} already issued" in result.stdout
    found = set(credentials(project))
    assert len(found) == ROWS
    assert_consistent(project)
    assert_verify(project, found - seen)


@pytest.fixture
def fifty(project: Project) -> Project:
    """The project with fifty credentials."""
    add_achievement(project)
    issue_batch(project, load_achievement(project, SLUG),
                [Recipient(f"Learner {n}") for n in range(50)], now=ISSUED, workers=1)
    return project


def test_revoke_killed_20_times(fifty: Project) -> None:
    paths = sorted(credentials(fifty))
    ids = {path: str(document["id"]) for path, document in credentials(fifty).items()}
    duration = locked_duration(fifty, "revoke", str(paths[-1]), "--reason", "measured")
    revoked = {ids[paths[-1]]}
    rng = random.Random(SEED)
    for target in paths[:KILLS]:
        args = ("revoke", str(target), "--reason", "misconduct")
        kill_when(fifty, args, lambda: True, rng.uniform(0.0, duration))
        trust = Trust.for_project(fifty, now=datetime.now(UTC))
        for url in {d["credentialStatus"]["statusListCredential"]  # type: ignore[index]
                    for d in credentials(fifty).values()}:
            verify_status_list(url, trust)  # the list is whole and signed
        assert {r.credential for r in read_log(fifty.status_dir)} <= revoked | {ids[target]}
        result = run(fifty, *args)
        assert result.returncode == 0, result.stderr
        revoked.add(ids[target])
        assert {r.credential for r in read_log(fifty.status_dir)} == revoked
        assert_consistent(fifty)
        assert_verify(fifty, set(paths), revoked)


def test_keys_rotate_killed_20_times(fifty: Project) -> None:
    duration = locked_duration(fifty, "keys", "rotate")
    rng = random.Random(SEED)
    for _ in range(KILLS):
        kill_when(fifty, ("keys", "rotate"), lambda: True, rng.uniform(0.0, duration))
        keys = read_issuer_keys(fifty.keys_dir)  # every record parses
        assert any(k.status == ACTIVE for k in keys)
        assert_verify(fifty, set(credentials(fifty)))  # retired keys keep verifying
        result = run(fifty, "keys", "rotate")
        assert result.returncode == 0, result.stderr
        assert [k.status for k in read_issuer_keys(fifty.keys_dir)].count(ACTIVE) == 1
    result = run(fifty, "issue", SLUG, "--name", "After Rotation")
    assert result.returncode == 0, result.stderr
    assert_consistent(fifty)
    assert_verify(fifty, set(credentials(fifty)))
