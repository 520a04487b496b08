"""``badgepress init``: a complete, valid repository — or nothing at all."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import badgepress
from badgepress import scaffold as scaffold_module
from badgepress.cli import init_cmd, main
from badgepress.model.achievement import load_achievements
from badgepress.project import Project
from tests.workflow_lint import lint_workflows, schema_check

pytestmark = pytest.mark.usefixtures("release_version")  # as an installed release

URL = "https://example-org.github.io/badges/"
EXPECTED = {
    ".github/workflows/pages.yml", ".gitignore", "README.md", "requirements.txt",
    "credentials/.gitkeep",
    "issuer_keys/.gitkeep", "mkdocs.yml", "site_src/achievements/example-badge.md",
    "site_src/images/example-badge.svg", "site_src/index.md",
}


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def init(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["init", *args], input=input)
    return result.exit_code, result.output


def test_init_with_all_flags_asks_nothing_and_writes_a_valid_repository(
        tmp_path: Path) -> None:
    code, out = init(str(tmp_path / "org"), "--name", "Example Org: \"Badges\" & more",
                     "--url", URL.rstrip("/"), "--email", "badges@example.org",
                     "--description", "We teach # things.")
    root = tmp_path / "org"
    assert code == 0, out
    assert files(root) == EXPECTED
    project = Project.load(root)
    assert project.profile.name == "Example Org: \"Badges\" & more"
    assert project.profile.description == "We teach # things."
    assert project.profile.email == "badges@example.org"
    assert project.profile.site_url == URL
    assert project.did == "did:web:example-org.github.io:badges"
    assert [a.slug for a in load_achievements(project)] == ["example-badge"]
    for step in ("cd ", "git init", "badgepress keys generate",
                 "badgepress issue example-badge --name", "badgepress build", "git push",
                 "GitHub Actions"):
        assert step in out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "staging left"


def _workflow(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((root / ".github/workflows/pages.yml").read_text())
    return loaded


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_the_workflow_publishes_hidden_files_without_a_private_key(tmp_path: Path) -> None:
    init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    workflow = _workflow(tmp_path / "org")
    steps = [s for job in workflow["jobs"].values() for s in _steps(job)]
    upload = next(s for s in steps if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "site", "include-hidden-files": True}
    assert any(s.get("run") == "badgepress build --strict" for s in steps)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "SECRET" not in (tmp_path / "org/.github/workflows/pages.yml").read_text()


# The current major version of each action the workflow uses (looked up when written;
# see docs/pages/releasing.md for how to check them).
ACTION_MAJORS = {
    "actions/checkout": "v6",
    "actions/setup-python": "v6",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}


def test_the_workflow_uses_the_current_major_of_each_action(tmp_path: Path) -> None:
    init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    jobs = _workflow(tmp_path / "org")["jobs"]
    used = dict(s["uses"].split("@") for job in jobs.values() for s in _steps(job)
                if "uses" in s)
    assert used == ACTION_MAJORS
    setup = next(s for s in _steps(jobs["build"]) if "setup-python" in s.get("uses", ""))
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.txt"


def test_a_pull_request_builds_and_verifies_but_does_not_deploy(tmp_path: Path) -> None:
    init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    workflow = _workflow(tmp_path / "org")
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "if" not in build
    on_pull_request = [s for s in _steps(build) if "if" not in s]
    assert [s.get("run") for s in on_pull_request if "run" in s] == [
        "pip install -r requirements.txt", "badgepress build --strict"]
    publishing = [s for s in _steps(build) if "if" in s]
    assert {s["uses"].split("@")[0] for s in publishing} == {
        "actions/configure-pages", "actions/upload-pages-artifact"}
    assert all(s["if"] == "github.event_name != 'pull_request'" for s in publishing)
    assert deploy["if"] == "github.event_name != 'pull_request'"
    assert deploy["needs"] == "build"


def test_the_workflow_passes_actionlint_and_the_github_workflow_schema(
        tmp_path: Path) -> None:
    init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    path = str(tmp_path / "org/.github/workflows/pages.yml")
    for command in (lint_workflows(path), schema_check(path)):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_init_pins_the_running_release(tmp_path: Path, release_version: str) -> None:
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    assert code == 0, out
    requirements = (tmp_path / "org/requirements.txt").read_text().splitlines()
    assert [x for x in requirements if not x.startswith("#")] == [
        f"badgepress=={release_version}"]
    workflow = (tmp_path / "org/.github/workflows/pages.yml").read_text()
    assert f"badgepress=={release_version}" in workflow  # named where a reader looks
    assert f"installs: badgepress=={release_version}" in out


def test_install_source_is_written_to_requirements(tmp_path: Path,
                                                   release_version: str) -> None:
    source = f"git+https://github.com/example-org/badgepress@v{release_version}"
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL,
                     "--install-source", source)
    assert code == 0, out
    requirements = (tmp_path / "org/requirements.txt").read_text().splitlines()
    assert requirements[-1] == f"badgepress @ {source}"


def test_a_development_version_needs_an_install_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(badgepress, "__version__", "1.3.0.dev0")
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    assert code == 2
    assert "badgepress 1.3.0.dev0 is a development version" in out
    assert "--install-source" in out
    assert not (tmp_path / "org").exists()
    source = "git+https://github.com/example-org/badgepress@3f2c1e9"
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL,
                     "--install-source", source)
    assert code == 0, out
    assert (tmp_path / "org/requirements.txt").read_text().splitlines()[-1] == (
        f"badgepress @ {source}")


@pytest.mark.parametrize(("source", "words"), [
    ("git+https://github.com/example-org/badgepress", "names no revision"),
    ("http://example.org/badgepress-1.2.3.tar.gz", "not a source CI can fetch"),
    ("file:///home/me/badgepress", "not a source CI can fetch"),
    ("../badgepress", "not a requirement pip can read"),
    ("badgepress>=1.0", "does not pin one version"),
    ("git+https://github.com/example-org/badgepress@v1.0.0", "installs badgepress 1.0.0, but"),
])
def test_an_install_source_that_pins_nothing_is_refused(tmp_path: Path, source: str,
                                                        words: str) -> None:
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL,
                     "--install-source", source)
    assert code == 2
    assert "--install-source" in out and words in out
    assert not (tmp_path / "org").exists()


def test_gitignore_keeps_build_output_and_key_files_out(tmp_path: Path) -> None:
    init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    lines = (tmp_path / "org/.gitignore").read_text().splitlines()
    for pattern in ("site/", ".badgepress-cache/", ".venv/", "*.pem", "*.key",
                    "*.secret.json"):
        assert pattern in lines


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    assert code == 0, out
    assert files(tmp_path / "org") == EXPECTED


def test_a_non_empty_folder_is_refused_and_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "notes.txt").write_text("mine")
    code, out = init(str(tmp_path / "org"), "--name", "Org", "--url", URL)
    assert code == 1
    assert "not empty" in out
    assert files(tmp_path / "org") == {"notes.txt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]


def test_missing_name_without_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    code, out = init(str(tmp_path / "org"), "--url", URL)
    assert code == 2
    assert "--name is required" in out
    assert not (tmp_path / "org").exists()


@pytest.mark.parametrize(("flag", "value", "words"), [
    ("--url", "http://example.org/badges/", "https://"),
    ("--url", "ftp://x", "https://"),
    ("--email", "not-an-address", "not an email address"),
])
def test_invalid_options_are_usage_errors(tmp_path: Path, flag: str, value: str,
                                          words: str) -> None:
    args = {"--name": "Org", "--url": URL, flag: value}
    code, out = init(str(tmp_path / "org"), *[x for kv in args.items() for x in kv])
    assert code == 2
    assert words in out and flag in out
    assert not (tmp_path / "org").exists()


def test_missing_answers_are_asked_for_on_a_terminal(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_cmd, "can_prompt", lambda: True)
    code, out = init(str(tmp_path / "org"),
                     input="Example Org\nhttp://example.org/\nhttps://example.org/badges\n")
    assert code == 0, out
    assert "site_url must start with https://" in out  # the bad address was asked again
    project = Project.load(tmp_path / "org")
    assert (project.profile.name, project.profile.site_url) == (
        "Example Org", "https://example.org/badges/")


def test_an_interrupted_init_leaves_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real_write = Path.write_text

    def write_then_fail(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 4:
            raise KeyboardInterrupt
        written.append(self.name)
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        scaffold_module.scaffold(tmp_path / "org",
                                 scaffold_module.ScaffoldOptions("Org", URL))
    assert list(tmp_path.iterdir()) == []


def test_init_in_the_current_empty_folder(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org").mkdir()
    monkeypatch.chdir(tmp_path / "org")
    code, out = init(".", "--name", "Org", "--url", URL)
    assert code == 0, out
    assert files(Path.cwd()) == EXPECTED
    assert Path.cwd().samefile(tmp_path / "org")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]
