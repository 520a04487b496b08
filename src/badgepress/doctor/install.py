"""Doctor check on the badgepress the Pages workflow installs: one pinned version, the
one in use here, from files the repository holds (read as pip reads them)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

import badgepress
from badgepress.doctor.finding import Finding, passed, problem, warning
from badgepress.doctor.publishing import UPLOAD_ACTION, read_workflows, steps_of
from badgepress.pin import (
    PACKAGE,
    REQUIREMENTS_FILE,
    PinError,
    is_badgepress,
    is_release,
    parse,
    pinned_version,
)

_PIPS = frozenset({"pip", "pip3"})
_SEPARATORS = frozenset({";", "&&", "||", "|"})


def _builds_site(steps: list[dict[str, Any]]) -> bool:
    return any(str(s.get("uses", "")).startswith(UPLOAD_ACTION + "@")
               or re.search(r"\b(badgepress|mkdocs)\s+build\b", str(s.get("run", "")))
               for s in steps)


def _pip_installs(script: str) -> list[list[str]]:
    """The arguments after ``pip install`` of each pip command in a ``run:`` script."""
    installs: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:  # unbalanced quotes: the shell would refuse it too
            continue
        command: list[str] = []
        for word in [*words, ";"]:
            if word not in _SEPARATORS:
                command.append(word)
                continue
            program = command[2:] if command[1:2] == ["-m"] else command
            if program[:1] and Path(program[0]).name in _PIPS and program[1:2] == ["install"]:
                installs.append(program[2:])
            command = []
    return installs


class _Install:
    """What one ``pip install`` line installs, read as pip would from the repository."""

    _WITH_VALUE = frozenset({"-c", "--constraint", "-i", "--index-url", "--extra-index-url",
                             "-f", "--find-links", "-e", "--editable", "-t", "--target",
                             "--prefix", "--root", "--python-version", "--platform"})

    def __init__(self, root: Path, shown: str) -> None:
        self.root = root
        self.shown = shown
        self.lines: list[tuple[str, str]] = []  # (where, requirement text)
        self.findings: list[Finding] = []

    def read_args(self, args: list[str]) -> None:
        words = iter(args)
        for word in words:
            if word in ("-r", "--requirement"):
                self.read_file(next(words, ""), self.root)
            elif word.startswith(("--requirement=", "-r")) and len(word) > 2:
                self.read_file(word.partition("=")[2] if "=" in word else word[2:], self.root)
            elif word in self._WITH_VALUE:
                value = next(words, "")
                if word in ("-e", "--editable"):
                    self.lines.append((self.shown, value))
            elif not word.startswith("-"):
                self.lines.append((self.shown, word))

    def read_file(self, name: str, base: Path, seen: frozenset[Path] = frozenset()) -> None:
        path = (base / name).resolve()
        shown = _relative(path, self.root)
        if not path.is_relative_to(self.root.resolve()):
            self.findings.append(problem(
                "install", f"{self.shown} installs from {shown}, outside the repository: "
                "a fresh clone in CI does not have it",
                f"keep the requirements in {REQUIREMENTS_FILE} in the repository"))
            return
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            self.findings.append(problem(
                "install", f"{self.shown} installs from {shown}, which is not in the "
                "repository: the build fails before it starts",
                f"commit {shown} with the line {PACKAGE}==X.Y.Z (or run 'badgepress init' "
                "in a new folder and copy its requirements.txt)"))
            return
        for number, line in _logical_lines(text):
            first, _, rest = line.partition(" ")
            if first in ("-r", "--requirement"):
                if path not in seen:
                    self.read_file(rest.strip(), path.parent, seen | {path})
            elif not line.startswith("-"):
                # Per-requirement options (--hash=...) are not part of the requirement.
                self.lines.append((f"{shown} line {number}", re.split(r"\s+--", line)[0]))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a requirements file as pip reads them: comments dropped, lines ending
    in a backslash joined, each with the number of its first line."""
    found: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.split(r"(?:^|\s)#", raw)[0].rstrip()
        start, before = pending or (number, "")
        if line.endswith("\\"):
            pending = (start, before + line[:-1] + " ")
            continue
        pending = None
        joined = (before + line).strip()
        if joined:
            found.append((start, joined))
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.resolve()))
    except ValueError:
        return str(path)


def check_install(root: Path) -> list[Finding]:
    """Does the workflow that builds the site install one pinned badgepress — the one in
    use here — from what the repository holds?"""
    findings: list[Finding] = []
    for path, workflow in read_workflows(root):
        steps = steps_of(workflow)
        if not _builds_site(steps):
            continue
        install = _Install(root, str(path.relative_to(root)))
        for step in steps:
            for args in _pip_installs(str(step.get("run", ""))):
                install.read_args(args)
        findings += install.findings or _pin_findings(install)
    return findings


def _pin_findings(install: _Install) -> list[Finding]:
    running = badgepress.__version__
    ours = [(where, text) for where, text in install.lines if _names_badgepress(text)]
    if not ours:
        local = [text for _, text in install.lines if _is_local_path(text)]
        if local:
            return [problem("install", f"{install.shown} installs badgepress from the local "
                            f"path {local[0]!r}, which a fresh clone in CI does not have",
                            f"put {PACKAGE}=={running} in {REQUIREMENTS_FILE} and install "
                            f"with 'pip install -r {REQUIREMENTS_FILE}'")]
        return [warning("install", f"cannot tell how {install.shown} installs badgepress",
                        f"install it with 'pip install -r {REQUIREMENTS_FILE}', the file "
                        f"holding {PACKAGE}=={running}")]
    where, text = ours[0]
    try:
        version = pinned_version(parse(text))
    except PinError as exc:
        return [problem("install", f"{where}: {exc.message}", exc.hint)]
    if version is None:
        return [warning("install", f"{where}: installs badgepress from a git revision that "
                        f"names no version, so doctor cannot compare it with {running}",
                        "pin a version tag instead, e.g. @v" + running)]
    if not _same(version, running):
        mismatch = (f"{where}: CI installs badgepress {version}, but this is badgepress "
                    f"{running}")
        here = f"use {version} here too: pip install -r {REQUIREMENTS_FILE}"
        if not is_release(running):
            return [warning("install", mismatch + " (a development version)", here)]
        return [problem("install", mismatch, f"change {REQUIREMENTS_FILE} to "
                        f"{PACKAGE}=={running} (see the upgrade notes), or {here}")]
    return [passed("install", f"{where}: CI installs badgepress {version}, pinned, the "
                   "version in use here")]


def _names_badgepress(text: str) -> bool:
    try:
        return is_badgepress(parse(text))
    except PinError:
        return False


def _is_local_path(text: str) -> bool:
    return text.startswith((".", "/", "~", "file:")) or Path(text).suffix in (".whl", ".gz")


def _same(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b

