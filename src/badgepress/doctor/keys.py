"""Doctor checks on keys: an active key, its private half at hand, none in the tree."""

from __future__ import annotations

import os
from pathlib import Path

from badgepress.doctor.finding import Finding, passed, problem, warning, where
from badgepress.errors import KeyMaterialError
from badgepress.keystore import (
    ACTIVE,
    SECRET_ENV,
    IssuerKey,
    load_signer,
    read_issuer_keys,
)
from badgepress.project import Project
from badgepress.publishable import PUBLISHED_TEST_KEYS, private_keys_in_tree

LEAKED_FIX = ("move it out of the repository and never commit it; if it was ever committed "
              "or pushed, treat the key as leaked: 'badgepress keys revoke KEY --compromised "
              "--since DATE', then 'badgepress reissue'")


def read_keys(project: Project, root: Path) -> tuple[list[IssuerKey], list[Finding]]:
    """The key records and whether one of them may sign from now on."""
    try:
        keys = read_issuer_keys(project.keys_dir)
    except KeyMaterialError as exc:
        return [], [problem("keys", where(exc, root),
                            exc.hint or "restore the key record from git")]
    folder = project.relative(project.keys_dir)
    if not keys:
        return keys, [problem("keys", f"no signing key in {folder}/",
                              "run 'badgepress keys generate'")]
    active = [k for k in keys if k.status == ACTIVE]
    if not active:
        states = ", ".join(sorted({k.status for k in keys}))
        return keys, [problem("keys", f"no active signing key in {folder}/ (only {states} "
                              "keys): nothing new can be issued or revoked",
                              "run 'badgepress keys rotate' to make a new active key")]
    key = active[-1]
    if key.multibase in PUBLISHED_TEST_KEYS:
        return keys, [warning("keys", f"the active key {key.multibase} is a published test "
                              "key: anyone can sign badges with it (fine for a demo only)",
                              "run 'badgepress keys rotate' before issuing real badges")]
    return keys, [passed("keys", f"active key {key.multibase} "
                         f"({project.relative(key.path)})")]


def private_key(project: Project, keys: list[IssuerKey]) -> list[Finding]:
    """Whether the active key's private half is available on this machine."""
    active = [k for k in keys if k.status == ACTIVE]
    if not active:
        return []
    key = active[-1]
    try:
        load_signer(key, project.did)
    except KeyMaterialError as exc:
        detail = "is not available here" if exc.message.endswith("is not available") \
            else f"cannot be used here ({exc.message})"
        return [warning("private_key", f"the private key of {key.multibase} {detail}: this "
                        "machine can build and publish, but not issue or revoke",
                        f"issue on the machine that generated the key, or set {SECRET_ENV}")]
    source = SECRET_ENV if os.environ.get(SECRET_ENV) else "your private key folder"
    return [passed("private_key", f"the private key of {key.multibase} is available "
                   f"(from {source})")]


def private_keys_in_repository(root: Path, docs: Path | None = None) -> list[Finding]:
    """Every file in the tree that holds private key material (the rule the build
    applies, :mod:`badgepress.publishable`); nothing in ``docs`` is left out."""
    found = sorted(private_keys_in_tree(root, docs=docs))
    if not found:
        return [passed("private_keys_in_tree", "no private key inside the repository")]
    return [problem("private_keys_in_tree",
                    f"{path.relative_to(root)} holds a private key ({what}) inside the "
                    "repository",
                    LEAKED_FIX) for path, what in found]
