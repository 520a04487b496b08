"""Changing what was issued: revoking credentials, rotating and retiring keys, re-issuing.

Each operation loads, checks, changes, re-signs and writes atomically, so an
exception leaves every file as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

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
from badgepress.status.registry import StatusRegistry, append_log
from badgepress.status.store import Revocation


@dataclass(frozen=True)
class StoredCredential:
    """A credential file in ``credentials/`` and its parsed JSON."""

    path: Path
    document: dict[str, Any]

    @property
    def id(self) -> str:
        """The credential's id."""
        return str(self.document.get("id"))


def read_credentials(project: Project) -> list[StoredCredential]:
    """Every credential file in the repository, by file name.

    Raises:
        DocumentError: a file is not a JSON object.
    """
    out = []
    for path in sorted(project.credentials_dir.glob("*.json")):
        try:
            document = json.loads(path.read_bytes())
        except ValueError as exc:
            raise DocumentError(f"not valid JSON: {exc}", path=path) from None
        if not isinstance(document, dict):
            raise DocumentError("a credential must be a JSON object", path=path)
        out.append(StoredCredential(path, document))
    return out


def find_credential(project: Project, reference: str) -> StoredCredential:
    """Find a credential by its file, its token, its id, or its badge page URL.

    Raises:
        DocumentError: nothing matches.
    """
    path = Path(reference)
    if path.suffix == ".json" and path.is_file():
        return StoredCredential(path, json.loads(path.read_bytes()))
    wanted = {reference, reference.rstrip("/") + "/"}
    token = reference.rstrip("/").rsplit("/", 1)[-1]
    candidate = project.credentials_dir / f"{token}.json"
    if candidate.is_file():
        stored = StoredCredential(candidate, json.loads(candidate.read_bytes()))
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
    """
    if not reason.strip():
        raise BadgeError("a reason is required", hint="say why, e.g. --reason 'issued in error'")
    stored = find_credential(project, reference)
    registry = StatusRegistry.load(project)
    changed = registry.revoke(stored.id)
    if changed:
        registry.save(current_signer(project), now)
    append_log(project.status_dir, Revocation(stored.id, format_datetime(now), reason.strip()))
    return stored.id, changed


def current_signer(project: Project) -> Any:
    """The signer of the issuer's active key.

    Raises:
        KeyMaterialError: no active key or its private half is unavailable.
    """
    return load_signer(active_key(read_issuer_keys(project.keys_dir)), project.did)


def rotate_key(project: Project, today: date) -> IssuerKey:
    """Make a new active key; the old active keys become retired (they stay in the DID
    document, so what they signed keeps verifying).

    Raises:
        KeyMaterialError: the key cannot be created.
    """
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
    """
    keys = read_issuer_keys(project.keys_dir)
    matches = [k for k in keys if multibase in (k.multibase, k.method_id(project.did))]
    if not matches:
        raise KeyMaterialError(f"no key {multibase} in {project.relative(project.keys_dir)}",
                               hint="see 'badgepress keys list'")
    key = update_key(matches[0], status=COMPROMISED, compromised_since=since.isoformat())
    return key, signed_with(project, key)


def signed_with(project: Project, key: IssuerKey) -> list[StoredCredential]:
    """The credentials whose proof names ``key``."""
    method = key.method_id(project.did)
    out = []
    for stored in read_credentials(project):
        try:
            if select_proof(stored.document).verification_method == method:
                out.append(stored)
        except BadgeError:
            continue
    return out


def reissue(project: Project, now: datetime) -> list[StoredCredential]:
    """Re-sign, with the active key, every credential signed by a compromised key,
    and every status list.

    The credential keeps its id, recipient, achievement, status entry and
    ``awardedDate``; ``validFrom`` becomes now. Returns what was re-issued.

    Raises:
        BadgeError: no usable active key, or a re-signed credential is invalid.
    """
    signer = current_signer(project)
    compromised = [k for k in read_issuer_keys(project.keys_dir) if k.status == COMPROMISED]
    todo = [stored for key in compromised for stored in signed_with(project, key)]
    for stored in todo:
        document = without_proof(stored.document)
        document.setdefault("awardedDate", document.get("validFrom"))
        document["validFrom"] = format_datetime(now)
        signed = sign(document, signer, bundled_loader(), now)
        errors = schema_errors(signed)
        if errors:
            raise errors[0].at(stored.path)
        write_json_atomic(stored.path, signed)
    registry = StatusRegistry.load(project)
    registry.resign_all()
    registry.save(signer, now)
    return todo
