"""``badgepress build``: exit codes and the list of bad files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from badgepress.cli import main
from badgepress.fsutil import write_json_atomic
from badgepress.project import Project
from tests.integration.site_project import site_project

__all__ = ["site_project"]


def test_build_command(site_project: Project) -> None:
    result = CliRunner().invoke(main, ["build", "--project", str(site_project.root)])
    assert result.exit_code == 0, result.output
    assert "3 credential(s) verified" in result.output
    assert (site_project.root / "site" / "index.html").is_file()


def test_build_command_lists_bad_files(site_project: Project) -> None:
    paths = sorted(site_project.credentials_dir.glob("*.json"))
    for path in paths[:2]:
        document = json.loads(path.read_bytes())
        document["credentialSubject"]["achievement"]["name"] = "Something Else"
        write_json_atomic(path, document)
    result = CliRunner().invoke(main, ["build", "--project", str(site_project.root)])
    assert result.exit_code == 1
    for path in paths[:2]:
        assert f"credentials/{path.name}: /proof/0/proofValue: the signature does not " \
            "match" in result.output
    assert not (site_project.root / "site").exists()


def test_serve_command_is_registered() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Preview the site" in result.output
