"""One "may this be published?" rule: the build and ``badgepress doctor`` give the same
answer on the same repository (both call :mod:`badgepress.publishable`)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgepress.crypto.keys import KeyPair
from badgepress.doctor import diagnose
from badgepress.errors import BadgeError
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from tests.integration.site_project import build, site_project

__all__ = ["site_project"]

RULE_CHECKS = frozenset({"credentials", "private_keys_in_tree"})
"""The doctor checks that apply the rule (the others look at settings and workflows)."""
KEY = json.dumps({"secretKeyMultibase": KeyPair.generate().secret_multibase}).encode()


def one_credential(project: Project) -> Path:
    return next(iter(sorted(project.credentials_dir.glob("*.json"))))


def renamed(project: Project) -> str:
    one_credential(project).rename(project.credentials_dir / "renamed.json")
    return "credentials/renamed.json"


def unsafe_name(project: Project) -> str:
    shutil.copy(one_credential(project), project.credentials_dir / "Upper.json")
    return "credentials/Upper.json"


def key_beside_credentials(project: Project) -> str:
    (project.credentials_dir / "notes.txt").write_bytes(KEY)
    return "credentials/notes.txt"


def key_in_renamed_credential(project: Project) -> str:
    path = one_credential(project)
    path.rename(path.with_name(path.name + ".bak"))
    path.with_name(path.name + ".bak").write_bytes(KEY)
    return f"credentials/{path.name}.bak"


def key_in_credential(project: Project) -> str:
    one_credential(project).write_bytes(KEY)
    return f"credentials/{one_credential(project).name}"


def key_in_docs(project: Project) -> str:
    (project.docs_dir / "key.json").write_bytes(KEY)
    return f"{project.relative(project.docs_dir)}/key.json"


def stray_file(project: Project) -> None:
    (project.credentials_dir / "README.txt").write_text("issued by hand\n", "utf-8")


CASES: dict[str, Callable[[Project], str | None]] = {
    "nothing planted": lambda project: None,
    "stray file without a key": stray_file,
    "renamed credential": renamed,
    "unsafe credential file name": unsafe_name,
    "private key beside the credentials": key_beside_credentials,
    "private key in a renamed credential file": key_in_renamed_credential,
    "private key in a credential file": key_in_credential,
    "private key in the docs folder": key_in_docs,
}


def build_refuses(project: Project) -> set[str]:
    """The files the build names when it refuses (empty: it publishes)."""
    try:
        build(project)
    except SiteError as exc:
        return {str(p.path) for p in exc.problems}
    except BadgeError as exc:
        return {str(exc.path)}
    return set()


def doctor_refuses(project: Project) -> set[str]:
    """The files ``doctor``'s rule checks name as problems (empty: all fine)."""
    named = set()
    for finding in diagnose(project.root, now=datetime.now(UTC)):
        if finding.problem and finding.check in RULE_CHECKS:
            named.add(re.split(r":? ", finding.message, maxsplit=1)[0])
    return named


def test_doctor_finds_the_renamed_credential_the_build_refuses(site_project: Project) -> None:
    shown = renamed(site_project)
    [finding] = [f for f in diagnose(site_project.root) if f.check == "credentials"]
    assert finding.problem
    assert finding.message.startswith(f"{shown}: /id: the credential id must be "
                                      f"{site_project.profile.site_url}badges/")
    assert build_refuses(site_project) == {shown}


def test_build_refuses_a_private_key_in_a_renamed_credential_file(
        site_project: Project) -> None:
    shown = key_in_renamed_credential(site_project)
    assert build_refuses(site_project) == {shown}


@pytest.mark.parametrize("case", CASES)
def test_build_and_doctor_give_the_same_answer(site_project: Project, case: str) -> None:
    shown = CASES[case](site_project)
    expected = set() if shown is None else {shown}
    assert doctor_refuses(site_project) == expected
    assert build_refuses(site_project) == expected
