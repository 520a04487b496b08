"""Issuing a stacked badge: each recipient must hold a valid credential for every
component (matched by e-mail against the salted hash); the components are recorded as
evidence; ``pathways --candidates`` lists who qualifies, in a roster ``issue`` reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.errors import BadgeError
from badgepress.issue import issue_batch
from badgepress.keystore import did_document, read_issuer_keys
from badgepress.lifecycle import revoke
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.pathways import EVIDENCE_GENRE
from badgepress.project import Project
from badgepress.schema import schema_errors
from badgepress.site.build import build_site
from badgepress.status.store import read_status_files
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import write_achievement, write_json
from tests.reference.field.record import reference_verdicts

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)
ADA = Recipient("Ada Lovelace", "ada@example.com")
ALAN = Recipient("Alan Turing", "alan@example.com")
GRACE = Recipient("Grace Hopper", "grace@example.com")
EDSGER = Recipient("Edsger Dijkstra", "edsger@example.com")


def award(project: Project, slug: str, *recipients: Recipient,
          now: datetime = NOW) -> list[str]:
    result = issue_batch(project, load_achievement(project, slug), recipients, now=now,
                         workers=1)
    return [item.credential_id for item in result.issued]


@pytest.fixture
def pathway(project: Project) -> dict[str, str]:
    """data-practitioner requires data-literacy and one of python / sql; Ada holds all,
    Alan lacks data-literacy, Grace's python badge is revoked, Edsger's sql expired."""
    write_achievement(project, "data-literacy")
    write_achievement(project, "python")
    write_achievement(project, "sql")
    write_achievement(project, "data-practitioner",
                      "{all: [data-literacy, {any: 1, of: [python, sql]}]}")
    ids = {}
    [ids["ada-literacy"], _, _] = award(project, "data-literacy", ADA, GRACE, EDSGER)
    [ids["ada-python"], _, ids["grace-python"]] = award(project, "python", ADA, ALAN, GRACE)
    (project.achievements_dir / "sql.md").write_text(
        (project.achievements_dir / "sql.md").read_text().replace(
            "image:", "valid_for_days: 10\nimage:"), "utf-8")
    [ids["edsger-sql"]] = award(project, "sql", EDSGER, now=datetime(2026, 1, 1, tzinfo=UTC))
    revoke(project, ids["grace-python"], "issued in error", NOW)
    return ids


def stacked(project: Project, *recipients: Recipient):  # type: ignore[no-untyped-def]
    return issue_batch(project, load_achievement(project, "data-practitioner"), recipients,
                       now=NOW, workers=1)


def test_a_recipient_who_holds_every_component_gets_it_with_the_components_as_evidence(
        project: Project, pathway: dict[str, str]) -> None:
    result = stacked(project, ADA)
    assert result.refused == []
    [issued] = result.issued
    document = json.loads(issued.path.read_bytes())
    assert schema_errors(document) == []
    assert check_credential(issued.path.read_bytes(), Trust.for_project(project, now=LATER)).ok
    assert document["evidence"] == [
        {"type": ["Evidence"], "id": pathway["ada-literacy"], "name": "Data Literacy",
         "narrative": "Data Literacy, awarded 1 March 2026: a component of Data "
                      "Practitioner.", "genre": EVIDENCE_GENRE},
        {"type": ["Evidence"], "id": pathway["ada-python"], "name": "Python",
         "narrative": "Python, awarded 1 March 2026: a component of Data Practitioner.",
         "genre": EVIDENCE_GENRE},
    ]


def test_a_recipient_missing_one_component_is_refused_and_the_others_issued(
        project: Project, pathway: dict[str, str]) -> None:
    result = stacked(project, ALAN, ADA)
    assert [i.recipient for i in result.issued] == [ADA]
    [problem] = result.refused
    assert problem.pointer == "email"
    assert problem.message == "does not qualify for Data Practitioner: missing Data Literacy"


def test_a_revoked_component_does_not_count_and_is_named(
        project: Project, pathway: dict[str, str]) -> None:
    [problem] = stacked(project, GRACE).refused
    assert problem.message == (
        "does not qualify for Data Practitioner: missing 1 more of: Python, Sql. Held but "
        f"not valid: Python {pathway['grace-python']}: Genuine — revoked by the issuer on "
        "1 March 2026 (issued in error)")


def test_an_expired_component_does_not_count_and_is_named(
        project: Project, pathway: dict[str, str]) -> None:
    [problem] = stacked(project, EDSGER).refused
    assert "missing 1 more of: Python, Sql. Held but not valid: Sql " \
        f"{pathway['edsger-sql']}: Genuine — expired on 11 January 2026" in problem.message


def test_a_stacked_badge_needs_the_recipients_email(
        project: Project, pathway: dict[str, str]) -> None:
    [problem] = stacked(project, Recipient("Ada Lovelace")).refused
    assert "e-mail address finds their component credentials" in problem.message


def test_the_cli_refuses_bad_rows_by_number_and_issues_the_rest(
        project: Project, pathway: dict[str, str], tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAlan Turing,alan@example.com\nAda Lovelace,"
                      "ada@example.com\n", "utf-8")
    result = CliRunner().invoke(main, ["issue", "data-practitioner", "--csv", str(roster),
                                       "--project", str(project.root)])
    assert result.exit_code == 1
    assert "issued          Ada Lovelace <ada@example.com>" in result.output
    assert f"error: {roster}: row 2, column email: does not qualify for Data " \
        "Practitioner: missing Data Literacy" in result.stderr
    assert "1 recipient(s) refused" in result.stderr


def test_candidates_lists_who_qualifies_and_does_not_hold_it_yet_as_a_roster(
        project: Project, pathway: dict[str, str], tmp_path: Path) -> None:
    roster = tmp_path / "everyone.csv"
    roster.write_text("name,email\nAda Lovelace,ada@example.com\nAlan Turing,"
                      "alan@example.com\nGrace Hopper,grace@example.com\n", "utf-8")
    runner = CliRunner()
    args = ["pathways", "--candidates", str(roster), "--project", str(project.root)]
    listing = runner.invoke(main, args)
    assert listing.exit_code == 0, listing.output
    assert "data-practitioner: 1 candidate(s)" in listing.output
    assert "Ada Lovelace <ada@example.com>" in listing.output
    assert "Alan" not in listing.output and "Grace" not in listing.output
    csv_out = runner.invoke(main, [*args, "--achievement", "data-practitioner"])
    assert csv_out.output == "name,email\nAda Lovelace,ada@example.com\n"
    fed = tmp_path / "candidates.csv"
    fed.write_text(csv_out.output, "utf-8")
    issued = runner.invoke(main, ["issue", "data-practitioner", "--csv", str(fed),
                                  "--project", str(project.root)])
    assert issued.exit_code == 0, issued.output
    again = runner.invoke(main, [*args, "--achievement", "data-practitioner"])
    assert again.output == "name,email\n"  # Ada holds it now


def test_a_non_stacked_achievement_is_refused_by_candidates(
        project: Project, pathway: dict[str, str], tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,email\nAda Lovelace,ada@example.com\n", "utf-8")
    result = CliRunner().invoke(main, ["pathways", "--candidates", str(roster),
                                       "--achievement", "python",
                                       "--project", str(project.root)])
    assert result.exit_code == 1
    assert "'python' requires no other achievement" in result.stderr


def test_the_stacked_credential_and_its_components_verify_in_the_reference_stack(
        project: Project, pathway: dict[str, str], tmp_path: Path) -> None:
    [issued] = stacked(project, ADA).issued
    lists, _ = read_status_files(project.status_dir)
    documents = {project.did: did_document(project.did, read_issuer_keys(project.keys_dir))}
    paths = []
    for name, path in (("stacked", issued.path), *(
            (key, project.credentials_dir / f"{pathway[key].rstrip('/').rsplit('/', 1)[1]}.json")
            for key in ("ada-literacy", "ada-python"))):
        case = {"now": "2026-06-01T00:00:00Z", "credential": json.loads(path.read_bytes()),
                "didDocuments": documents, "resources": dict(lists)}
        paths.append(write_json(tmp_path / f"{name}.json", case))
    verdicts = reference_verdicts(paths)
    assert {name: v["verdict"] for name, v in verdicts.items()} == {
        "stacked": "verified", "ada-literacy": "verified", "ada-python": "verified"}


def test_verify_checks_each_component_and_counts_them_as_the_badge_page_does(
        project: Project, pathway: dict[str, str]) -> None:
    [issued] = stacked(project, ADA).issued
    revoke(project, pathway["ada-python"], "issued in error", NOW)
    literacy = pathway["ada-literacy"].rstrip("/").rsplit("/", 1)[1]
    args = ["verify", "--json", "--now", "2026-06-01", "--project", str(project.root),
            str(issued.path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)["credentials"]
    assert report["headline"] == "Verified (1 of 2 component badges verified)"
    assert [(c["file"], c["headline"]) for c in report["credentials"]] == [
        (f"credentials/{literacy}.json", "Verified"),
        (f"credentials/{pathway['ada-python'].rstrip('/').rsplit('/', 1)[1]}.json",
         "Genuine — revoked by the issuer on 1 March 2026 (issued in error)")]
    (project.credentials_dir / f"{literacy}.json").unlink()
    [report] = json.loads(CliRunner().invoke(main, args).output)["credentials"]
    assert report["headline"] == "Verified (0 of 2 component badges verified)"
    assert report["credentials"][0]["checks"][0]["message"] == (
        "This component badge could not be read from this site (No such file or directory), "
        "so it was not checked.")


def test_a_deleted_component_credential_is_a_build_warning_naming_the_stacked_badge(
        project: Project, pathway: dict[str, str], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    [issued] = stacked(project, ADA).issued
    config, site = project.root / "mkdocs.yml", tmp_path / "site"
    build_site(config, strict=True, site_dir=site)  # records every badge for the rebuild
    token = pathway["ada-python"].removesuffix("/").rsplit("/", 1)[1]
    (project.credentials_dir / f"{token}.json").unlink()
    with pytest.raises(BadgeError, match="strict mode"):
        build_site(config, strict=True, site_dir=site)
    assert (f"credentials/{issued.path.name}: /evidence: the component credential "
            f"{pathway['ada-python']} is not published on this site") in caplog.text
    build_site(config, strict=False, site_dir=site)
    assert (site / "badges" / issued.path.stem / "index.html").is_file()
