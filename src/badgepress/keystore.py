"""Issuer keys: public halves tracked in ``issuer_keys/``, private halves outside the repo.

A private key lives in a per-user folder (``BADGEPRESS_KEY_DIR``, default the user's
badgepress config folder), one file per key, mode 0600, never overwritten — or, for
CI, in the ``BADGEPRESS_SECRET_KEY`` environment variable. It never enters the work
tree: ``build`` and ``verify`` refuse to run while one is there.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from badgepress.crypto.keys import KeyPair, KeySigner, PublicKey
from badgepress.did.document import build_did_document, method_id
from badgepress.errors import KeyMaterialError
from badgepress.fsutil import write_json_atomic

SECRET_ENV = "BADGEPRESS_SECRET_KEY"  # noqa: S105 - a variable name
KEY_DIR_ENV = "BADGEPRESS_KEY_DIR"
ACTIVE, RETIRED, COMPROMISED = "active", "retired", "compromised"
STATUSES = (ACTIVE, RETIRED, COMPROMISED)


@dataclass(frozen=True)
class IssuerKey:
    """One public key record in ``issuer_keys/``."""

    path: Path
    public: PublicKey
    status: str
    created: str
    compromised_since: str | None = None

    @property
    def multibase(self) -> str:
        """The ``publicKeyMultibase``."""
        return self.public.multibase

    def method_id(self, did: str) -> str:
        """The verification method id of this key under ``did``."""
        return method_id(did, self.multibase)

    def to_json(self) -> dict[str, Any]:
        """The record as stored."""
        out: dict[str, Any] = {"publicKeyMultibase": self.multibase, "status": self.status,
                               "created": self.created}
        if self.compromised_since:
            out["compromisedSince"] = self.compromised_since
        return out

    @classmethod
    def read(cls, path: Path) -> IssuerKey:
        """Read a key record.

        Raises:
            KeyMaterialError: the file is not a valid public key record.
        """
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise KeyMaterialError(f"cannot read key record: {exc}", path=path) from None
        if not isinstance(raw, dict):
            raise KeyMaterialError("a key record must be a JSON object", path=path)
        if "secretKeyMultibase" in raw or "privateKeyMultibase" in raw:
            raise KeyMaterialError("this file holds a PRIVATE key", path=path,
                                   hint="delete it from the repository and rotate the key")
        status = raw.get("status")
        if status not in STATUSES:
            raise KeyMaterialError(f"status must be one of {', '.join(STATUSES)}",
                                   path=path, pointer="/status")
        try:
            public = PublicKey.from_multibase(raw.get("publicKeyMultibase", ""))
        except KeyMaterialError as exc:
            raise exc.at(path) from None
        return cls(path, public, status, str(raw.get("created", "")),
                   raw.get("compromisedSince"))


def read_issuer_keys(keys_dir: Path) -> list[IssuerKey]:
    """Return every key record in ``keys_dir``, oldest first.

    Raises:
        KeyMaterialError: a record is invalid.
    """
    if not keys_dir.is_dir():
        return []
    keys = [IssuerKey.read(p) for p in sorted(keys_dir.glob("*.json"))]
    return sorted(keys, key=lambda k: (k.created, k.path.name))


def did_document(did: str, keys: list[IssuerKey]) -> dict[str, Any]:
    """Return the issuer's DID document: active and retired keys may sign (old
    credentials keep verifying); compromised keys are listed but may not."""
    return build_did_document(
        did,
        [k.multibase for k in keys if k.status != COMPROMISED],
        [k.multibase for k in keys if k.status == COMPROMISED],
    )


def key_notes(did: str, keys: list[IssuerKey]) -> dict[str, str]:
    """Plain words for keys that no longer sign, by verification method id."""
    return {
        k.method_id(did): f"key {k.multibase} was revoked as compromised"
        + (f" (compromised since {k.compromised_since})" if k.compromised_since else "")
        for k in keys
        if k.status == COMPROMISED
    }


def active_key(keys: list[IssuerKey]) -> IssuerKey:
    """Return the key that signs from now on (the newest active one).

    Raises:
        KeyMaterialError: there is no active key.
    """
    active = [k for k in keys if k.status == ACTIVE]
    if not active:
        raise KeyMaterialError("the issuer has no active signing key",
                               hint="run 'badgepress keys generate'")
    return active[-1]


def app_dir() -> Path:
    """badgepress's per-user data folder (private keys, the outbox)."""
    return Path(click.get_app_dir("badgepress"))


