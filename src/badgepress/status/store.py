"""The status files an issuer repository tracks in ``status/``.

* ``status/lists/<n>.json`` — signed BitstringStatusListCredentials, published as is;
* ``status/allocation.json`` — which index of which list each credential holds;
* ``status/log.json`` — the public log of revocations (date, credential, reason).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import StatusError

LISTS_DIR = "lists"
ALLOCATION_FILE = "allocation.json"
LOG_FILE = "log.json"


@dataclass(frozen=True)
class Revocation:
    """One line of an issuer's public status log."""

    credential: str
    date: str
    reason: str


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except ValueError as exc:
        raise StatusError(f"not valid JSON: {exc}", path=path) from None


def status_list_files(status_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Return each status list file with its signed credential, by file name.

    Raises:
        StatusError: a file is not JSON, or its credential has no id.
    """
    out = []
    for path in sorted((status_dir / LISTS_DIR).glob("*.json")):
        document = _read(path)
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise StatusError("a status list credential must have an id", path=path,
                              pointer="/id")
        out.append((path, document))
    return out


def read_status_lists(status_dir: Path) -> dict[str, dict[str, Any]]:
    """Return the signed status list credentials by their id (URL)."""
    return {document["id"]: document for _, document in status_list_files(status_dir)}


def read_log(status_dir: Path) -> list[Revocation]:
    """Return the status log, oldest first."""
    path = status_dir / LOG_FILE
    if not path.exists():
        return []
    raw = _read(path)
    entries = raw.get("revocations") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise StatusError("the status log needs a 'revocations' list", path=path,
                          pointer="/revocations")
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("credential", "date", "reason")
        ):
            raise StatusError("each revocation needs credential, date and reason",
                              path=path, pointer=f"/revocations/{index}")
        out.append(Revocation(entry["credential"], entry["date"], entry["reason"]))
    return out


def read_status_files(
    status_dir: Path,
) -> tuple[dict[str, dict[str, Any]], dict[str, Revocation]]:
    """Return the status lists by URL and the logged revocations by credential id."""
    return read_status_lists(status_dir), {r.credential: r for r in read_log(status_dir)}
