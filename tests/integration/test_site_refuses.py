"""Attacks and mistakes the build refuses: every bad file listed, nothing published."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgepress.crypto.keys import KeyPair
from badgepress.crypto.proof import sign, without_proof
from badgepress.did.document import method_id
from badgepress.errors import BadgeError, KeyMaterialError
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.lifecycle import revoke
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from tests.integration.site_project import (
    ISSUED,
    add_achievement,
    build,
    issue,
    site_project,
    tree,
)

__all__ = ["site_project"]


def tamper_name(path: Path, name: str = "Mallory") -> None:
    document = json.loads(path.read_bytes())
    document["credentialSubject"]["identifier"][0]["identityHash"] = name
    write_json_atomic(path, document)


def resign_with_unknown_key(path: Path, project: Project) -> None:
    document = without_proof(json.loads(path.read_bytes()))
    pair = KeyPair.generate()
    signer = pair.signer(method_id(project.did, pair.public.multibase))
    write_json_atomic(path, sign(document, signer, bundled_loader(), ISSUED))


def test_tampered_and_wrong_key_among_twenty(site_project: Project, tmp_path: Path) -> None:
    paths = issue(site_project, [f"Person {n}" for n in range(17)])
    tampered, wrong_key = paths[3], paths[11]
    tamper_name(tampered)
    resign_with_unknown_key(wrong_key, site_project)
    site_dir = tmp_path / "out"
    with pytest.raises(SiteError) as caught:
        build(site_project, site_dir)
    problems = {p.path: p for p in caught.value.problems}
    assert set(problems) == {f"credentials/{tampered.name}", f"credentials/{wrong_key.name}"}
    assert "signature does not match" in problems[f"credentials/{tampered.name}"].message
    assert problems[f"credentials/{tampered.name}"].pointer == "/proof/0/proofValue"
    assert "cannot confirm the signing key belongs to the issuer" in \
        problems[f"credentials/{wrong_key.name}"].message
    text = str(caught.value)
    assert f"credentials/{tampered.name}: /proof/0/proofValue: " in text
    assert "nothing was published" in text
    assert not site_dir.exists()


def test_failed_build_leaves_the_previous_site_alone(site_project: Project,
                                                     tmp_path: Path) -> None:
    site_dir = build(site_project, tmp_path / "out").site_dir
    before = sorted(site_dir.rglob("*"))
    tamper_name(next(site_project.credentials_dir.glob("*.json")))
    with pytest.raises(SiteError):
        build(site_project, site_dir)
    assert sorted(site_dir.rglob("*")) == before


@pytest.mark.parametrize("name", ["..json", "Upper.json", "a.b.json", "has space.json",
                                  "-dash.json", "ünï.json"])
def test_unsafe_credential_file_names_are_refused(site_project: Project, name: str) -> None:
    source = next(site_project.credentials_dir.glob("*.json"))
    shutil.copy(source, site_project.credentials_dir / name)
    with pytest.raises(SiteError) as caught:
        build(site_project)
    [problem] = caught.value.problems
    assert problem.path == f"credentials/{name}"
    assert "not allowed in a web address" in problem.message


def test_unsafe_achievement_slug_is_refused(site_project: Project) -> None:
    add_achievement(site_project)
    source = site_project.achievements_dir / "python.md"
    shutil.copy(source, site_project.achievements_dir / "Bad.Slug.md")
    with pytest.raises(SiteError) as caught:
        build(site_project)
    assert [p.path for p in caught.value.problems] == ["site_src/achievements/Bad.Slug.md"]


def test_renamed_credential_is_refused(site_project: Project) -> None:
    source = next(site_project.credentials_dir.glob("*.json"))
    source.rename(site_project.credentials_dir / "renamed.json")
    with pytest.raises(SiteError) as caught:
        build(site_project)
    [problem] = caught.value.problems
    assert problem.pointer == "/id" and problem.path == "credentials/renamed.json"


def test_unknown_status_fails_the_build(site_project: Project) -> None:
    (site_project.status_dir / "lists" / "1.json").unlink()
    with pytest.raises(SiteError) as caught:
        build(site_project)
    assert len(caught.value.problems) == 3
    assert all("status could not be checked" in p.message for p in caught.value.problems)


def test_tampered_status_list_fails_the_build(site_project: Project) -> None:
    path = site_project.status_dir / "lists" / "1.json"
    document = json.loads(path.read_bytes())
    document["validFrom"] = "2020-01-01T00:00:00Z"
    write_json_atomic(path, document)
    with pytest.raises(SiteError) as caught:
        build(site_project)
    assert "status/lists/1.json" in {p.path for p in caught.value.problems}


def test_private_key_in_the_tree_stops_the_build(site_project: Project,
                                                 private_key_folder: Path) -> None:
    secret = next(private_key_folder.glob("*.json"))
    shutil.copy(secret, site_project.root / "oops.json")
    with pytest.raises(BadgeError) as caught:
        build(site_project)
    assert isinstance(caught.value, KeyMaterialError)
    assert caught.value.path == "oops.json"


def test_private_key_in_credentials_folder_stops_the_build(site_project: Project,
                                                          private_key_folder: Path) -> None:
    secret = next(private_key_folder.glob("*.json"))
    target = site_project.credentials_dir / "aaaaaaaaaaaaaaaaaaaaaaaaaa.json"
    shutil.copy(secret, target)
    with pytest.raises(KeyMaterialError) as caught:
        build(site_project)
    assert caught.value.path == "credentials/aaaaaaaaaaaaaaaaaaaaaaaaaa.json"


def test_build_dated_before_the_last_revocation_publishes_nothing_and_names_the_list(
        site_project: Project, tmp_path: Path) -> None:
    # SOURCE_DATE_EPOCH (2026-08-29) set earlier than the re-signed list's validFrom: the
    # list cannot vouch for any badge at that moment, so nothing of the new state is
    # published and the old site stays as it was.
    site_dir = tmp_path / "out"
    build(site_project, site_dir)
    before = tree(site_dir)
    revoked = sorted(site_project.credentials_dir.glob("*.json"))[0]
    revoke(site_project, str(revoked), "issued in error", datetime(2026, 9, 15, tzinfo=UTC))
    with pytest.raises(SiteError) as caught:
        build(site_project, site_dir)
    assert {p.path for p in caught.value.problems} == {
        f"credentials/{p.name}" for p in site_project.credentials_dir.glob("*.json")}
    for problem in caught.value.problems:
        assert problem.pointer == "/credentialStatus"
        assert "is not valid until 2026-09-15T00:00:00Z" in problem.message
    assert tree(site_dir) == before
