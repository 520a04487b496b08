"""Reusing and clearing the previous build quickly.

mkdocs empties ``site_dir`` before writing, one entry at a time, and then writes every
file again; with 10,000 badge folders that is tens of thousands of file-system calls.
Instead, before mkdocs cleans, the previous site is renamed aside (one call). When
the new build is planned, every badge folder whose files are byte for byte what the
build would write is moved back in one rename, and mkdocs is told those files are
already in place (a ``File`` whose source is its destination, which mkdocs skips). A
page is recognised by the digest recorded for what it is made from (``PageDigests``),
so an unchanged page is not even rendered.
What is left of the old build is deleted in the background while the rest is written.
Only a folder that holds a previous build (it has the ``.nojekyll`` marker badgepress
writes) is ever moved.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from badgepress.site.cache import PageDigests
from badgepress.site.outputs import Output

MARKER = ".nojekyll"
THREADS = 8
REUSABLE_ROOT = "badges"


class PreviousBuild:
    """The previous build, set aside: reuse what is unchanged, delete the rest."""

    def __init__(self) -> None:
        self._aside: Path | None = None
        self._thread: threading.Thread | None = None

    def set_aside(self, site_dir: Path) -> None:
        """Move ``site_dir``'s previous build aside, leaving an empty ``site_dir``."""
        self._aside = None
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
        self._aside = aside

    def reuse(self, site_dir: Path, outputs: Iterable[Output],
              digests: PageDigests) -> set[str]:
        """Move back every ``badges/<token>/`` folder whose files are exactly the planned
        outputs (same names, same bytes); return the reused output paths.

        A file with a key is compared by its digest when ``digests`` knows the key, so
        its page is not rendered; other files are compared with their planned bytes.
        """
        if self._aside is None:
            return set()
        folders: dict[str, dict[str, Output]] = defaultdict(dict)
        for output in outputs:
            parts = output.path.split("/")
            if len(parts) == 3 and parts[0] == REUSABLE_ROOT:
                folders[f"{parts[0]}/{parts[1]}"][parts[2]] = output
        reused: set[str] = set()
        (site_dir / REUSABLE_ROOT).mkdir(exist_ok=True)
        for folder, planned in folders.items():
            old = self._aside / folder
            if _same_files(old, planned, digests):
                with contextlib.suppress(OSError):
                    old.rename(site_dir / folder)
                    reused.update(f"{folder}/{name}" for name in planned)
        return reused

    def remove(self) -> None:
        """Start deleting what is left of the previous build."""
        if self._aside is not None and self._thread is None:
            self._thread = threading.Thread(target=_remove, args=(self._aside,), daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Wait until the old build is gone."""
        self.remove()
        if self._thread is not None:
            self._thread.join()
        self._thread, self._aside = None, None


def _same_files(folder: Path, planned: dict[str, Output], digests: PageDigests) -> bool:
    try:
        if {entry.name for entry in os.scandir(folder)} != set(planned):
            return False
        for name, output in planned.items():
            data = (folder / name).read_bytes()
            known = digests.get(output.key) if output.key is not None else None
            if known is not None:
                if hashlib.sha256(data).hexdigest() != known:
                    return False
            elif data != output.content():
                return False
        return True
    except OSError:
        return False


def _remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _remove(aside: Path) -> None:
    with contextlib.suppress(OSError):
        entries = list(aside.iterdir())
        folders = [e for e in entries if e.is_dir() and not e.is_symlink()]
        parts = [f for e in folders
                 for f in (e.iterdir() if e.name == REUSABLE_ROOT else [e])]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(_remove_folder, parts))
    shutil.rmtree(aside, ignore_errors=True)
