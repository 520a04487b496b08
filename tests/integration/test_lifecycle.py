"""Revocation, status lists, key rotation and key compromise, end to end."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from badgepress import lifecycle
from badgepress.cli import main
from badgepress.crypto.proof import sign
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.project import Project
from badgepress.report import Report
from badgepress.schema import schema_errors
from badgepress.status import Bitstring
from badgepress.status.registry import StatusRegistry
from badgepress.status.store import read_log, read_status_lists
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import unsigned_credential

NOW = datetime(2026, 3, 1, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)


def issue_many(project: Project, count: int, now: datetime = NOW) -> list[str]:
    """Issue ``count`` credentials the way ``badgepress issue`` lays them out."""
    registry = StatusRegistry.load(project)
    signer = lifecycle.current_signer(project)
    site = project.profile.site_url
    documents = []
    for n in range(count):
        credential_id = f"{site}badges/t{n:05d}/"
        document = unsigned_credential(id=credential_id)
        document["issuer"]["id"] = project.did
        document["credentialStatus"] = registry.allocate(credential_id)
        documents.append(document)
    registry.save(signer, now)
    for n, document in enumerate(documents):
        write_json_atomic(project.credentials_dir / f"t{n:05d}.json",
                          sign(document, signer, bundled_loader(), now))
    return [d["id"] for d in documents]


def check_all(project: Project, now: datetime = LATER) -> dict[str, Report]:
    trust = Trust.for_project(project, now=now)
    return {path.stem: check_credential(path.read_bytes(), trust, path=path)
            for path in sorted(project.credentials_dir.glob("*.json"))}


def status_of(report: Report) -> Any:
    return next(c for c in report.checks if c.id == "status")


def test_revoke_three_of_a_thousand(project: Project) -> None:
    issue_many(project, 1000)
    before = {p.name: p.read_bytes() for p in project.credentials_dir.glob("*.json")}
    reasons = {"t00007": "issued in error", "t00500": "misconduct", "t00999": "duplicate"}
    for stem, reason in reasons.items():
        lifecycle.revoke(project, str(project.credentials_dir / f"{stem}.json"), reason, LATER)
    reports = check_all(project)
    revoked = {stem for stem, r in reports.items() if status_of(r).code == "revoked"}
    assert revoked == set(reasons)
    for stem, reason in reasons.items():
        assert reason in status_of(reports[stem]).message
    assert sum(r.ok for r in reports.values()) == 997
    after = {p.name: p.read_bytes() for p in project.credentials_dir.glob("*.json")}
    assert after == before  # credential files never change
    for data in after.values():
        assert schema_errors(json.loads(data)) == []


def test_indices_are_random_unique_and_recorded(project: Project) -> None:
    issue_many(project, 300)
    allocation = json.loads((project.status_dir / "allocation.json").read_text())["entries"]
    indices = [a["index"] for a in allocation.values()]
    assert len(set(indices)) == 300
    assert indices != sorted(indices)  # position does not reveal issue order
    assert max(indices) > 10_000


def test_status_list_shape_and_encoding(project: Project) -> None:
    issue_many(project, 3)
    lifecycle.revoke(project, f"{project.profile.site_url}badges/t00001/", "test", LATER)
    [(url, document)] = read_status_lists(project.status_dir).items()
    subject = document["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = Bitstring.decode(subject["encodedList"])
    assert len(bits) == 131_072
    entry = json.loads((project.credentials_dir / "t00001.json").read_text())["credentialStatus"]
    assert isinstance(entry["statusListIndex"], str)
    assert bits.set_indices() == [int(entry["statusListIndex"])]
    assert entry["statusListCredential"] == url


def test_revoking_twice_is_a_clear_no_op(project: Project) -> None:
    issue_many(project, 1)
    runner = CliRunner()
    args = ["revoke", "--project", str(project.root), str(project.credentials_dir / "t00000.json"),
            "--reason", "issued in error"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0 and "revoked" in first.output
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and "already revoked" in second.output
    assert len(read_log(project.status_dir)) == 1


@pytest.mark.parametrize("tamper", ["flip-bit", "other-issuer"])
def test_tampered_status_list_means_status_unknown(project: Project, tamper: str) -> None:
    issue_many(project, 2)
    [path] = (project.status_dir / "lists").glob("*.json")
    document = json.loads(path.read_text())
    if tamper == "flip-bit":
        bits = Bitstring.decode(document["credentialSubject"]["encodedList"])
        bits.set(5)
        document["credentialSubject"]["encodedList"] = bits.encode()
    else:
        document["issuer"] = "did:web:evil.example"
    path.write_text(json.dumps(document))
    for report in check_all(project).values():
        status = status_of(report)
        assert (status.state, status.code) == ("warn", "status-unknown")
        assert not report.ok


def test_missing_status_list_is_unknown_never_valid(project: Project) -> None:
    issue_many(project, 1)
    for path in (project.status_dir / "lists").glob("*.json"):
        path.unlink()
    [report] = check_all(project).values()
    assert status_of(report).code == "status-unknown"
    assert report.verdict == "warning"


def test_interrupted_revoke_leaves_every_file_as_it_was_and_rerun_revokes(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    issue_many(project, 2)
    target = str(project.credentials_dir / "t00001.json")
    before = {p: p.read_bytes() for p in project.status_dir.rglob("*") if p.is_file()}

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(lifecycle, "append_log", crash)
        lifecycle.revoke(project, target, "misconduct", LATER)
    assert {p: p.read_bytes() for p in project.status_dir.rglob("*") if p.is_file()} == before
    _, changed = lifecycle.revoke(project, target, "misconduct", LATER)
    assert changed
    reports = check_all(project)
    assert status_of(reports["t00001"]).code == "revoked"
    assert status_of(reports["t00000"]).code is None
    assert [r.reason for r in read_log(project.status_dir)] == ["misconduct"]
    assert not list(project.status_dir.rglob("*.tmp"))


def test_rotation_keeps_old_credentials_valid(project: Project) -> None:
    issue_many(project, 2)
    lifecycle.rotate_key(project, date(2026, 4, 1))
    registry = StatusRegistry.load(project)
    signer = lifecycle.current_signer(project)
    document = unsigned_credential(id=f"{project.profile.site_url}badges/new/")
    document["issuer"]["id"] = project.did
    document["credentialStatus"] = registry.allocate(document["id"])
    registry.save(signer, NOW)
    write_json_atomic(project.credentials_dir / "new.json",
                      sign(document, signer, bundled_loader(), NOW))
    reports = check_all(project)
    assert all(r.ok for r in reports.values()), {k: r.to_json() for k, r in reports.items()}


def test_compromised_key_fails_with_key_and_date_then_reissue_fixes(project: Project) -> None:
    issue_many(project, 3)
    [old] = [k for k in lifecycle.read_issuer_keys(project.keys_dir)]
    lifecycle.rotate_key(project, date(2026, 4, 1))
    key, affected = lifecycle.compromise_key(project, old.multibase, date(2026, 4, 15))
    assert len(affected) == 3
    reports = check_all(project)
    for report in reports.values():
        issuer_key = next(c for c in report.checks if c.id == "issuer_key")
        assert issuer_key.state == "fail"
        assert old.multibase in issuer_key.message and "2026-04-15" in issuer_key.message
    done = lifecycle.reissue(project, LATER)
    assert len(done) == 3
    reports = check_all(project, now=datetime(2026, 7, 1, tzinfo=UTC))
    assert all(r.ok for r in reports.values()), {k: r.to_json() for k, r in reports.items()}
    for path in project.credentials_dir.glob("*.json"):
        document = json.loads(path.read_text())
        assert document["awardedDate"] == "2026-01-02T03:04:05Z"  # the original award
    assert key.status == "compromised"


def test_a_full_list_rolls_over_to_a_new_one(project: Project) -> None:
    registry = StatusRegistry.load(project)
    capacity = 131_072 * 3 // 4
    for n in range(capacity):
        registry.allocate(f"urn:test:{n}")
    assert {a.list for a in registry.allocations.values()} == {1}
    entry = registry.allocate("urn:test:next")
    assert entry["statusListCredential"].endswith("/status/2.json")
    registry.save(lifecycle.current_signer(project), NOW)
    assert sorted(read_status_lists(project.status_dir)) == [
        f"{project.profile.site_url}status/1.json", f"{project.profile.site_url}status/2.json"]
