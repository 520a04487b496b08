"""Attacks on the issuer repository's storage: a full disk, read-only files and files
that are not what they claim end in one line naming the file, and leave every file as
it was.

The full disk and the read-only files are injected at the write boundary: the
``os.replace`` that makes a written file visible raises a real ``OSError`` (ENOSPC,
EROFS, EACCES) for one chosen file. Mounting a small tmpfs needs root, which the test
suite does not have in CI.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from badgepress.cli import main
from badgepress.project import Project
from tests.attacks.state_repo import (
    SLUG,
    credentials,
    learners,
    run,
    state_files,
    write_roster,
)
from tests.integration.site_project import add_achievement

_real_replace = os.replace


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int,
                chosen: Callable[[Path, int], bool]) -> None:
    """Make ``os.replace`` onto a chosen file raise ``OSError(code)``; ``chosen`` gets
    the target and how many files were written before it."""
    count = 0

    def replace(source: str | Path, target: str | Path) -> None:
        nonlocal count
        if chosen(Path(target), count):
            raise OSError(code, os.strerror(code), str(source))
        count += 1
        _real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)


def cli(project: Project, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--project", str(project.root)])


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, OSError | AssertionError), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def issued(project: Project, tmp_path: Path) -> Project:
    """The project with one achievement and ten credentials."""
    add_achievement(project)
    roster = write_roster(tmp_path / "first.csv", learners(10, "First"))
    assert cli(project, "issue", SLUG, "--csv", str(roster)).exit_code == 0
    return project


def test_disk_full_while_writing_credentials_changes_nothing(
        issued: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = state_files(issued)
    roster = write_roster(tmp_path / "more.csv", learners(300, "More"))
    failed: list[Path] = []

    def chosen(target: Path, written: int) -> bool:
        if target.parent == issued.credentials_dir and written == 150 and not failed:
            failed.append(target)
        return target in failed

    fail_writes(monkeypatch, errno.ENOSPC, chosen)
    line = one_error_line(cli(issued, "issue", SLUG, "--csv", str(roster)))
    assert line == (f"error: credentials/{failed[0].name}: cannot write the file: No space "
                    "left on device (free some disk space, then run the command again; "
                    "nothing was changed)")
    assert state_files(issued) == before
    assert not list(issued.root.rglob("*.tmp"))


def test_disk_full_while_logging_a_revocation_changes_nothing(
        issued: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = state_files(issued)
    target = next(iter(credentials(issued)))
    fail_writes(monkeypatch, errno.ENOSPC, lambda path, _: path.name == "log.json")
    line = one_error_line(cli(issued, "revoke", str(target), "--reason", "issued in error"))
    assert line.startswith("error: status/log.json: cannot write the file: No space left")
    assert state_files(issued) == before  # the re-signed list is put back too


def test_read_only_key_record_during_rotate_changes_nothing(
        issued: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = state_files(issued)
    [old] = issued.keys_dir.glob("*.json")
    fail_writes(monkeypatch, errno.EROFS, lambda path, _: path == old)
    line = one_error_line(cli(issued, "keys", "rotate"))
    assert line == (f"error: issuer_keys/{old.name}: cannot write the file: Read-only file "
                    "system (the file system is read-only, then run the command again; "
                    "nothing was changed)")
    assert state_files(issued) == before  # the new key's record is gone again


def test_unwritable_status_list_during_issue_changes_nothing(
        issued: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = state_files(issued)
    fail_writes(monkeypatch, errno.EACCES,
                lambda path, _: path.name == "allocation.json")
    roster = write_roster(tmp_path / "more.csv", learners(5, "More"))
    line = one_error_line(cli(issued, "issue", SLUG, "--csv", str(roster)))
    assert line.startswith("error: status/allocation.json: cannot write the file: "
                           "Permission denied (make the repository writable for you")
    assert state_files(issued) == before


def test_revoke_of_a_file_that_is_not_json_is_one_line(issued: Project,
                                                       tmp_path: Path) -> None:
    bogus = tmp_path / "notes.json"
    bogus.write_text("these are my notes, not a credential\n")
    before = state_files(issued)
    result = run(issued, "revoke", str(bogus), "--reason", "x")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {bogus}: not valid JSON: Expecting value")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert state_files(issued) == before


def test_revoke_of_a_json_list_is_one_line(issued: Project, tmp_path: Path) -> None:
    bogus = tmp_path / "list.json"
    bogus.write_text(json.dumps([{"id": "https://example.org/"}]))
    before = state_files(issued)
    result = run(issued, "revoke", str(bogus), "--reason", "x")
    assert result.returncode == 1
    assert result.stderr == (f"error: {bogus}: /: a credential must be a JSON object "
                             "(give a credential's .json file)\n")
    assert state_files(issued) == before


def test_status_list_id_not_ending_in_a_number_is_one_line(issued: Project) -> None:
    path = issued.status_dir / "lists" / "1.json"
    document = json.loads(path.read_bytes())
    document["id"] = f"{issued.profile.site_url}status/first.json"
    path.write_text(json.dumps(document))
    before = state_files(issued)
    target = next(iter(credentials(issued)))
    result = run(issued, "revoke", str(target), "--reason", "x")
    assert result.returncode == 1
    assert result.stderr == (
        "error: status/lists/1.json: /id: the status list id "
        f"'{issued.profile.site_url}status/first.json' does not end in a list number "
        "(status lists are written by 'badgepress issue' as status/<n>.json; restore "
        "status/ from git)\n")
    assert state_files(issued) == before
