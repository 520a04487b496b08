"""Changing what was issued: revoking credentials, making, rotating and retiring keys,
re-issuing.

Each operation runs under the repository lock and loads, checks, changes, re-signs
and writes atomically, so an exception leaves every file as it was
(:mod:`badgepress.state`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from badgepress.crypto.keys import KeySigner
from badgepress.crypto.proof import select_proof, sign, without_proof
from badgepress.errors import BadgeError, DocumentError, KeyMaterialError
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.keystore import (
    ACTIVE,
    COMPROMISED,
    RETIRED,
    IssuerKey,
    active_key,
    generate_key,
    load_signer,
    read_issuer_keys,
    update_key,
)
from badgepress.model.dates import format_datetime
from badgepress.project import Project
from badgepress.schema import schema_errors
from badgepress.state import changing
from badgepress.status.conflicts import shared_indices, status_bits
from badgepress.status.registry import StatusRegistry, append_log
from badgepress.status.store import Revocation, read_log


@dataclass(frozen=True)
class StoredCredential:
    """A credential file in ``credentials/`` and its parsed JSON."""

    path: Path
    document: dict[str, Any]

    @property
    def id(self) -> str:
        """The credential's id."""
        return str(self.document.get("id"))

    @classmethod
    def read(cls, path: Path) -> StoredCredential:
        """Read a credential file.

        Raises:
            DocumentError: the file cannot be read or is not a JSON object.
        """
        try:
            document = json.loads(path.read_bytes())
        except OSError as exc:
            raise DocumentError(f"cannot read the file: {exc.strerror}", path=path) from None
        except ValueError as exc:
            raise DocumentError(f"not valid JSON: {exc}", path=path,
                                hint="give a credential's .json file") from None
        if not isinstance(document, dict):
            raise DocumentError("a credential must be a JSON object", path=path,
                                pointer="/", hint="give a credential's .json file")
        return cls(path, document)


def read_credentials(project: Project) -> list[StoredCredential]:
    """Every credential file in the repository, by file name.

    Raises:
        DocumentError: a file is not a JSON object.
    """
    return [StoredCredential.read(path)
            for path in sorted(project.credentials_dir.glob("*.json"))]


def find_credential(project: Project, reference: str) -> StoredCredential:
    """Find a credential by its file, its token, its id, or its badge page URL.

    Raises:
        DocumentError: nothing matches, or the file is not a credential.
    """
    path = Path(reference)
    if path.suffix == ".json" and path.is_file():
        return StoredCredential.read(path)
    wanted = {reference, reference.rstrip("/") + "/"}
    token = reference.rstrip("/").rsplit("/", 1)[-1]
    candidate = project.credentials_dir / f"{token}.json"
    if candidate.is_file():
        stored = StoredCredential.read(candidate)
        if reference == token or stored.id in wanted:
            return stored
    for stored in read_credentials(project):
        if stored.id in wanted:
            return stored
    raise DocumentError(f"no credential in {project.relative(project.credentials_dir)} "
                        f"matches {reference!r}",
                        hint="give the credential's file, token, id or badge page URL")


def revoke(project: Project, reference: str, reason: str, now: datetime) -> tuple[str, bool]:
    """Revoke a credential: set its bit, re-sign its list, log the reason.

    Returns the credential id and whether anything changed (False: already revoked).

    Raises:
        BadgeError: the credential, the status files or the signing key are unusable.
        StorageError: the repository is busy, or a file cannot be written.
    """
    if not reason.strip():
        raise BadgeError("a reason is required", hint="say why, e.g. --reason 'issued in error'")
    with changing(project, "revoke"):
        stored = find_credential(project, reference)
        registry = StatusRegistry.load(project)
        changed = registry.revoke(stored.id)
        if changed:
            registry.save(current_signer(project), now)
        append_log(project.status_dir,
                   Revocation(stored.id, format_datetime(now), reason.strip()))
    return stored.id, changed


def current_signer(project: Project) -> KeySigner:
    """The signer of the issuer's active key.

    Raises:
        KeyMaterialError: no active key or its private half is unavailable.
    """
    return load_signer(active_key(read_issuer_keys(project.keys_dir)), project.did)


def first_key(project: Project, today: date) -> IssuerKey:
    """Make the issuer's first signing key.

    Raises:
        KeyMaterialError: an active key exists already, or the key cannot be made.
        StorageError: the repository is busy, or a file cannot be written.
    """
    with changing(project, "keys generate"):
        if any(k.status == ACTIVE for k in read_issuer_keys(project.keys_dir)):
            raise KeyMaterialError("an active key exists already",
                                   hint="use 'badgepress keys rotate' to replace it")
        return generate_key(project.keys_dir, project.root, today)


