"""Discover: read every input of a build from disk, once. Nothing else reads the disk."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from badgepress.endorsements import DID_DOCUMENT_SUFFIX, ENDORSEMENTS_DIR
from badgepress.errors import BadgeError
from badgepress.keystore import IssuerKey, read_issuer_keys
from badgepress.model.achievement import Achievement, load_achievement, pathway_problems
from badgepress.planning.baked import image_paths
from badgepress.planning.names import LIST_NUMBER, SLUG, check_name
from badgepress.planning.problems import Problems
from badgepress.project import Project
from badgepress.publishable import CREDENTIAL_SUFFIX, credential_token
from badgepress.status.store import LISTS_DIR, LOG_FILE, Revocation, read_log, read_status_lists


@dataclass(frozen=True)
class SourceFile:
    """One input file: its name in URLs, where it is (for messages) and its bytes."""

    name: str
    source: str
    data: bytes


@dataclass(frozen=True)
class Sources:
    """Every input of a build, as read from the issuer repository."""

    credentials: tuple[SourceFile, ...]
    status_lists: tuple[SourceFile, ...]
    status_log: SourceFile | None
    revocations: tuple[Revocation, ...]
    keys: tuple[IssuerKey, ...]
    achievements: tuple[Achievement, ...]
    images: Mapping[str, bytes]
    """The achievements' images (and PNGs beside SVG images) by docs-relative path."""
    endorsements: tuple[SourceFile, ...] = ()
    """``endorsements/<name>.json``: endorsements the issuer received, by name."""
    endorser_documents: tuple[SourceFile, ...] = ()
    """``endorsements/<name>.did.json``: did:web endorsers' DID documents."""


def _read(project: Project, path: Path, name: str, problems: Problems,
          shown: str | None = None) -> SourceFile | None:
    shown = shown or project.relative(path)
    try:
        with open(path, "rb") as handle:
            return SourceFile(name, shown, handle.read())
    except OSError as exc:
        problems.add(BadgeError(f"cannot read the file: {exc.strerror}", path=shown))
        return None


def _list_number(path: Path, shown: str) -> str:
    return check_name(path.stem, LIST_NUMBER, "status list number (file name)", shown)


def _named_files(project: Project, folder: Path, suffix: str,
                 name_of: Callable[[Path, str], str], problems: Problems) -> list[SourceFile]:
    """Every ``suffix`` file in ``folder`` under the name ``name_of`` gives it (a name it
    refuses is a problem)."""
    out: list[SourceFile] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    shown_folder = project.relative(folder)
    for entry in entries:
        if not entry.name.endswith(suffix) or entry.name == suffix or not entry.is_file():
            continue
        path = folder / entry.name
        shown = f"{shown_folder}/{entry.name}"
        try:
            name = name_of(path, shown)
        except BadgeError as exc:
            problems.add(exc)
            continue
        found = _read(project, path, name, problems, shown)
        if found is not None:
            out.append(found)
    return out


def _endorsement_name(path: Path, shown: str) -> str:
    return check_name(path.stem, SLUG, "endorsement name (file name)", shown)


def _endorsements(project: Project,
                  problems: Problems) -> tuple[tuple[SourceFile, ...], tuple[SourceFile, ...]]:
    """The endorsements in ``endorsements/`` and the DID documents beside them."""
    found = _named_files(project, project.root / ENDORSEMENTS_DIR, ".json",
                         lambda path, shown: path.name if path.name.endswith(
                             DID_DOCUMENT_SUFFIX) else _endorsement_name(path, shown), problems)
    documents = tuple(f for f in found if f.name.endswith(DID_DOCUMENT_SUFFIX))
    return tuple(f for f in found if f not in documents), documents


def _achievements(project: Project, problems: Problems) -> tuple[Achievement, ...]:
    folder = project.achievements_dir
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            found.append(load_achievement(project, path.stem))
        except BadgeError as exc:
            problems.add(exc.at(project.relative(path)))
    for problem in pathway_problems(project, found):
        problems.add(problem)
    return tuple(found)


def _images(project: Project, achievements: tuple[Achievement, ...],
            problems: Problems) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for achievement in achievements:
        for path in image_paths(achievement):
            file = project.docs_dir / path
            if path not in found and file.is_file():
                read = _read(project, file, path, problems)
                if read is not None:
                    found[path] = read.data
    return found


def _shown(project: Project, exc: BadgeError, default: Path) -> BadgeError:
    """``exc`` with its path relative to the project (messages never show machine paths)."""
    exc.path = project.relative(Path(exc.path)) if exc.path else project.relative(default)
    return exc


def discover(project: Project, problems: Problems) -> Sources:
    """Read credentials, status lists and log, issuer keys, achievements and endorsements.

    Problems (unreadable files, unsafe names, invalid key records or achievements)
    are added to ``problems``; the rest is returned.
    """
    try:
        keys = tuple(read_issuer_keys(project.keys_dir))
    except BadgeError as exc:
        problems.add(_shown(project, exc, project.keys_dir))
        keys = ()
    status_dir = project.status_dir
    revocations: tuple[Revocation, ...] = ()
    log = None
    try:
        read_status_lists(status_dir)  # shape check: every list has an id
        if (status_dir / LOG_FILE).is_file():
            revocations = tuple(read_log(status_dir))
            log = _read(project, status_dir / LOG_FILE, LOG_FILE, problems)
    except BadgeError as exc:
        problems.add(_shown(project, exc, status_dir))
    achievements = _achievements(project, problems)
    endorsements, endorser_documents = _endorsements(project, problems)
    return Sources(
        credentials=tuple(_named_files(project, project.credentials_dir, CREDENTIAL_SUFFIX,
                                       credential_token, problems)),
        status_lists=tuple(_named_files(project, status_dir / LISTS_DIR, ".json", _list_number,
                                        problems)),
        status_log=log,
        revocations=revocations,
        keys=keys,
        achievements=achievements,
        images=_images(project, achievements, problems),
        endorsements=endorsements,
        endorser_documents=endorser_documents,
    )
