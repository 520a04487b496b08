"""Attacks on status entries: two credentials holding one status bit (two branches
that each issued, merged) would be revoked together. The build refuses them, doctor
flags them, and ``badgepress reissue`` separates them."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from badgepress import lifecycle
from badgepress.doctor import diagnose
from badgepress.issue import issue_batch
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.status.registry import StatusRegistry
from tests.attacks.state_repo import assert_consistent, credentials, run, verdicts
from tests.integration.site_project import ISSUED, add_achievement, build


def issue_on(project: Project, name: str) -> Path:
    """Issue one credential; the status index is drawn from a fixed seed, as two
    branches that each issued one credential from the same state may draw alike."""
    registry = StatusRegistry.load(project, rng=random.Random(12))
    result = issue_batch(project, load_achievement(project, "python"), [Recipient(name)],
                         now=ISSUED, status=registry, workers=1)
    return result.issued[0].path


@pytest.fixture
def merged(project: Project, tmp_path: Path) -> tuple[Project, Path, Path]:
    """Branch A issued to Ada, branch B to Bo; B is merged into A."""
    add_achievement(project)
    branch = Project.load(shutil.copytree(project.root, tmp_path / "branch-b"))
    ada = issue_on(project, "Ada Lovelace")
    bo_on_b = issue_on(branch, "Bo Diddley")
    bo = project.credentials_dir / bo_on_b.name
    shutil.copy(bo_on_b, bo)
    path = project.status_dir / "allocation.json"
    ours = json.loads(path.read_bytes())
    theirs = json.loads((branch.status_dir / "allocation.json").read_bytes())
    path.write_text(json.dumps({"entries": {**ours["entries"], **theirs["entries"]}}))
    return project, ada, bo


def shared_bit(ada: Path, bo: Path) -> str:
    entries = [json.loads(p.read_bytes())["credentialStatus"] for p in (ada, bo)]
    assert entries[0] == entries[1]
    return str(entries[0]["statusListIndex"])


def test_build_refuses_credentials_sharing_a_status_index(
        merged: tuple[Project, Path, Path], tmp_path: Path) -> None:
    project, ada, bo = merged
    index = shared_bit(ada, bo)
    first, second = sorted([ada.name, bo.name])
    with pytest.raises(SiteError) as caught:
        build(project, tmp_path / "out")
    [problem] = [p for p in caught.value.problems if "shared" in p.message]
    assert problem.path == f"credentials/{first}"
    assert problem.pointer == "/credentialStatus/statusListIndex"
    assert problem.message == (f"status index {index} of {project.profile.site_url}"
                               f"status/1.json is shared with credentials/{second}: "
                               "revoking one would revoke the other")
    assert problem.hint is not None and "badgepress reissue" in problem.hint
    assert not (tmp_path / "out").exists()


def test_doctor_flags_credentials_sharing_a_status_index(
        merged: tuple[Project, Path, Path]) -> None:
    project, ada, bo = merged
    index = shared_bit(ada, bo)
    [finding] = [f for f in diagnose(project.root) if f.check == "status_indices"]
    assert finding.problem
    assert f"share status index {index} of" in finding.message
    assert ada.name in finding.message and bo.name in finding.message
    assert finding.fix is not None and "badgepress reissue" in finding.fix


def test_revoking_one_of_a_shared_index_then_reissue_separates_them(
        merged: tuple[Project, Path, Path], tmp_path: Path) -> None:
    project, ada, bo = merged
    shared_bit(ada, bo)
    lifecycle.revoke(project, str(ada), "issued in error", ISSUED)
    assert set(verdicts(project).values()) == {"not-verified"}  # Bo was revoked with Ada
    result = run(project, "reissue")
    assert result.returncode == 0, result.stderr
    assert f"re-issued credentials/{bo.name}" in result.stdout
    assert_consistent(project)
    found = verdicts(project)
    assert (found[ada], found[bo]) == ("not-verified", "verified")
    assert not [f for f in diagnose(project.root) if f.check == "status_indices"]
    assert json.loads(bo.read_bytes())["awardedDate"] == "2026-03-01T09:00:00Z"
    assert len(credentials(project)) == 2
    build(project, tmp_path / "out")
