"""What a release ships: dependency ranges users can install beside other plugins, the
lock file inside them, and workflows GitHub accepts. (``scripts/check-release`` builds and
installs the wheel itself; CI runs it.)"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.workflow_lint import lint_workflows, schema_check

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return project


def _locked() -> dict[str, str]:
    lines = (REPO / "requirements.lock").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {canonicalize_name(name): version for name, version in pins}


@pytest.mark.parametrize("line", _project()["dependencies"])
def test_each_runtime_dependency_is_a_compatible_range_that_holds_the_lock(line: str) -> None:
    requirement = Requirement(line)
    operators = {spec.operator for spec in requirement.specifier}
    assert operators == {">=", "<"}, f"{line}: want >=LOW,<NEXT_MAJOR, not a hard pin"
    locked = _locked()[canonicalize_name(requirement.name)]
    assert requirement.specifier.contains(locked), f"{line} excludes the locked {locked}"


def test_every_dependency_is_locked() -> None:
    extras = _project()["optional-dependencies"]["dev"]
    names = {canonicalize_name(Requirement(x).name) for x in
             [*_project()["dependencies"], *extras]}
    assert names <= set(_locked())
    for line in extras:
        requirement = Requirement(line)
        assert [s.version for s in requirement.specifier] == [
            _locked()[canonicalize_name(requirement.name)]], f"{line}: dev tools pin the lock"


def test_the_version_is_single_sourced() -> None:
    assert "version" in _project()["dynamic"]
    assert "version" not in _project()
    tool = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert tool["dynamic"]["version"] == {"attr": "badgepress.__version__"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_the_workflows_pass_actionlint_and_the_github_workflow_schema(path: Path) -> None:
    for command in (lint_workflows(str(path)), schema_check(str(path))):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_reference(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((REPO / ".github/workflows/pages.yml").read_text().replace(
        "steps.deployment.outputs", "steps.deploymnt.outputs"))
    result = subprocess.run(lint_workflows(str(broken)), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert 'property "deploymnt" is not defined' in result.stdout


def test_a_version_tag_publishes_with_trusted_publishing() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads "on" as true
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "GITHUB_REF_NAME" in runs and "CHANGELOG.md" in runs
    assert "scripts/check-release dist" in runs
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1] == {"uses": "pypa/gh-action-pypi-publish@release/v1"}
    assert "password" not in yaml.safe_dump(workflow)  # no API token
