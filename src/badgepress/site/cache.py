"""Verification results kept between builds, so a rebuild only verifies what changed.

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


class VerdictCache:
    """Verdicts by key, read from and written to one JSON file in the cache folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        if folder is not None:
            try:
                raw = json.loads((folder / CACHE_FILE).read_bytes())
                if raw.get("format") == CACHE_FORMAT and isinstance(raw.get("verdicts"), dict):
                    self._old = raw["verdicts"]
            except (OSError, ValueError, AttributeError):
                self._old = {}

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
        if self.folder is None:
            return
        document = {"format": CACHE_FORMAT, "verdicts": dict(sorted(self._used.items()))}
        self.folder.mkdir(parents=True, exist_ok=True)
        gitignore = self.folder / ".gitignore"
        if not gitignore.exists():
            write_atomic(gitignore, b"*\n")
        write_atomic(self.folder / CACHE_FILE,
                     json.dumps(document, separators=(",", ":")).encode())
