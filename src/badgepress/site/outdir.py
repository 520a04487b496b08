"""Writing a build beside the previous one and swapping it in whole.

mkdocs writes into ``site_dir`` file by file, after emptying it. A build that stops
half-way (an error, a full disk, ``kill -9``) would leave half a site. Instead, mkdocs
writes into a fresh folder beside ``site_dir`` (``.site.new-<pid>``), and only a build
that finished swaps it in: one atomic exchange of the two folders (Linux
``renameat2(RENAME_EXCHANGE)``; elsewhere two renames; a ``site_dir`` that is a mount
point is emptied and refilled, which is not atomic), then the previous build is
deleted, or, when the cache folder is in use, kept there as the spare (``spare-site``).
Until then ``site_dir`` is the previous build, untouched. Folders left behind
by a killed build (``.site.new-*``/``.site.old-*`` of a process that is gone) are
deleted by the next build.

An unchanged ``badges/<token>/`` folder is not written again: it is the spare's (moved
in with the spare's whole ``badges/`` folder) or hard-linked from the previous build,
and mkdocs is told its files are already in place. A folder is unchanged when the
build's index (``OutputIndex``, authenticated in the cache folder) records the same
digest of its inputs, and each of its files still has the size, modification time (ns)
and inode recorded when it was written: a file edited in place (the spare shares its
inode) or replaced is not reused. A hard link keeps the inode, size and time, so a
folder kept once is recognised again next time. What this does not catch: a file
rewritten in place to the same size with its modification time set back to the
nanosecond — deliberate work by someone who can write the site folder anyway; delete
the cache folder to have every page rendered again.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
from collections.abc import Iterable, Sequence, Set
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from badgepress.planning.cache import OutputIndex, Stamp, stamp
from badgepress.site.folders import REUSABLE_ROOT

THREADS = 8
SPARE = "spare-site"
"""The folder, in the cache folder, that keeps the build before the current one."""
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier build in this process: done with
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_folders(site_dir: Path) -> list[Path]:
    """Work folders beside ``site_dir`` left by builds that are no longer running."""
    pattern = re.compile(rf"^\.{re.escape(site_dir.name)}\.(?:new|old)-(\d+)$")
    if not site_dir.parent.is_dir():
        return []
    found = []
    for entry in site_dir.parent.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() \
                and not _alive(int(match.group(1))):
            found.append(entry)
    return sorted(found)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; ``False`` where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class Planned(Protocol):
    """A badge folder a build plans: where, the digest of its inputs, its files' names."""

    @property
    def path(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def names(self) -> Set[str]: ...


class Staging:
    """One build's output folder beside ``site_dir``, swapped in when the build finished."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None
        self.folder: Path | None = None
        self.spare: Path | None = None
        """Where the build before the previous one is kept (see ``reuse``)."""
        self._keep = False

    def begin(self, site_dir: Path, spare: Path | None = None) -> Path:
        """Delete what killed builds left, and make the empty folder this build writes;
        ``spare`` is where a finished build keeps the build it replaced (none: deleted).

        Raises:
            OSError: the folder cannot be made (read-only or full disk).
        """
        self.abandon()
        real = site_dir.resolve()
        for stale in stale_folders(real):
            _remove(stale)
        self.site_dir, self.spare, self._keep = real, spare, False
        self.folder = real.with_name(f".{real.name}.new-{os.getpid()}")
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self.folder.mkdir()
        return self.folder

    def reuse(self, folders: Sequence[Planned],
              index: OutputIndex) -> dict[str, dict[str, Stamp]]:
        """Put into this build every badge folder the index records for the same inputs
        and whose files all still have the stamps it records (nothing is read or
        rendered); return their stamps by folder.

        The spare build's ``badges/`` becomes this build's (one rename): a folder in it
        with the recorded stamps is the very file the previous build published (a hard
        link to it), and stays; any other is replaced by hard links to the previous
        build's folder when that has the stamps, else left to be written; folders not
        planned are deleted. A build that finishes keeps the build it replaces as the
        spare, so an unchanged folder costs a ``stat`` of its files, no link and no
        deletion.
        """
        if self.site_dir is None or self.folder is None or not self.site_dir.is_dir():
            return {}
        self._keep = True
        target = self.folder / REUSABLE_ROOT
        recycled = self._recycle(target)
        target.mkdir(exist_ok=True)
        reused = {}
        ours, previous = os.fspath(self.folder), os.fspath(self.site_dir)
        for folder in folders:
            stamps = index.get(folder.path, folder.digest)
            if stamps is not None and set(stamps) != folder.names:
                stamps = None
            here = os.path.join(ours, folder.path)
            if recycled:
                if stamps is not None and _unchanged(here, stamps):
                    reused[folder.path] = stamps
                    continue
                _remove_entry(Path(here))
            there = os.path.join(previous, folder.path)
            if stamps is not None and _unchanged(there, stamps) \
                    and _link_folder(there, here, stamps):
                reused[folder.path] = stamps
        if recycled:
            planned = {f.path.split("/", 1)[1] for f in folders}
            for entry in os.scandir(target):
                if entry.name not in planned:
                    _remove_entry(Path(entry.path))
        return reused

    def _recycle(self, target: Path) -> bool:
        """Move the spare build's ``badges/`` to ``target`` and delete the rest of it."""
        spare = self.spare
        if spare is None or spare.is_symlink() or not spare.is_dir():
            return False
        try:
            os.rename(spare / REUSABLE_ROOT, target)
            moved = True
        except OSError:
            moved = False
        _remove(spare)
        return moved

    def _retire(self, previous: Path) -> None:
        """Keep the build just replaced as the spare, or delete it."""
        if self._keep and self.spare is not None:
            _remove(self.spare)
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                previous.rename(self.spare)
                return
            except OSError:
                pass
        _remove(previous)

    def publish(self) -> None:
        """Swap the finished build in for the previous one, then keep the previous one
        as the spare (when ``reuse`` ran) or delete it.

        Raises:
            OSError: the swap failed; ``site_dir`` is the previous build.
        """
        site_dir, folder = self.site_dir, self.folder
        if site_dir is None or folder is None:
            return
        if not site_dir.exists() and not site_dir.is_symlink():
            folder.rename(site_dir)
        elif _exchange(folder, site_dir):
            self._retire(folder)  # now the previous build
        else:
            old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
            try:
                site_dir.rename(old)
            except OSError:  # e.g. a mount point: replace what is inside it
                _replace_contents(site_dir, folder)
            else:
                try:
                    folder.rename(site_dir)
                except OSError:
                    old.rename(site_dir)
                    raise
                self._retire(old)
        self.folder = None

    def abandon(self) -> None:
        """Delete this build's unfinished output; ``site_dir`` stays as it was."""
        if self.folder is not None:
            _remove(self.folder)
            self.folder = None


def _unchanged(folder: str, stamps: dict[str, Stamp]) -> bool:
    """Whether ``folder`` holds exactly the files of ``stamps``, each with its stamp."""
    try:
        entries = list(os.scandir(folder))
        return len(entries) == len(stamps) and all(
            stamps.get(entry.name) == stamp(entry.stat(follow_symlinks=False))
            for entry in entries)
    except OSError:
        return False


def _link_folder(old: str, new: str, names: Iterable[str]) -> bool:
    """Make folder ``new`` with a hard link to each file ``names`` of folder ``old``."""
    try:
        os.mkdir(new)
        for name in names:
            os.link(os.path.join(old, name), os.path.join(new, name))
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def _replace_contents(site_dir: Path, folder: Path) -> None:
    for entry in list(site_dir.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in list(folder.iterdir()):
        entry.rename(site_dir / entry.name)
    folder.rmdir()


def _remove_entry(path: Path) -> None:
    """Delete a folder or file, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _remove(folder: Path) -> None:
    """Delete ``folder`` (badge folders in parallel: there may be tens of thousands)."""
    with contextlib.suppress(OSError):
        entries = list(folder.iterdir())
        folders = [e for e in entries if e.is_dir() and not e.is_symlink()]
        parts = [f for e in folders
                 for f in (e.iterdir() if e.name == REUSABLE_ROOT else [e])]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(_remove_folder, parts))
    shutil.rmtree(folder, ignore_errors=True)
