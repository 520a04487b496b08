"""Attacks on the issuer repository by running commands at the same time: every
command that changes the state takes the repository lock, so nothing is lost."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from badgepress.project import Project
from badgepress.state import LOCK_FILE, locked
from badgepress.status.registry import StatusRegistry
from tests.attacks.state_repo import (
    SLUG,
    allocation,
    assert_consistent,
    credentials,
    learners,
    run,
    start,
    state_files,
    verdicts,
    write_roster,
)
from tests.integration.site_project import add_achievement


def test_two_concurrent_500_row_issues_lose_no_status_entry(project: Project,
                                                            tmp_path: Path) -> None:
    add_achievement(project)
    first = write_roster(tmp_path / "first.csv", learners(500, "First"))
    second = write_roster(tmp_path / "second.csv", learners(500, "Second"))
    runs = [start(project, "issue", SLUG, "--csv", str(roster)) for roster in (first, second)]
    outputs = [process.communicate(timeout=300) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], outputs
    assert all("issued 500, skipped 0" in out for out, _ in outputs)
    assert len(credentials(project)) == 1000
    assert len(allocation(project)) == 1000
    assert_consistent(project)  # 1,000 distinct indices, each the one allocated
    registry = StatusRegistry.load(project)
    for document in credentials(project).values():
        registry.revoke(str(document["id"]))  # every one is revocable
    assert len({(a.list, a.index) for a in registry.allocations.values()}) == 1000


def test_issue_and_revokes_at_once_lose_no_revocation(project: Project,
                                                      tmp_path: Path) -> None:
    add_achievement(project)
    assert run(project, "issue", SLUG, "--csv",
               str(write_roster(tmp_path / "a.csv", learners(8, "Early")))).returncode == 0
    targets = sorted(credentials(project))[:4]
    roster = write_roster(tmp_path / "b.csv", learners(500, "Late"))
    runs = [start(project, "issue", SLUG, "--csv", str(roster))]
    runs += [start(project, "revoke", str(path), "--reason", "issued in error")
             for path in targets]
    outputs = [process.communicate(timeout=300) for process in runs]
    assert [process.returncode for process in runs] == [0] * 5, outputs
    assert len(credentials(project)) == 508
    assert_consistent(project)
    found = verdicts(project)
    assert {path for path, verdict in found.items() if verdict != "verified"} == set(targets)
    assert all(found[path] == "not-verified" for path in targets)
    log = (project.status_dir / "log.json").read_text()
    assert all(str(credentials(project)[path]["id"]) in log for path in targets)


def test_second_command_waits_then_names_the_holder(project: Project, tmp_path: Path) -> None:
    add_achievement(project)
    roster = write_roster(tmp_path / "r.csv", learners(3))
    before = state_files(project)
    with locked(project.root, "issue"):
        began = time.monotonic()
        result = run(project, "issue", SLUG, "--csv", str(roster),
                     BADGEPRESS_LOCK_TIMEOUT="1")
        waited = time.monotonic() - began
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(
        rf"error: {re.escape(LOCK_FILE)}: the repository is busy: 'badgepress issue' "
        rf"\(pid {os.getpid()}, since \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) is changing it "
        r"\(waited 1 s\) \(let that command finish, then run this one again\)", lines[0])
    assert waited >= 1
    assert state_files(project) == before


def test_lock_of_a_killed_command_is_released(project: Project, tmp_path: Path) -> None:
    add_achievement(project)
    process = start(project, "issue", SLUG, "--csv",
                    str(write_roster(tmp_path / "big.csv", learners(2000))))
    lock = project.root / LOCK_FILE
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_bytes()) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    result = run(project, "issue", SLUG, "--csv",
                 str(write_roster(tmp_path / "one.csv", learners(1, "Other"))),
                 BADGEPRESS_LOCK_TIMEOUT="5")
    assert result.returncode == 0, result.stderr
    assert_consistent(project)