def private_key_dir() -> Path:
    """The per-user folder holding private keys."""
    configured = os.environ.get(KEY_DIR_ENV)
    return Path(configured) if configured else app_dir() / "keys"


def work_tree(start: Path) -> Path | None:
    """The top of the git work tree holding ``start``, or ``None``."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],  # noqa: S607 - git from PATH
            cwd=start, capture_output=True, text=True, check=False, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def tree_holding(folder: Path, project: Path) -> Path | None:
    """The project folder or its git work tree when ``folder`` lies inside one, else
    ``None``."""
    folder = folder.resolve()
    return next((root for root in filter(None, (project.resolve(), work_tree(project)))
                 if folder == root or root in folder.parents), None)


def ensure_outside_tree(folder: Path, project: Path) -> None:
    """Refuse a private key folder inside the project or its git work tree.

    Raises:
        KeyMaterialError: ``folder`` lies inside the tree.
    """
    root = tree_holding(folder, project)
    if root is not None:
        raise KeyMaterialError(
            f"refusing to keep a private key inside the repository ({root})",
            hint=f"point {KEY_DIR_ENV} at a folder outside the repository",
        )


def generate_key(keys_dir: Path, project: Path, today: date) -> IssuerKey:
    """Make a key pair: the public record into ``keys_dir``, the private key into the
    per-user folder (mode 0600). Nothing is overwritten.

    Raises:
        KeyMaterialError: the private key folder is inside the tree, or a file exists.
    """
    store = private_key_dir()
    ensure_outside_tree(store, project)
    pair = KeyPair.generate()
    public = pair.public.multibase
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret_path = store / f"{public}.json"
    record_path = keys_dir / f"{today.isoformat()}-{public[-8:]}.json"
    if record_path.exists():
        raise KeyMaterialError("a key record with this name exists already", path=record_path)
    secret = {"publicKeyMultibase": public, "secretKeyMultibase": pair.secret_multibase}
    fd = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(secret, handle)
        handle.write("\n")
    key = IssuerKey(record_path, pair.public, ACTIVE, today.isoformat())
    write_json_atomic(record_path, key.to_json())
    return key


def load_signer(key: IssuerKey, did: str) -> KeySigner:
    """Return a signer for ``key`` from ``BADGEPRESS_SECRET_KEY`` or the private key folder.

    Raises:
        KeyMaterialError: the private key is not available or does not match.
    """
    secret = os.environ.get(SECRET_ENV)
    source = SECRET_ENV
    if not secret:
        path = private_key_dir() / f"{key.multibase}.json"
        source = str(path)
        try:
            secret = json.loads(path.read_bytes())["secretKeyMultibase"]
        except (OSError, ValueError, KeyError, TypeError):
            raise KeyMaterialError(
                f"the private key of {key.multibase} is not available",
                path=key.path,
                hint=f"set {SECRET_ENV}, or sign on the machine that generated the key",
            ) from None
    pair = KeyPair.from_secret_multibase(str(secret))
    if pair.public != key.public:
        raise KeyMaterialError(f"the private key in {source} is not the key {key.multibase}",
                               path=key.path)
    return pair.signer(key.method_id(did))


def update_key(key: IssuerKey, **changes: Any) -> IssuerKey:
    """Write a changed key record atomically and return it."""
    changed = IssuerKey(**{**key.__dict__, **changes})
    write_json_atomic(key.path, changed.to_json())
    return changed
