"""The badge folders of a build (``badges/<token>/``): rendered on every core and written
straight into the staging folder, never held in memory all at once.

Each worker process renders and writes its share of the folders, checks every file for
private keys as the last-line guard does (:func:`badgepress.publishable.secret_in`), and
sends back only the stamp of each file written (size, modification time, inode) for the
build's :class:`~badgepress.planning.cache.OutputIndex`, and what it refused. A page is
the same bytes whichever process renders it (rendering reads only its arguments), and
the shares come back in order, so the result — files, stamps, refusals — is that of the
serial path (``workers=1``, or fewer folders than ``PARALLEL_THRESHOLD``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from badgepress.errors import BadgeError
from badgepress.planning.cache import Stamp, stamp
from badgepress.publishable import private_key_in_file, secret_in
from badgepress.site.outputs import Output

REUSABLE_ROOT = "badges"
PARALLEL_THRESHOLD = 200
"""Below this many folders to write, a pool costs more than it saves."""
SHARES_PER_WORKER = 8
"""Shares per worker: small enough to balance the load, large enough that each share's
pickled inputs (the site view, once per share) do not matter."""


@dataclass(frozen=True)
class Folder:
    """One badge folder: its site path, its planned files and a digest of their inputs."""

    path: str
    outputs: tuple[Output, ...]
    digest: str
    """sha256 over each file's name and its key (a rendered file) or bytes."""

    @property
    def names(self) -> set[str]:
        """The names of its files."""
        return {o.path.rsplit("/", 1)[1] for o in self.outputs}


@dataclass(frozen=True)
class Written:
    """What writing folders gave: each folder's stamps by file name, and the files
    refused for holding a private key (those are not written)."""

    stamps: dict[str, dict[str, Stamp]]
    refused: list[BadgeError]


def _digest(outputs: Iterable[Output]) -> str:
    digest = hashlib.sha256()
    for output in outputs:
        name = output.path.rsplit("/", 1)[1]
        made_from = output.key or hashlib.sha256(output.content()).hexdigest()
        digest.update(f"{name}\0{made_from}\0".encode())
    return digest.hexdigest()


def badge_folders(outputs: Iterable[Output]) -> list[Folder]:
    """The ``badges/<token>/`` folders among ``outputs``, in plan order."""
    grouped: dict[str, list[Output]] = {}
    for output in outputs:
        parts = output.path.split("/")
        if len(parts) == 3 and parts[0] == REUSABLE_ROOT:
            grouped.setdefault(f"{parts[0]}/{parts[1]}", []).append(output)
    return [Folder(path, tuple(items), _digest(items)) for path, items in grouped.items()]


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _write_new(path: str, data: bytes) -> Stamp:
    """Write ``data`` to a new file at ``path`` (never over one) and give its stamp."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return stamp(os.fstat(fd))
    finally:
        os.close(fd)


def _write_share(root: str, share: list[Folder]) -> tuple[list[dict[str, Stamp]],
                                                          list[tuple[str, str]]]:
    """Render and write one share of folders under ``root``: each folder's stamps, and
    (site path, what) for each file holding a private key."""
    stamps, refused = [], []
    for folder in share:
        target = os.path.join(root, folder.path)
        os.mkdir(target)
        written = {}
        for output in folder.outputs:
            data = output.content()
            what = secret_in(data)
            if what is not None:
                refused.append((output.path, what))
                continue
            name = output.path.rsplit("/", 1)[1]
            written[name] = _write_new(os.path.join(target, name), data)
        stamps.append(written)
    return stamps, refused


def _worker_count(workers: int | None) -> int:
    if workers is not None:
        return workers
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1


def write_folders(root: Path, folders: Sequence[Folder], *,
                  workers: int | None = None) -> Written:
    """Render and write ``folders`` into the build folder ``root`` (``workers`` processes;
    ``None``: one per core, ``1``: in this process).

    Raises:
        OSError: a folder or file cannot be written.
    """
    (root / REUSABLE_ROOT).mkdir(parents=True, exist_ok=True)
    count = _worker_count(workers)
    if count == 1 or len(folders) < PARALLEL_THRESHOLD:
        results = [_write_share(str(root), list(folders))]
    else:
        size = -(-len(folders) // (count * SHARES_PER_WORKER))
        shares = [list(folders[i:i + size]) for i in range(0, len(folders), size)]
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            results = list(pool.map(_write_share, [str(root)] * len(shares), shares))
    stamps: dict[str, dict[str, Stamp]] = {}
    refused: list[BadgeError] = []
    done = iter(folders)
    for share_stamps, share_refused in results:
        for folder_stamps in share_stamps:
            stamps[next(done).path] = folder_stamps
        refused += [private_key_in_file(f"{path} (generated)", what)
                    for path, what in share_refused]
    return Written(stamps, refused)