def rotate_key(project: Project, today: date) -> IssuerKey:
    """Make a new active key; the old active keys become retired (they stay in the DID
    document, so what they signed keeps verifying).

    Raises:
        KeyMaterialError: the key cannot be created.
        StorageError: the repository is busy, or a file cannot be written.
    """
    with changing(project, "keys rotate"):
        old = [k for k in read_issuer_keys(project.keys_dir) if k.status == ACTIVE]
        new = generate_key(project.keys_dir, project.root, today)
        for key in old:
            update_key(key, status=RETIRED)
    return new


def compromise_key(project: Project, multibase: str, since: date) -> tuple[IssuerKey,
                                                                           list[StoredCredential]]:
    """Mark a key compromised: it leaves ``assertionMethod``, so nothing it signed
    verifies any more. Returns the key and the credentials that must be re-issued.

    Raises:
        KeyMaterialError: no such key, or it is the only key able to sign.
        StorageError: the repository is busy, or a file cannot be written.
    """
    with changing(project, "keys revoke"):
        keys = read_issuer_keys(project.keys_dir)
        matches = [k for k in keys if multibase in (k.multibase, k.method_id(project.did))]
        if not matches:
            raise KeyMaterialError(f"no key {multibase} in "
                                   f"{project.relative(project.keys_dir)}",
                                   hint="see 'badgepress keys list'")
        key = matches[0]
        if key.status == ACTIVE and not any(k.status == ACTIVE and k is not key
                                            for k in keys):
            raise KeyMaterialError(
                f"{key.multibase} is the only key able to sign: marking it compromised "
                "would leave nothing to re-issue with", path=project.relative(key.path),
                pointer="/status",
                hint="run 'badgepress keys rotate' first, then revoke the old key")
        key = update_key(key, status=COMPROMISED, compromised_since=since.isoformat())
        return key, signed_with(project, key)


def signed_with(project: Project, key: IssuerKey) -> list[StoredCredential]:
    """The credentials whose proof names ``key``."""
    return _signed_with(read_credentials(project), key.method_id(project.did))


def _signed_with(stored: list[StoredCredential], method: str) -> list[StoredCredential]:
    out = []
    for credential in stored:
        try:
            if select_proof(credential.document).verification_method == method:
                out.append(credential)
        except BadgeError:
            continue
    return out


def reissue(project: Project, now: datetime) -> list[StoredCredential]:
    """Re-sign, with the active key, every credential signed by a compromised key or
    sharing its status bit with another one (which then gets a new bit), and every
    status list.

    The credential keeps its id, recipient, achievement and ``awardedDate`` (and its
    status entry, unless it was shared); ``validFrom`` becomes now. Returns what was
    re-issued.

    Raises:
        BadgeError: no usable active key, or a re-signed credential is invalid.
        StorageError: the repository is busy, or a file cannot be written.
    """
    with changing(project, "reissue", credentials=True):
        signer = current_signer(project)
        stored = read_credentials(project)
        registry = StatusRegistry.load(project)
        moved = _separate(stored, registry, {r.credential for r in read_log(project.status_dir)})
        compromised = [k.method_id(project.did) for k in read_issuer_keys(project.keys_dir)
                       if k.status == COMPROMISED]
        resign = {c.path for method in compromised for c in _signed_with(stored, method)}
        todo = [c for c in stored if c.path in resign or c.path in moved]
        registry.resign_all()
        registry.save(signer, now)  # new entries are allocated before a credential uses one
        for credential in todo:
            document = without_proof(credential.document)
            if credential.path in moved:
                document["credentialStatus"] = moved[credential.path]
            document.setdefault("awardedDate", document.get("validFrom"))
            document["validFrom"] = format_datetime(now)
            signed = sign(document, signer, bundled_loader(), now)
            errors = schema_errors(signed)
            if errors:
                raise errors[0].at(credential.path)
            write_json_atomic(credential.path, signed)
    return todo


def _separate(stored: list[StoredCredential], registry: StatusRegistry,
              revoked: set[str]) -> dict[Path, dict[str, Any]]:
    """New status entries for all but one credential of each shared status bit.

    The one that keeps the bit is a revoked one if any (so the bit stays right),
    else the first by file name; a revoked credential that moves is revoked at
    its new bit too.
    """
    by_file = {str(c.path): c for c in stored}
    moved: dict[Path, dict[str, Any]] = {}
    for shared in shared_indices((str(c.path), c.document) for c in stored):
        holders = sorted((by_file[f] for f in shared.files),
                         key=lambda c: (c.id not in revoked, c.path.name))
        keeper = holders[0]
        entry = keeper.document["credentialStatus"]
        registry.claim(keeper.id, entry if isinstance(entry, dict) else entry[0])
        for credential in holders[1:]:
            if credential.path in moved or not status_bits(credential.document):
                continue
            moved[credential.path] = registry.move(credential.id)
            if credential.id in revoked:
                registry.revoke(credential.id)
    return moved
