"""Issuing: single credentials, rosters (re-runnable, all-or-nothing), the CLI, and a
batch killed halfway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.issue import issue_batch, issue_one
from badgepress.model.achievement import Achievement, load_achievement
from badgepress.model.recipient import Recipient, email_hash
from badgepress.project import Project
from badgepress.schema import schema_errors
from badgepress.trust import Trust
from badgepress.verify import check_credential

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def achievement(project: Project) -> Achievement:
    """A Python Fundamentals achievement in the project."""
    (project.docs_dir / "images").mkdir()
    (project.docs_dir / "images" / "python.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.achievements_dir.mkdir()
    (project.achievements_dir / "python-fundamentals.md").write_text(
        "---\nname: Python Fundamentals\ndescription: Writes small programs.\n"
        "image: images/python.svg\n---\nComplete the six exercises.\n", encoding="utf-8")
    return load_achievement(project, "python-fundamentals")


def credential_files(project: Project) -> list[Path]:
    return sorted(project.credentials_dir.glob("*.json"))


def assert_all_verify(project: Project, now: datetime = LATER) -> list[dict[str, object]]:
    trust = Trust.for_project(project, now=now)
    documents = []
    for path in credential_files(project):
        report = check_credential(path.read_bytes(), trust, path=path)
        assert report.ok, (path, [c.to_json() for c in report.checks])
        assert [c.id for c in report.checks] == [
            "format", "signature", "issuer_key", "status", "dates"]
        documents.append(json.loads(path.read_bytes()))
    return documents


def test_issue_one_writes_a_verifiable_credential_without_the_email(
        project: Project, achievement: Achievement) -> None:
    issued = issue_one(project, achievement,
                       Recipient("Ada Lovelace", "Ada@Example.com",
                                 evidence="https://example.org/ada/project",
                                 narrative="Built a difference engine simulator."), now=NOW)
    token = issued.path.stem
    assert len(token) == 26 and token.isalnum() and token == token.lower()
    assert issued.path == project.credentials_dir / f"{token}.json"
    assert issued.credential_id == f"https://example-academy.github.io/badges/badges/{token}/"
    [document] = assert_all_verify(project)
    assert schema_errors(document) == []
    assert document["validFrom"] == document["awardedDate"] == "2026-03-01T12:00:00Z"
    assert document["issuer"]["id"] == "did:web:example-academy.github.io:badges"
    assert document["evidence"] == [{"type": ["Evidence"],
                                     "id": "https://example.org/ada/project"}]
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    subject = document["credentialSubject"]
    assert subject["narrative"] == "Built a difference engine simulator."
    name, email = subject["identifier"]
    assert name["identityHash"] == "Ada Lovelace"
    assert email["identityHash"] == email_hash("ada@example.com", email["salt"])
    for path in project.root.rglob("*"):
        if path.is_file():
            assert b"ada@example.com" not in path.read_bytes().lower(), path


def test_expiry_from_the_roster_or_the_achievement(project: Project,
                                                   achievement: Achievement) -> None:
    yearly = replace(achievement, valid_for_days=365)
    a = issue_one(project, yearly, Recipient("A"), now=NOW)
    b = issue_one(project, yearly, Recipient("B", expires=date(2026, 4, 30)), now=NOW)
    assert json.loads(a.path.read_bytes())["validUntil"] == "2027-03-01T12:00:00Z"
    assert json.loads(b.path.read_bytes())["validUntil"] == "2026-04-30T23:59:59Z"
    report = check_credential(b.path.read_bytes(), Trust.for_project(project, now=LATER))
    assert not report.ok and report.first_problem().code == "expired"  # type: ignore[union-attr]


def test_500_row_roster_issues_500_and_a_rerun_issues_none(
        project: Project, achievement: Achievement) -> None:
    recipients = [Recipient(f"Learner {i}", f"learner{i}@example.com" if i % 2 else None)
                  for i in range(500)]
    first = issue_batch(project, achievement, recipients, now=NOW)
    assert (len(first.issued), len(first.skipped)) == (500, 0)
    documents = assert_all_verify(project)
    assert len({d["id"] for d in documents}) == 500
    again = issue_batch(project, achievement, recipients, now=NOW)
    assert (len(again.issued), len(again.skipped)) == (0, 500)
    assert len(credential_files(project)) == 500


def test_same_name_with_another_email_is_another_recipient(
        project: Project, achievement: Achievement) -> None:
    issue_one(project, achievement, Recipient("Sam Lee", "sam@example.com"), now=NOW)
    result = issue_batch(project, achievement, [
        Recipient("Sam Lee", " SAM@example.com"),   # the same person
        Recipient("Sam Lee", "sam.lee@example.com"),  # another Sam Lee
        Recipient("Sam Lee", "sam.lee@example.com"),  # listed twice
    ], now=NOW, allow_duplicates=True)
    assert [r.email for r, _ in result.skipped] == [" SAM@example.com", "sam.lee@example.com"]
    assert [i.recipient.email for i in result.issued] == ["sam.lee@example.com"]


# --- command line ------------------------------------------------------------------------

def run(project: Project, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--project", str(project.root)])
    return result.exit_code, result.output


def test_cli_issue_prints_the_badge_page(project: Project, achievement: Achievement) -> None:
    code, out = run(project, "issue", "python-fundamentals", "--name", "Ada",
                    "--email", "ada@example.com")
    assert code == 0, out
    [path] = credential_files(project)
    assert f"badge page: https://example-academy.github.io/badges/badges/{path.stem}/" in out
    code, out = run(project, "issue", "python-fundamentals", "--name", "Ada",
                    "--email", "ADA@example.com")
    assert code == 0 and "issued 0, skipped 1 already issued" in out


def test_cli_roster_with_three_bad_rows_writes_nothing(
        project: Project, achievement: Achievement, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,expires\nAda,ada@example.com,\n,bo@example.com,\n"
                      "Cy,cy-at-example.com,\nDi,,2030-02-30\n", encoding="utf-8")
    code, out = run(project, "issue", "python-fundamentals", "--csv", str(roster))
    assert code == 1
    assert "row 3, column name" in out and "row 4, column email" in out
    assert "row 5, column expires" in out and "3 bad row(s)" in out
    assert credential_files(project) == [] and not project.status_dir.exists()


def test_cli_roster_dry_run_then_issue(project: Project, achievement: Achievement,
                                       tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@example.com\nBo,\n", encoding="utf-8")
    code, out = run(project, "issue", "python-fundamentals", "--csv", str(roster), "--dry-run")
    assert code == 0 and "would issue 2" in out and credential_files(project) == []
    code, out = run(project, "issue", "python-fundamentals", "--csv", str(roster))
    assert code == 0 and "issued 2, skipped 0" in out
    code, out = run(project, "issue", "python-fundamentals", "--csv", str(roster), "--dry-run")
    assert "would issue 0, skip 2" in out


@pytest.mark.parametrize(("args", "message"), [
    (["issue", "python-fundamentals"], "give --name"),
    (["issue", "python-fundamentals", "--csv", "{roster}", "--name", "A"], "cannot be combined"),
    (["issue"], "Missing argument"),
])
def test_cli_usage_errors_exit_2(project: Project, achievement: Achievement, tmp_path: Path,
                                 args: list[str], message: str) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name\nA\n")
    code, out = run(project, *[a.replace("{roster}", str(roster)) for a in args])
    assert code == 2 and message in out


def test_cli_validation_errors_exit_1(project: Project, achievement: Achievement) -> None:
    code, out = run(project, "issue", "python-fundamentals", "--name", "A", "--email", "nope")
    assert code == 1 and "not an email address" in out
    code, out = run(project, "issue", "../x", "--name", "A")
    assert code == 1 and "slug" in out
    assert credential_files(project) == []


def test_cli_help_shows_examples() -> None:
    out = CliRunner().invoke(main, ["issue", "--help"]).output
    assert "badgepress issue python-fundamentals --name" in out and "--csv" in out
    out = CliRunner().invoke(main, ["achievements", "list", "--help"]).output
    assert "badgepress achievements list" in out


def test_cli_achievements_list(project: Project, achievement: Achievement) -> None:
    code, out = run(project, "achievements", "list")
    assert code == 0 and "python-fundamentals" in out and "Python Fundamentals (Badge)" in out
    code, out = run(project, "achievements", "list", "--json")
    assert json.loads(out)[0]["achievement"]["name"] == "Python Fundamentals"


# --- crash safety --------------------------------------------------------------------------

def test_killed_batch_leaves_complete_files_and_a_rerun_finishes(
        project: Project, achievement: Achievement, tmp_path: Path) -> None:
    total = 1500
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\n" + "".join(f"Learner {i},l{i}@example.com\n"
                                               for i in range(total)), encoding="utf-8")
    command = [str(Path(sys.executable).parent / "badgepress"), "issue", "python-fundamentals",
               "--csv", str(roster), "--project", str(project.root)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          start_new_session=True, env=os.environ.copy()) as process:
        deadline = time.monotonic() + 120
        while len(credential_files(project)) < 100 and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # the command and its signing workers
        process.wait()
    written = len(credential_files(project))
    assert 100 <= written < total
    soon = datetime.now(UTC) + timedelta(minutes=10)  # the CLI issues with the real clock
    assert_all_verify(project, soon)
    rerun = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(),
                           check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {written} already issued" in rerun.stdout
    documents = assert_all_verify(project, soon)
    names = [d["credentialSubject"]["identifier"][0]["identityHash"]  # type: ignore[index]
             for d in documents]
    assert len(documents) == total and len(set(names)) == total
