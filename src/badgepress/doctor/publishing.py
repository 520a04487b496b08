"""Doctor checks on publishing: the GitHub Pages workflow and ``.gitignore``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from badgepress.doctor.finding import Finding, passed, problem, warning

WORKFLOWS = Path(".github") / "workflows"
UPLOAD_ACTION = "actions/upload-pages-artifact"
HIDDEN_FIX = (f"use {UPLOAD_ACTION}@v5 with 'include-hidden-files: true' under 'with:' "
              "(v4 always drops hidden files)")
_SITE_IGNORES = frozenset({"site", "site/", "/site", "/site/", "site/*", "/site/*",
                           "site/**", "/site/**"})


def steps_of(workflow: Any) -> list[dict[str, Any]]:
    """Every step of every job of a parsed workflow (malformed parts skipped)."""
    jobs = workflow.get("jobs") if isinstance(workflow, dict) else None
    steps: list[dict[str, Any]] = []
    for job in (jobs.values() if isinstance(jobs, dict) else []):
        if isinstance(job, dict) and isinstance(job.get("steps"), list):
            steps += [s for s in job["steps"] if isinstance(s, dict)]
    return steps


def _keeps_hidden(step: dict[str, Any]) -> bool | None:
    """Whether an upload-pages-artifact step keeps hidden files (None: cannot tell)."""
    version = str(step.get("uses", "")).partition("@")[2]
    major = re.match(r"^v(\d+)", version)
    if major is None:
        return None
    number = int(major.group(1))
    if number <= 3:
        return True
    options = step.get("with")
    if not isinstance(options, dict):
        options = {}
    return number >= 5 and str(options.get("include-hidden-files", "")).lower() == "true"


def _workflow_files(root: Path) -> list[Path]:
    return sorted([*(root / WORKFLOWS).glob("*.yml"), *(root / WORKFLOWS).glob("*.yaml")])


def read_workflows(root: Path) -> list[tuple[Path, Any]]:
    """Each readable workflow file with its parsed YAML (unreadable ones are left out:
    :func:`check_workflows` reports them)."""
    found: list[tuple[Path, Any]] = []
    for path in _workflow_files(root):
        try:
            found.append((path, yaml.safe_load(path.read_text("utf-8"))))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
    return found


def check_workflows(root: Path, needs_hidden_files: bool) -> list[Finding]:
    """Is there a workflow that builds the site and uploads it with hidden files kept?"""
    files = _workflow_files(root)
    if not files:
        return [warning("workflow", f"no GitHub Actions workflow in {WORKFLOWS}/: the site "
                        "is not published automatically",
                        "add the pages.yml workflow that 'badgepress init' writes, or "
                        "publish the built site/ folder another way")]
    findings: list[Finding] = []
    uploads = 0
    for path in files:
        shown = str(path.relative_to(root))
        try:
            steps = steps_of(yaml.safe_load(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            findings.append(problem("workflow", f"{shown} cannot be read: {exc}",
                                    "fix the YAML (GitHub will not run this workflow)"))
            continue
        for step in steps:
            if not str(step.get("uses", "")).startswith(UPLOAD_ACTION + "@"):
                continue
            uploads += 1
            findings += _upload_step(shown, step, needs_hidden_files)
    if not uploads and not findings:
        findings.append(warning("workflow", f"no workflow uploads the site with {UPLOAD_ACTION}",
                                "add the pages.yml workflow that 'badgepress init' writes"))
    return findings or [passed("workflow", f"the Pages workflow uploads the site with "
                               f"{UPLOAD_ACTION}, hidden files kept")]


def _upload_step(shown: str, step: dict[str, Any], needs_hidden: bool) -> list[Finding]:
    uses = str(step.get("uses"))
    keeps = _keeps_hidden(step)
    if keeps is None:
        return [warning("workflow", f"{shown}: cannot tell which version {uses} is",
                        f"pin {UPLOAD_ACTION}@v5 and set 'include-hidden-files: true'")]
    if keeps:
        return []
    if needs_hidden:
        return [problem("workflow", f"{shown}: {uses} drops hidden files, so "
                        ".well-known/did.json is not published and no badge verifies",
                        HIDDEN_FIX)]
    return [warning("workflow", f"{shown}: {uses} drops hidden files; harmless while the "
                    "site has a path, but a custom domain would need .well-known/did.json",
                    HIDDEN_FIX)]


def check_gitignore(root: Path) -> list[Finding]:
    """Does ``.gitignore`` keep the built site out of the repository?"""
    path = root / ".gitignore"
    try:
        lines = {line.strip() for line in path.read_text("utf-8").splitlines()}
    except FileNotFoundError:
        lines = set()
    except (OSError, UnicodeDecodeError) as exc:
        return [problem("gitignore", f".gitignore cannot be read: {exc}",
                        "rewrite it as plain UTF-8 text")]
    if lines & _SITE_IGNORES:
        return [passed("gitignore", ".gitignore keeps the built site/ out of git")]
    return [problem("gitignore", ".gitignore does not ignore site/: the built site could be "
                    "committed by mistake", "add a line 'site/' to .gitignore")]
