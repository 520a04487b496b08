"""Clearing the previous build quickly.

mkdocs empties ``site_dir`` before writing, one entry at a time; with 10,000 badge
folders that alone takes seconds on a journalling file system. Before mkdocs cleans,
the previous site is renamed aside (one call) and deleted by background threads while
the new site is written. Only a folder that holds a previous build (it has the
``.nojekyll`` marker badgepress writes) is ever moved.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MARKER = ".nojekyll"
THREADS = 8


class BackgroundRemoval:
    """Deletes a renamed-aside folder in background threads; :meth:`wait` joins them."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self, site_dir: Path) -> None:
        """Move ``site_dir``'s previous build aside and start deleting it."""
        if not (site_dir / MARKER).is_file() or site_dir.is_symlink():
            return
        aside = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        try:
            if aside.exists():
                shutil.rmtree(aside)
            site_dir.rename(aside)
            site_dir.mkdir()
        except OSError:
            return  # e.g. a mount point: mkdocs cleans it the usual way
        self._thread = threading.Thread(target=_remove, args=(aside,), daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait until the old build is gone."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def _remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _remove(aside: Path) -> None:
    with contextlib.suppress(OSError):
        entries = list(aside.iterdir())
        folders = [e for e in entries if e.is_dir() and not e.is_symlink()]
        parts = [f for e in folders for f in (e.iterdir() if e.name == "badges" else [e])]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(_remove_folder, parts))
    shutil.rmtree(aside, ignore_errors=True)
