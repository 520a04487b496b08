"""Changing the issuer repository's state: one command at a time, all or nothing.

Every command that changes ``credentials/``, ``status/`` or ``issuer_keys/`` runs
inside :func:`changing`:

* **one at a time** — an exclusive ``flock`` on ``.badgepress.lock`` in the
  repository root (git-ignored). A second command waits up to
  ``BADGEPRESS_LOCK_TIMEOUT`` seconds (default 30), then stops, naming the command
  that holds the lock. The kernel releases the lock when its holder dies, even by
  ``kill -9``, so a lock is never stale. State is read only once the lock is held.
* **all or nothing** — the files of ``status/`` and ``issuer_keys/`` (and, for
  commands that rewrite credentials, ``credentials/``) are kept in memory; when
  the command fails (a full disk, a read-only file, any error) they are put back
  and files it added are removed, so every file is as it was. A process killed
  mid-way cannot roll back: each write is atomic and ordered so that what is left
  is complete and the next run converges (see :mod:`badgepress.issue`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from badgepress.errors import StorageError
from badgepress.fsutil import write_atomic
from badgepress.model.dates import format_datetime
from badgepress.project import Project

LOCK_FILE = ".badgepress.lock"
TIMEOUT_ENV = "BADGEPRESS_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
_POLL = 0.05


def lock_timeout() -> float:
    """How long to wait for the lock: ``BADGEPRESS_LOCK_TIMEOUT`` seconds, else 30."""
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _holder(fd: int) -> str:
    """Who holds the lock, in words, from what the holder wrote into the lock file."""
    try:
        raw = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return (f"'badgepress {raw['command']}' (pid {int(raw['pid'])}, "
                f"since {raw['since']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "another badgepress command"


@contextlib.contextmanager
def locked(root: Path, command: str, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the repository's exclusive lock while the body runs (not re-entrant: an
    operation never calls another one that locks).

    Raises:
        StorageError: another command holds the lock for longer than ``timeout``
            seconds, or the lock file cannot be created.
    """
    try:
        fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"cannot lock the repository: {exc.strerror}", path=LOCK_FILE,
                           hint="run badgepress where you may write to the repository"
                           ) from None
    try:
        _acquire(fd, lock_timeout() if timeout is None else timeout)
        record = {"pid": os.getpid(), "command": command,
                  "since": format_datetime(datetime.now(UTC).replace(microsecond=0))}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode() + b"\n", 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StorageError(
                    f"the repository is busy: {_holder(fd)} is changing it "
                    f"(waited {timeout:g} s)", path=LOCK_FILE,
                    hint="let that command finish, then run this one again") from None
            time.sleep(_POLL)


@dataclass(frozen=True)
class Snapshot:
    """The files of some folders as they were: contents of ``kept`` files, and the
    names of files in ``listed`` folders (files added there are removed on restore)."""

    kept: dict[Path, bytes]
    listed: dict[Path, frozenset[str]]

    @classmethod
    def take(cls, keep: Iterable[Path], list_only: Iterable[Path] = ()) -> Snapshot:
        """Remember every file under the ``keep`` folders, and the names in ``list_only``."""
        kept: dict[Path, bytes] = {}
        listed: dict[Path, frozenset[str]] = {}
        for folder in keep:
            for path in _files(folder):
                kept[path] = path.read_bytes()
            listed.update(_listing(folder))
        for folder in list_only:
            listed.update(_listing(folder))
        return cls(kept, listed)

    def restore(self) -> None:
        """Remove files added since, then put back every kept file that changed."""
        for folder, names in self.listed.items():
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.is_file() and path.name not in names:
                        path.unlink(missing_ok=True)
        for path, data in self.kept.items():
            try:
                same = path.read_bytes() == data
            except OSError:
                same = False
            if not same:
                write_atomic(path, data)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _listing(folder: Path) -> dict[Path, frozenset[str]]:
    if not folder.is_dir():
        return {folder: frozenset()}
    folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
    return {f: frozenset(p.name for p in f.iterdir() if p.is_file()) for f in folders}


@contextlib.contextmanager
def changing(project: Project, command: str, *, credentials: bool = False,
             timeout: float | None = None) -> Iterator[None]:
    """Run the body as the one command changing the repository, all or nothing.

    ``credentials=True`` keeps the contents of ``credentials/`` too (for commands that
    rewrite credentials; otherwise only credentials added are removed on failure).

    Raises:
        StorageError: the lock is held by another command, or a file cannot be
            written (the repository is left as it was).
    """
    with locked(project.root, command, timeout=timeout):
        state = [project.status_dir, project.keys_dir]
        snapshot = (Snapshot.take([*state, project.credentials_dir]) if credentials
                    else Snapshot.take(state, [project.credentials_dir]))
        try:
            yield
        except OSError as exc:
            _restore(snapshot)
            raise storage_error(exc, project.root) from None
        except BaseException:
            _restore(snapshot)
            raise


def _restore(snapshot: Snapshot) -> None:
    try:
        snapshot.restore()
    except OSError as exc:  # pragma: no cover - the disk failed again while undoing
        raise StorageError(f"could not undo a failed change: {exc.strerror}",
                           path=exc.filename,
                           hint="restore credentials/, status/ and issuer_keys/ from git"
                           ) from None


def storage_error(exc: OSError, root: Path) -> StorageError:
    """The one-line error for a file that cannot be written."""
    path = Path(exc.filename) if exc.filename else None
    if path is not None:
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(root.resolve())
    hint = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some disk space",
            errno.EROFS: "the file system is read-only",
            errno.EACCES: "make the repository writable for you",
            errno.EPERM: "make the repository writable for you"}.get(exc.errno or 0,
                                                                       "check the disk")
    return StorageError(f"cannot write the file: {exc.strerror or exc}", path=path,
                        hint=f"{hint}, then run the command again; nothing was changed")
