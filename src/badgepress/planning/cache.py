"""What a build keeps for the next one, in the cache folder: verification results, so a
rebuild only verifies what changed, and an index of the badge folders it wrote, so a
rebuild only renders and writes what changed. The index also records, for each badge
folder, the credential it was made from (its ``source`` key, ``planning.records``) and
what the rest of the site needs to know about that badge, so a rebuild does not parse,
verify or render an unchanged credential at all.

The key of a result is the sha256 of the credential's bytes and the build's
fingerprint (DID document, status lists and log, the build moment, badgepress'
version): when any of those change, every credential is verified again.

The cache folder sits in the work tree, where anyone who can open a pull request can
plant a file (``git add -f``). So each cache file carries an HMAC-SHA256 made with a
random secret of this user, kept outside the work tree (``cache-mac.key`` in the private
key folder, mode 0600): a file this user's builds did not write is ignored, and a cache
can never turn a failing verification into a passing one, or a planted page into a
reused one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import KeyMaterialError
from badgepress.fsutil import write_atomic
from badgepress.keystore import ensure_outside_tree, private_key_dir
from badgepress.report import Check, Report, State

CACHE_FILE = "verification.json"
INDEX_FILE = "outputs.json"
CACHE_FORMAT = 4
SECRET_FILE = "cache-mac.key"  # noqa: S105 - a file name


def cache_secret(project_root: Path) -> bytes | None:
    """This user's secret for authenticating cache files, made on first use; ``None``
    (no cache) when the private key folder is inside the repository or unusable."""
    folder = private_key_dir()
    try:
        ensure_outside_tree(folder, project_root)
        path = folder / SECRET_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # a concurrent build made it first
                return path.read_bytes() or None
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
            data = path.read_bytes()
    except (KeyMaterialError, OSError):
        return None
    return data if len(data) >= 32 else None


def cache_key(fingerprint: str, data: bytes) -> str:
    """The key of one credential's verdict."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


def report_to_json(report: Report) -> dict[str, Any]:
    """A report as plain JSON, every field kept (for the cache and worker processes)."""
    return {
        "path": report.path,
        "id": report.credential_id,
        "issuer": report.issuer,
        "checks": [[c.id, str(c.state), c.message, c.pointer, c.hint, c.code, c.facts,
                    c.note] for c in report.checks],
    }


def report_from_json(data: dict[str, Any]) -> Report:
    """The report written by :func:`report_to_json`."""
    checks = [Check(i, State(s), m, p, h, c, facts, note)
              for i, s, m, p, h, c, facts, note in data["checks"]]
    return Report(path=data["path"], checks=checks, credential_id=data["id"],
                  issuer=data["issuer"])


def _mac(secret: bytes, name: str, body: str) -> str:
    return hmac.new(secret, name.encode() + b"\0" + body.encode(), hashlib.sha256).hexdigest()


def _load(folder: Path | None, secret: bytes | None, name: str) -> dict[str, Any]:
    """The entries of cache file ``name``; empty when missing, unreadable or not
    written by this user (its HMAC does not match)."""
    if folder is None or secret is None:
        return {}
    try:
        raw = json.loads((folder / name).read_bytes())
        body = raw["entries"]
        if raw.get("format") != CACHE_FORMAT or not isinstance(body, str) \
                or not hmac.compare_digest(str(raw.get("mac")), _mac(secret, name, body)):
            return {}
        entries = json.loads(body)
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _save(folder: Path | None, secret: bytes | None, name: str,
          entries: dict[str, Any]) -> None:
    """Write cache file ``name`` atomically, with its HMAC (the folder ignores itself in
    git)."""
    if folder is None or secret is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        write_atomic(gitignore, b"*\n")
    body = json.dumps(dict(sorted(entries.items())), separators=(",", ":"))
    document = {"format": CACHE_FORMAT, "mac": _mac(secret, name, body), "entries": body}
    write_atomic(folder / name, json.dumps(document).encode())


