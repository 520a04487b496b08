"""Atomic file writes: write a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, whole.

    ``durable=False`` skips the fsync: the rename is still atomic if the process dies,
    but not if the machine loses power. Batches write that way and call ``sync_folder``
    once at the end.

    Raises:
        OSError: the file cannot be written (its ``filename`` is ``path``); the old
            file, if any, is unchanged and no temporary file is left.
    """
    try:
        fd, tmp = _temporary(path)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (its folder made only when missing: a batch
    writes thousands of files into one folder, and every system call counts)."""
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def sync_folder(folder: Path) -> None:
    """Flush everything written into ``folder`` (files and renames) to disk."""
    os.sync()
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def dump_json(document: Any) -> bytes:
    """Serialise JSON the one way badgepress writes it: sorted keys, 2-space indent,
    UTF-8, newline at the end — so git diffs stay readable and output is stable."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_json_atomic(path: Path, document: Any, *, durable: bool = True) -> None:
    """Write ``document`` as badgepress-formatted JSON, atomically."""
    write_atomic(path, dump_json(document), durable=durable)
