"""Attacks through the roster: every row is built, signed and checked before the first
credential is written; every error names the CSV row (header = row 1) and column;
duplicate email addresses are refused unless --allow-duplicates."""

from __future__ import annotations

from pathlib import Path

from badgepress.project import Project
from tests.attacks.state_repo import SLUG, credentials, learners, run, write_roster
from tests.integration.site_project import add_achievement


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_control_character_in_row_1502_of_2000_writes_nothing(project: Project,
                                                              tmp_path: Path) -> None:
    add_achievement(project)
    rows = learners(2000)
    rows[1500] = "Mallory\x07 Forger,mallory@example.com"  # row 1,502 as a spreadsheet shows it
    roster = write_roster(tmp_path / "roster.csv", rows)
    result = run(project, "issue", SLUG, "--csv", str(roster))
    assert result.returncode == 1
    assert errors(result.stderr) == [
        f"error: {roster}: row 1502, column name: text contains a control character that "
        "canonicalises differently in other verifiers (remove control characters (other "
        "than tab and line breaks) from the text)"]
    assert f"1 bad row(s) in {roster}; nothing was issued" in result.stderr
    assert credentials(project) == {}
    assert not project.status_dir.exists()


def test_every_bad_row_is_listed_in_one_run(project: Project, tmp_path: Path) -> None:
    add_achievement(project)
    roster = write_roster(tmp_path / "roster.csv", [
        "Ada,ada@example.com,,,Built an engine",
        "Bo,bo@example.com,,https://example.org/bo\x01,",
        "Cy,cy-at-example.com,,,",
        "Di,di@example.com,2020-01-01,,",
        "Ed,ed@example.com,,,Fixed \x1b[31mthe bug",
        "Flo,flo@example.com,,,",
    ], header="name,email,expires,evidence,narrative")
    result = run(project, "issue", SLUG, "--csv", str(roster))
    assert result.returncode == 1
    where = [line.split(": ")[2] for line in errors(result.stderr)]
    assert sorted(where) == ["row 3, column evidence", "row 4, column email",
                             "row 5, column expires", "row 6, column narrative"]
    assert credentials(project) == {} and not project.status_dir.exists()


def test_same_email_twice_in_a_roster_is_refused(project: Project, tmp_path: Path) -> None:
    add_achievement(project)
    roster = write_roster(tmp_path / "roster.csv", [
        "Ada Lovelace,ada@example.com", "Bo,bo@example.com", "Ada King, ADA@Example.com "])
    result = run(project, "issue", SLUG, "--csv", str(roster))
    assert result.returncode == 1
    assert errors(result.stderr) == [
        f"error: {roster}: row 4, column email: ADA@Example.com is listed twice (also row 2) "
        "(list each recipient once (a re-run skips who holds it already), or pass "
        "--allow-duplicates)"]
    assert credentials(project) == {} and not project.status_dir.exists()


def test_email_holding_the_badge_under_another_name_is_refused(project: Project,
                                                               tmp_path: Path) -> None:
    add_achievement(project)
    assert run(project, "issue", SLUG, "--name", "Ada Lovelace",
               "--email", "ada@example.com").returncode == 0
    [(path, held)] = credentials(project).items()
    roster = write_roster(tmp_path / "roster.csv", ["Bo,bo@example.com",
                                                    "Ada King,Ada@Example.com"])
    result = run(project, "issue", SLUG, "--csv", str(roster))
    assert result.returncode == 1
    assert errors(result.stderr) == [
        f"error: {roster}: row 3, column email: Ada@Example.com already holds this "
        f"achievement as 'Ada Lovelace' ({held['id']}) (list each recipient once (a re-run "
        "skips who holds it already), or pass --allow-duplicates)"]
    assert list(credentials(project)) == [path]


def test_allow_duplicates_issues_them_and_a_rerun_still_skips(project: Project,
                                                              tmp_path: Path) -> None:
    add_achievement(project)
    assert run(project, "issue", SLUG, "--name", "Ada Lovelace",
               "--email", "ada@example.com").returncode == 0
    roster = write_roster(tmp_path / "roster.csv", ["Ada King,ada@example.com",
                                                    "Ada King,ada@example.com",
                                                    "Ada Lovelace,ada@example.com"])
    result = run(project, "issue", SLUG, "--csv", str(roster), "--allow-duplicates")
    assert result.returncode == 0, result.stderr
    assert "issued 1, skipped 2 already issued" in result.stdout
    again = run(project, "issue", SLUG, "--csv", str(roster), "--allow-duplicates")
    assert "issued 0, skipped 3 already issued" in again.stdout
    assert len(credentials(project)) == 2


def test_rerun_of_a_roster_skips_holders_and_is_not_a_duplicate(project: Project,
                                                                tmp_path: Path) -> None:
    add_achievement(project)
    roster = write_roster(tmp_path / "roster.csv", learners(30))
    assert "issued 30, skipped 0" in run(project, "issue", SLUG, "--csv", str(roster)).stdout
    again = run(project, "issue", SLUG, "--csv", str(roster))
    assert again.returncode == 0, again.stderr
    assert "issued 0, skipped 30 already issued" in again.stdout
    assert len(credentials(project)) == 30