class VerdictCache:
    """Verdicts by key, read from and written to one authenticated JSON file in the cache
    folder (no cache without a ``secret``). Each verdict is kept as the JSON text of its
    report, parsed only when asked for: a rebuild reads and writes the verdicts of
    unchanged credentials without making objects of them."""

    def __init__(self, folder: Path | None, secret: bytes | None) -> None:
        self.folder, self.secret = folder, secret
        self._old = _load(folder, secret, CACHE_FILE)
        self._used: dict[str, str] = {}

    def get(self, key: str) -> Report | None:
        """The cached report for ``key``, if any."""
        found = self._old.get(key)
        if not isinstance(found, str):
            return None
        try:
            report = report_from_json(json.loads(found))
        except (KeyError, TypeError, ValueError):
            return None
        self._used[key] = found
        return report

    def keep(self, key: str) -> bool:
        """Carry the verdict for ``key`` over to the next build without reading it;
        whether there is one."""
        found = self._old.get(key)
        if not isinstance(found, str):
            return False
        self._used[key] = found
        return True

    def put(self, key: str, report: Report) -> None:
        """Remember a fresh report."""
        self._used[key] = json.dumps(report_to_json(report), separators=(",", ":"))

    def save(self) -> None:
        """Write the verdicts used by this build (older ones are dropped)."""
        _save(self.folder, self.secret, CACHE_FILE, self._used)


Stamp = tuple[int, int, int]
"""What a written file's ``stat`` says: size, modification time (ns) and inode."""


def stamp(result: os.stat_result) -> Stamp:
    """The stamp of a file from its ``stat``."""
    return (result.st_size, result.st_mtime_ns, result.st_ino)


@dataclass(frozen=True)
class Recorded:
    """A badge folder as the index records it: the digest of its inputs, its files,
    and what the build that wrote it knew about its badge."""

    path: str
    digest: str
    names: frozenset[str]
    facts: dict[str, Any]


class OutputIndex:
    """The badge folders the last build published: for each (``badges/<token>``), a
    digest of everything its files are made from, the stamp of each file as the build
    wrote it, and the key of the credential it was made from with that badge's facts
    (``planning.records``). A folder whose inputs have the recorded digest, and whose
    files all still have their stamps, is what rendering it again would give (the file is
    authenticated like the verdicts: a planted one is ignored)."""

    def __init__(self, folder: Path | None, secret: bytes | None) -> None:
        self.folder, self.secret = folder, secret
        self._old: dict[str, Any] = _load(folder, secret, INDEX_FILE)
        self._new: dict[str, Any] = {}

    def get(self, path: str, digest: str) -> dict[str, Stamp] | None:
        """The stamps of the files of folder ``path`` when it was last published from
        inputs with ``digest``; ``None`` when not known for those inputs."""
        entry = self._old.get(path)
        try:
            if entry is None or entry[0] != digest:
                return None
            return {name: (int(a), int(b), int(c)) for name, (a, b, c) in entry[1].items()}
        except (TypeError, ValueError, IndexError, AttributeError):
            return None

    def recorded(self, path: str, source: str) -> Recorded | None:
        """Folder ``path`` when the last build made it from the credential with key
        ``source``; ``None`` otherwise."""
        entry = self._old.get(path)
        try:
            if entry is None or entry[2] != source or not isinstance(entry[3], dict):
                return None
            return Recorded(path, str(entry[0]), frozenset(entry[1]), entry[3])
        except (TypeError, IndexError):
            return None

    def put(self, path: str, digest: str, stamps: dict[str, Stamp],
            source: tuple[str, dict[str, Any]] | None = None) -> None:
        """Record folder ``path`` as published by this build, and the key and facts of
        the credential it was made from."""
        key, facts = source if source is not None else (None, None)
        self._new[path] = [digest, stamps, key, facts]

    def save(self) -> None:
        """Write the folders of this build (older ones are dropped)."""
        _save(self.folder, self.secret, INDEX_FILE, self._new)
