"""``badgepress doctor``: clean on a fresh repository, and each planted problem is named
with a fix (one fresh copy per problem)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import badgepress
from badgepress.cli import main
from badgepress.doctor import diagnose
from badgepress.keystore import private_key_dir, read_issuer_keys
from badgepress.lifecycle import compromise_key, rotate_key
from badgepress.project import Project
from badgepress.scaffold import ScaffoldOptions, scaffold
from tests.conftest import RELEASE
from tests.helpers import TEST_PUBLIC, signed_credential, write_json

pytestmark = pytest.mark.usefixtures("release_version")  # as an installed release

# A custom domain: the DID document lives in .well-known/, so hidden files matter.
SITE_URL = "https://badges.example.org/"


def run_doctor(root: Path) -> tuple[int, dict[str, Any]]:
    """Run ``badgepress doctor --json`` on ``root``; return the exit code and report."""
    result = CliRunner().invoke(main, ["doctor", "--json", "--project", str(root)])
    return result.exit_code, json.loads(result.output)


def fresh_repository(root: Path) -> Project:
    """``init`` + ``keys generate``, as a new issuer does."""
    project = scaffold(root, ScaffoldOptions("Example Org", SITE_URL, "badges@example.org"))
    result = CliRunner().invoke(main, ["keys", "generate", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def issued(tmp_path: Path) -> Project:
    """A fresh repository that has issued one badge."""
    project = fresh_repository(tmp_path / "repo")
    result = CliRunner().invoke(main, ["issue", "example-badge", "--name", "Ada Lovelace",
                                       "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    return project


def test_fresh_repository_is_clean_apart_from_no_credentials(tmp_path: Path) -> None:
    project = fresh_repository(tmp_path / "repo")
    code, report = run_doctor(project.root)
    not_ok = [f for f in report["findings"] if not f["ok"]]
    assert code == 0
    assert [(f["check"], f["level"], f["message"]) for f in not_ok] == [
        ("credentials", "warning", "no credentials yet")]
    assert report["problems"] == 0


def test_repository_with_a_badge_is_entirely_clean(issued: Project) -> None:
    code, report = run_doctor(issued.root)
    assert code == 0
    assert [f for f in report["findings"] if not f["ok"]] == []
    messages = " ".join(f["message"] for f in report["findings"])
    assert "did:web:badges.example.org" in messages
    assert "https://badges.example.org/.well-known/did.json" in messages


def test_project_site_explains_the_path_in_the_did(tmp_path: Path) -> None:
    scaffold(tmp_path / "repo", ScaffoldOptions("Org", "https://org.github.io/badges/"))
    did = next(f for f in diagnose(tmp_path / "repo") if f.check == "did_document")
    assert "https://org.github.io/badges/did.json" in did.message
    assert "/badges/" in did.message and ".well-known" in did.message


def test_outside_a_repository_says_how_to_make_one(tmp_path: Path) -> None:
    code, report = run_doctor(tmp_path)
    config = report["findings"][0]
    assert code == 1
    assert config["check"] == "config" and "badgepress init" in config["fix"]


# --- planted problems -----------------------------------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _credential(project: Project) -> Path:
    return sorted(project.credentials_dir.glob("*.json"))[0]


def bad_site_url(project: Project) -> None:
    _edit(project.root / "mkdocs.yml", f'"{SITE_URL}"', '"http://badges.example.org/"')


def private_key_in_tree(project: Project) -> None:
    secret = next(private_key_dir().glob("*.json"))
    shutil.copy(secret, project.root / "key-backup.json")


def no_active_key(project: Project) -> None:
    for key in read_issuer_keys(project.keys_dir):
        _edit(key.path, '"active"', '"retired"')


def tampered_credential(project: Project) -> None:
    _edit(_credential(project), "Ada Lovelace", "Mallory")


def credential_by_another_issuer(project: Project) -> None:
    write_json(project.credentials_dir / "foreign.json", signed_credential())


def missing_status_list(project: Project) -> None:
    for path in (project.status_dir / "lists").glob("*.json"):
        path.unlink()


def compromised_key_with_credentials(project: Project) -> None:
    old = read_issuer_keys(project.keys_dir)[0]
    rotate_key(project, date(2026, 2, 1))
    compromise_key(project, old.multibase, date(2026, 1, 15))


def workflow_upload_v4(project: Project) -> None:
    _edit(project.root / ".github/workflows/pages.yml", "upload-pages-artifact@v5",
          "upload-pages-artifact@v4")


def workflow_without_hidden_files(project: Project) -> None:
    _edit(project.root / ".github/workflows/pages.yml", "include-hidden-files: true",
          "retention-days: 1")


def requirements_unpinned(project: Project) -> None:
    _edit(project.root / "requirements.txt", f"badgepress=={RELEASE}", "badgepress")


def workflow_installs_unpinned_from_the_index(project: Project) -> None:
    _edit(project.root / ".github/workflows/pages.yml", "pip install -r requirements.txt",
          "pip install badgepress")


def requirements_missing(project: Project) -> None:
    (project.root / "requirements.txt").unlink()


def requirements_pin_another_release(project: Project) -> None:
    _edit(project.root / "requirements.txt", f"badgepress=={RELEASE}", "badgepress==1.0.0")


def workflow_installs_the_checkout(project: Project) -> None:
    _edit(project.root / ".github/workflows/pages.yml", "pip install -r requirements.txt",
          "python -m pip install --upgrade pip && pip install ../badgepress")


def gitignore_without_site(project: Project) -> None:
    _edit(project.root / ".gitignore", "site/\n", "")


PLANTED: list[tuple[Callable[[Project], None], str, str, str]] = [
    # (plant, check, words in the message, words in the fix)
    (bad_site_url, "site_url", "https://", "https://"),
    (private_key_in_tree, "private_keys_in_tree", "key-backup.json", "--compromised"),
    (no_active_key, "keys", "no active signing key", "badgepress keys rotate"),
    (tampered_credential, "credentials", "Signature is valid", "git checkout"),
    (credential_by_another_issuer, "credentials",
     "issued by did:web:example-academy.github.io:badges", "remove it"),
    (missing_status_list, "status_lists", "is not in status/lists/", "restore status/"),
    (compromised_key_with_credentials, "compromised_keys", "compromised key",
     "badgepress reissue"),
    (workflow_upload_v4, "workflow", "upload-pages-artifact@v4 drops hidden files",
     "include-hidden-files: true"),
    (workflow_without_hidden_files, "workflow", ".well-known/did.json is not published",
     "include-hidden-files: true"),
    (requirements_unpinned, "install", "'badgepress' does not pin one version",
     "badgepress==X.Y.Z"),
    (workflow_installs_unpinned_from_the_index, "install",
     ".github/workflows/pages.yml: 'badgepress' does not pin one version", "badgepress=="),
    (requirements_missing, "install", "installs from requirements.txt, which is not in the "
     "repository", "commit requirements.txt"),
    (requirements_pin_another_release, "install",
     f"requirements.txt line 3: CI installs badgepress 1.0.0, but this is badgepress {RELEASE}",
     f"badgepress=={RELEASE}"),
    (workflow_installs_the_checkout, "install", "from the local path '../badgepress'",
     "pip install -r requirements.txt"),
    (gitignore_without_site, "gitignore", "does not ignore site/", "site/"),
]


@pytest.mark.parametrize(("plant", "check", "message", "fix"), PLANTED,
                         ids=[p[0].__name__ for p in PLANTED])
def test_doctor_names_the_planted_problem_with_a_fix(
    issued: Project, plant: Callable[[Project], None], check: str, message: str, fix: str,
) -> None:
    plant(issued)
    code, report = run_doctor(issued.root)
    problems = [f for f in report["findings"] if f["level"] == "problem"]
    assert code == 1
    matching = [f for f in problems if f["check"] == check and message in f["message"]]
    assert matching, json.dumps(problems, indent=2)
    assert all(fix in f["fix"] for f in matching)


def test_a_compromised_key_also_fails_the_credentials_it_signed(issued: Project) -> None:
    compromised_key_with_credentials(issued)
    credentials = [f for f in diagnose(issued.root) if f.check == "credentials"]
    assert len(credentials) == 1 and credentials[0].problem
    assert credentials[0].fix is not None and "reissue" in credentials[0].fix


def test_no_workflow_is_a_warning_not_a_problem(issued: Project) -> None:
    shutil.rmtree(issued.root / ".github")
    code, report = run_doctor(issued.root)
    workflow = [f for f in report["findings"] if f["check"] == "workflow"]
    assert code == 0
    assert [f["level"] for f in workflow] == ["warning"]


def _install_finding(root: Path) -> dict[str, Any]:
    code, report = run_doctor(root)
    install = [f for f in report["findings"] if f["check"] == "install"]
    assert len(install) == 1, install
    return {**install[0], "exit_code": code}


def test_the_generated_pin_is_the_version_in_use(issued: Project) -> None:
    install = _install_finding(issued.root)
    assert install["level"] == "ok" and install["exit_code"] == 0
    assert install["message"] == (f"requirements.txt line 3: CI installs badgepress {RELEASE}, "
                                  "pinned, the version in use here")


def test_a_git_tag_pin_is_read_as_its_version(issued: Project) -> None:
    _edit(issued.root / "requirements.txt", f"badgepress=={RELEASE}",
          f"badgepress @ git+https://github.com/example-org/badgepress@v{RELEASE}")
    assert _install_finding(issued.root)["level"] == "ok"


def test_a_hash_checked_pin_in_an_included_file_is_read(issued: Project) -> None:
    (issued.root / "requirements").mkdir()
    (issued.root / "requirements/site.txt").write_text(
        f"# the site builder\nbadgepress=={RELEASE} \\\n    --hash=sha256:{'0' * 64}\n")
    (issued.root / "requirements.txt").write_text("-r requirements/site.txt\n")
    install = _install_finding(issued.root)
    assert install["level"] == "ok", install
    assert install["message"].startswith("requirements/site.txt line 2: CI installs")


def test_requirements_outside_the_repository_are_a_problem(issued: Project) -> None:
    (issued.root.parent / "shared.txt").write_text(f"badgepress=={RELEASE}\n")
    (issued.root / "requirements.txt").write_text("-r ../shared.txt\n")
    install = _install_finding(issued.root)
    assert install["level"] == "problem" and install["exit_code"] == 1
    assert "outside the repository" in install["message"]


def test_a_commit_pin_is_a_warning_as_its_version_cannot_be_told(issued: Project) -> None:
    _edit(issued.root / "requirements.txt", f"badgepress=={RELEASE}",
          "badgepress @ git+https://github.com/example-org/badgepress@3f2c1e9")
    install = _install_finding(issued.root)
    assert install["level"] == "warning" and install["exit_code"] == 0
    assert "names no version" in install["message"]


def test_a_development_version_against_a_release_pin_is_a_warning(
        issued: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(badgepress, "__version__", "1.3.0.dev0")
    install = _install_finding(issued.root)
    assert install["level"] == "warning"
    assert install["message"].endswith("this is badgepress 1.3.0.dev0 (a development version)")
    assert install["fix"] == f"use {RELEASE} here too: pip install -r requirements.txt"


def test_missing_private_key_is_only_a_warning(issued: Project) -> None:
    for secret in private_key_dir().glob("*.json"):
        secret.unlink()
    code, report = run_doctor(issued.root)
    private = next(f for f in report["findings"] if f["check"] == "private_key")
    assert code == 0
    assert private["level"] == "warning" and "BADGEPRESS_SECRET_KEY" in private["fix"]


def test_text_output_is_one_line_per_finding(issued: Project) -> None:
    gitignore_without_site(issued)
    result = CliRunner().invoke(main, ["doctor", "--project", str(issued.root)])
    line = next(x for x in result.output.splitlines() if x.startswith("✘ gitignore"))
    assert result.exit_code == 1
    assert "→ fix: add a line 'site/' to .gitignore" in line


def test_the_published_test_key_is_flagged(tmp_path: Path) -> None:
    project = fresh_repository(tmp_path / "repo")
    record = next(project.keys_dir.glob("*.json"))
    write_json(record, {"publicKeyMultibase": TEST_PUBLIC, "status": "active",
                        "created": "2026-01-01"})
    keys = next(f for f in diagnose(project.root) if f.check == "keys")
    assert keys.warning and "published test key" in keys.message
