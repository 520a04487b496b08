"""Helpers for the attacks on the issuer repository's state: rosters, the real CLI as a
subprocess, and what the repository holds (files, status entries, verdicts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from badgepress.project import Project
from badgepress.trust import Trust
from badgepress.verify import check_credential

BADGEPRESS = str(Path(sys.executable).parent / "badgepress")
SLUG = "python"


def write_roster(path: Path, rows: Iterable[str], header: str = "name,email") -> Path:
    """A CSV roster: the header, then one line per row."""
    path.write_text(header + "\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def learners(count: int, prefix: str = "Learner") -> list[str]:
    """``count`` roster rows with distinct names and emails."""
    tag = prefix.lower().replace(" ", "-")
    return [f"{prefix} {n},{tag}{n}@example.com" for n in range(count)]


def command(project: Project, *args: str) -> list[str]:
    """The real ``badgepress`` command line, run in ``project``."""
    return [BADGEPRESS, *args, "--project", str(project.root)]


def run(project: Project, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``badgepress`` as a subprocess and wait for it."""
    return subprocess.run(command(project, *args), capture_output=True, text=True,
                          env={**os.environ, **env}, check=False, timeout=300)


def start(project: Project, *args: str, **env: str) -> subprocess.Popen[str]:
    """Start ``badgepress`` as a subprocess in its own process group."""
    return subprocess.Popen(command(project, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, **env})


def state_files(project: Project) -> dict[str, bytes]:
    """Every file of the repository's state (credentials, status, keys) with its bytes."""
    out = {}
    for folder in (project.credentials_dir, project.status_dir, project.keys_dir):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                out[str(path.relative_to(project.root))] = path.read_bytes()
    return out


def credentials(project: Project) -> dict[Path, dict[str, object]]:
    """Every credential file, parsed (a file that is not JSON fails the test)."""
    return {path: json.loads(path.read_bytes())
            for path in sorted(project.credentials_dir.glob("*.json"))}


def status_bits(project: Project) -> list[tuple[str, str]]:
    """The (status list, index) of every credential, one per credential."""
    out = []
    for document in credentials(project).values():
        entry = document["credentialStatus"]
        assert isinstance(entry, dict)
        out.append((entry["statusListCredential"], entry["statusListIndex"]))
    return out


def allocation(project: Project) -> dict[str, dict[str, int]]:
    """``status/allocation.json``: credential id -> list and index."""
    raw = json.loads((project.status_dir / "allocation.json").read_bytes())
    return dict(raw["entries"])


def assert_consistent(project: Project) -> None:
    """No status bit is shared, and every credential's entry is the one allocated."""
    bits = status_bits(project)
    assert len(bits) == len(set(bits)), "a status index is shared"
    entries = allocation(project)
    for document in credentials(project).values():
        entry = document["credentialStatus"]
        assert isinstance(entry, dict)
        held = entries.get(str(document["id"]))
        assert held is not None, f"{document['id']} lost its status entry"
        assert entry["statusListCredential"].endswith(f"/status/{held['list']}.json")
        assert entry["statusListIndex"] == str(held["index"])


def verdicts(project: Project, paths: Iterable[Path] | None = None) -> dict[Path, str]:
    """The verdict of each credential (all of them by default), checked a little after
    now (the CLI issues with the real clock)."""
    trust = Trust.for_project(project, now=datetime.now(UTC) + timedelta(minutes=10))
    chosen = sorted(project.credentials_dir.glob("*.json")) if paths is None else paths
    return {path: check_credential(path.read_bytes(), trust, path=path).verdict
            for path in chosen}
