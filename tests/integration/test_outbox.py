"""The outbox (who got which badge), the wallet links, the recipient check, and that no
plain e-mail address reaches the repository or the site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.model.achievement import Achievement
from badgepress.outbox import Outbox
from badgepress.project import Project
from badgepress.wallet import wallet_deep_link, wallet_scan_url
from tests.integration.delivery import SLUG, badge, wallet_reads
from tests.integration.site_project import build

__all__ = ["badge"]

ROSTER = ("name,email,narrative\n"
          "Ada Lovelace, Ada@Example.COM ,Wrote 100% of it + more & then some\n"
          "Grace Hopper,grace@example.net,\n"
          "Alan Turing,,\n")


def issue_roster(project: Project, *extra: str) -> list[dict[str, object]]:
    roster = project.root.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["issue", SLUG, "--csv", str(roster), "--json",
                                       "--project", str(project.root), *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_issue_records_each_credential_in_the_outbox_once(
        project: Project, badge: Achievement, outbox_folder: Path) -> None:
    printed = issue_roster(project)
    assert [(r["name"], r["email"]) for r in printed] == [
        ("Ada Lovelace", "Ada@Example.COM"), ("Grace Hopper", "grace@example.net"),
        ("Alan Turing", None)]
    ada = printed[0]
    assert ada["pageUrl"] == f"{project.profile.site_url}badges/{ada['token']}/"
    assert ada["credentialFile"] == f"credentials/{ada['token']}.json"
    assert ada["achievement"] == SLUG and ada["achievementName"] == "Python Basics"
    linkedin = parse_qs(urlsplit(str(ada["linkedinUrl"])).query)
    assert linkedin["certUrl"] == [ada["pageUrl"]] and linkedin["name"] == ["Python Basics"]
    stored = Outbox.open(project).records()
    assert sorted(r.to_json()["token"] for r in stored) == sorted(r["token"] for r in printed)
    assert {oct(p.stat().st_mode & 0o777) for p in (outbox_folder / "issued").iterdir()} \
        == {"0o600"}
    assert issue_roster(project) == []
    assert len(Outbox.open(project).records()) == 3


def test_rerun_after_a_crash_fills_a_missing_outbox_record(
        project: Project, badge: Achievement, outbox_folder: Path) -> None:
    printed = issue_roster(project)
    lost = outbox_folder / "issued" / f"{printed[1]['token']}.json"
    lost.unlink()
    assert issue_roster(project) == []
    assert json.loads(lost.read_bytes()) == printed[1]
    assert len(list(project.credentials_dir.glob("*.json"))) == 3


def test_outbox_option_chooses_the_folder(project: Project, badge: Achievement,
                                          tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere"
    issue_roster(project, "--outbox", str(chosen))
    assert len(Outbox(chosen).records()) == 3


def test_wallet_deep_link_decodes_to_the_exact_credential(
        project: Project, badge: Achievement) -> None:
    [ada, *_] = issue_roster(project)
    credential = json.loads((project.root / str(ada["credentialFile"])).read_bytes())
    assert "100% of it + more & then some" in json.dumps(credential)
    offer = wallet_reads(wallet_deep_link(credential))
    assert offer["verifiablePresentation"]["verifiableCredential"] == [credential]
    assert wallet_scan_url(str(ada["pageUrl"])) == f"{ada['pageUrl']}credential.json"


@pytest.mark.parametrize(("email", "code"), [
    ("ada@example.com", 0), ("  ADA@example.COM\t", 0), ("ada@example.org", 1)])
def test_verify_recipient_matches_only_the_address_issued_to(
        project: Project, badge: Achievement, email: str, code: int) -> None:
    [ada, *_] = issue_roster(project)
    result = CliRunner().invoke(main, ["verify", "--project", str(project.root), "--recipient",
                                       email, str(project.root / str(ada["credentialFile"]))])
    assert result.exit_code == code, result.output
    assert ("Recipient: issued to " if code == 0 else "Recipient: not issued to ") \
        + email.strip() in result.output


def test_verify_recipient_json_reports_the_match(project: Project, badge: Achievement) -> None:
    printed = issue_roster(project)
    files = [str(project.root / str(r["credentialFile"])) for r in printed[:2]]
    result = CliRunner().invoke(main, ["verify", "--json", "--project", str(project.root),
                                       "--recipient", "grace@example.net", *files])
    assert result.exit_code == 1
    assert json.loads(result.output)["recipientMatches"] == [False, True]


def test_no_plain_email_in_the_work_tree_or_the_built_site(
        project: Project, badge: Achievement) -> None:
    printed = issue_roster(project)
    dry = CliRunner().invoke(main, ["notify", "--dry-run", "--project", str(project.root)])
    assert dry.exit_code == 0 and "written 2," in dry.output, dry.output
    build(project)
    site = project.root / "site"
    for record in printed:  # the wallet's scanned address is the published credential
        published = site / wallet_scan_url(str(record["pageUrl"])).removeprefix(
            project.profile.site_url)
        assert published.read_bytes() == (project.root / str(record["credentialFile"])
                                          ).read_bytes()
    needles = [b"ada@example.com", b"grace@example.net"]
    files = [p for p in project.root.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes().lower()
        assert not [n for n in needles if n in data], path
