"""What a build keeps for the next one, in the cache folder: verification results, so a
rebuild only verifies what changed, and the digests of the pages it wrote, so a rebuild
only renders what changed.

The key of a result is the sha256 of the credential's bytes and the build's
fingerprint (DID document, status lists and log, the build moment, badgepress'
version): when any of those change, every credential is verified again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from badgepress.fsutil import write_atomic
from badgepress.report import Check, Report, State

CACHE_FILE = "verification.json"
PAGES_FILE = "pages.json"
CACHE_FORMAT = 1


def cache_key(fingerprint: str, data: bytes) -> str:
    """The key of one credential's verdict."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


def report_to_json(report: Report) -> dict[str, Any]:
    """A report as plain JSON, every field kept (for the cache and worker processes)."""
    return {
        "path": report.path,
        "id": report.credential_id,
        "issuer": report.issuer,
        "checks": [[c.id, str(c.state), c.message, c.pointer, c.hint, c.code]
                   for c in report.checks],
    }


def report_from_json(data: dict[str, Any]) -> Report:
    """The report written by :func:`report_to_json`."""
    checks = [Check(i, State(s), m, p, h, c) for i, s, m, p, h, c in data["checks"]]
    return Report(path=data["path"], checks=checks, credential_id=data["id"],
                  issuer=data["issuer"])


def _load(folder: Path | None, name: str, field: str) -> dict[str, Any]:
    """The ``field`` mapping of cache file ``name``; empty when missing or unreadable."""
    if folder is None:
        return {}
    try:
        raw = json.loads((folder / name).read_bytes())
        if raw.get("format") == CACHE_FORMAT and isinstance(raw.get(field), dict):
            return dict(raw[field])
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def _save(folder: Path | None, name: str, field: str, entries: dict[str, Any]) -> None:
    """Write cache file ``name`` atomically (the folder ignores itself in git)."""
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        write_atomic(gitignore, b"*\n")
    document = {"format": CACHE_FORMAT, field: dict(sorted(entries.items()))}
    write_atomic(folder / name, json.dumps(document, separators=(",", ":")).encode())


class VerdictCache:
    """Verdicts by key, read from and written to one JSON file in the cache folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._old = _load(folder, CACHE_FILE, "verdicts")
        self._used: dict[str, Any] = {}

    def get(self, key: str) -> Report | None:
        """The cached report for ``key``, if any."""
        found = self._old.get(key)
        if found is None:
            return None
        try:
            report = report_from_json(found)
        except (KeyError, TypeError, ValueError):
            return None
        self._used[key] = found
        return report

    def put(self, key: str, report: Report) -> None:
        """Remember a fresh report."""
        self._used[key] = report_to_json(report)

    def save(self) -> None:
        """Write the verdicts used by this build (older ones are dropped)."""
        _save(self.folder, CACHE_FILE, "verdicts", self._used)


class PageDigests:
    """The SHA-256 of each page the last build wrote, by the page's key (a digest of
    everything the page is made from). A page in the previous build whose bytes still
    have the digest recorded for its key is what rendering it again would give."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._old: dict[str, str] = _load(folder, PAGES_FILE, "pages")
        self._new: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        """The digest of the page last written for ``key``, if known."""
        return self._old.get(key)

    def put(self, key: str, digest: str) -> None:
        """Record the digest of the page written (or kept) for ``key`` by this build."""
        self._new[key] = digest

    def save(self) -> None:
        """Write the digests of this build's pages (older ones are dropped)."""
        _save(self.folder, PAGES_FILE, "pages", self._new)
