"""Endorsements: an OB 3.0 ``EndorsementCredential`` signed by another organisation about
one of the issuer's achievements or about the issuer itself.

An endorser works in a folder of its own (``badgepress init --endorser``): ``endorser.yml``
holds its name (and web address), ``issuer_keys/`` the public half of its key, whose private
half lives outside the folder as every badgepress key does. Its identifier is the did:key of
its active key, so nothing has to be published for its endorsements to verify.
``badgepress endorse`` signs one; the issuer commits it as ``endorsements/<name>.json``.

The build reads each such file, verifies it as any credential (offline: a did:key endorser
always resolves; a did:web one only with its DID document committed beside it as
``<name>.did.json``), and refuses one that fails or that endorses something this site does
not have, naming the file and the field.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from badgepress.crypto.keys import Signer
from badgepress.crypto.proof import sign
from badgepress.did.key import DID_KEY_PREFIX
from badgepress.did.web import DID_WEB_PREFIX, url_from_did
from badgepress.errors import BadgeError, ConfigError, DocumentError
from badgepress.jsonld import BundledLoader
from badgepress.keystore import IssuerKey, active_key, generate_key, load_signer, read_issuer_keys
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT, Credential, load_json
from badgepress.model.dates import format_datetime
from badgepress.project import Project
from badgepress.report import State
from badgepress.schema import ENDORSEMENT_CREDENTIAL, schema_errors
from badgepress.settings_file import load_mapping
from badgepress.trust import Trust
from badgepress.verify import check_credential

ENDORSEMENTS_DIR = "endorsements"
"""Where an issuer commits the endorsements it received (and the site publishes them)."""
DID_DOCUMENT_SUFFIX = ".did.json"
"""A did:web endorser's DID document, committed beside its endorsement."""
ENDORSER_FILE = "endorser.yml"
MAX_COMMENT = 2000
"""The longest ``endorsementComment`` ``badgepress endorse`` writes (characters)."""


@dataclass(frozen=True)
class Endorser:
    """An endorser's folder: its name, web address and keys."""

    root: Path
    name: str
    url: str | None = None

    @property
    def keys_dir(self) -> Path:
        """Where the endorser's public key records are kept."""
        return self.root / "issuer_keys"

    def active(self) -> IssuerKey:
        """The key that signs.

        Raises:
            KeyMaterialError: there is none.
        """
        return active_key(read_issuer_keys(self.keys_dir))

    @property
    def did(self) -> str:
        """The endorser's identifier: the did:key of its active key."""
        return DID_KEY_PREFIX + self.active().multibase

    def profile(self) -> dict[str, Any]:
        """The endorser's OB 3.0 ``Profile``, as its endorsements name it."""
        out: dict[str, Any] = {"id": self.did, "type": ["Profile"], "name": self.name}
        if self.url:
            out["url"] = self.url
        return out

    @classmethod
    def load(cls, root: Path | str = ".") -> Endorser:
        """Read ``endorser.yml`` in ``root``.

        Raises:
            ConfigError: the file is missing, or a setting is wrong (naming it).
        """
        path = Path(root) / ENDORSER_FILE
        settings = load_mapping(
            path, missing_hint="run 'badgepress init FOLDER --endorser --name NAME' to make "
            "an endorser's folder, and endorse from inside it")
        unknown = sorted(set(settings) - {"name", "url"})
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]}", path=path, pointer=unknown[0],
                              hint="endorser.yml has: name, url")
        name, url = settings.get("name"), settings.get("url")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError("name must be set to a text", path=path, pointer="name")
        if url is not None and not (isinstance(url, str)
                                    and url.startswith(("https://", "http://"))):
            raise ConfigError("url must be a web address", path=path, pointer="url")
        return cls(Path(root), name.strip(), url)


def init_endorser(folder: Path, name: str, url: str | None, today: date) -> Endorser:
    """Make an endorser's folder: ``endorser.yml`` and a new key (public record in
    ``issuer_keys/``, private half in the per-user key folder, as ``keys generate``).

    Raises:
        ConfigError: the folder holds an endorser already, or a setting is wrong.
        KeyMaterialError: the key cannot be made.
    """
    path = folder / ENDORSER_FILE
    if path.exists():
        raise ConfigError(f"{ENDORSER_FILE} exists already", path=path,
                          hint="endorse from this folder with 'badgepress endorse'")
    settings = {"name": name, **({"url": url} if url else {})}
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), "utf-8")
    try:
        endorser = Endorser.load(folder)
    except ConfigError:
        path.unlink()
        raise
    endorser.keys_dir.mkdir(exist_ok=True)
    generate_key(endorser.keys_dir, folder, today)
    return endorser


def endorsement(endorser: dict[str, Any], subject_id: str, comment: str, now: datetime,
                *, credential_id: str | None = None) -> dict[str, Any]:
    """The unsigned ``EndorsementCredential`` by ``endorser`` (a Profile) of ``subject_id``
    (an achievement's id or an issuer's profile id).

    Raises:
        ConfigError: the subject is not a web address or DID, or the comment is empty or
            too long.
    """
    if not subject_id.startswith(("https://", "http://", "did:")):
        raise ConfigError(f"{subject_id!r} is not an achievement's id or an issuer's DID",
                          pointer="--achievement/--issuer",
                          hint="give the achievement's page address, e.g. "
                          "https://org.github.io/badges/achievements/python/")
    comment = comment.strip()
    if not comment or len(comment) > MAX_COMMENT:
        raise ConfigError(f"the comment must be 1 to {MAX_COMMENT} characters",
                          pointer="--comment")
    return {
        "@context": [VC_V2_CONTEXT, OB_CONTEXT],
        "id": credential_id or uuid.uuid4().urn,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": endorser,
        "validFrom": format_datetime(now),
        "name": f"Endorsement by {endorser['name']}",
        "credentialSubject": {"id": subject_id, "type": ["EndorsementSubject"],
                              "endorsementComment": comment},
    }


def sign_endorsement(document: dict[str, Any], signer: Signer, loader: BundledLoader,
                     now: datetime) -> dict[str, Any]:
    """Sign an endorsement and check it against the OB 3.0 endorsement JSON Schema.

    Raises:
        DocumentError: the signed endorsement does not match the schema (naming the field).
    """
    signed = sign(document, signer, loader, created=now)
    errors = schema_errors(signed, ENDORSEMENT_CREDENTIAL)
    if errors:
        raise errors[0]
    return signed


def endorse(endorser: Endorser, subject_id: str, comment: str, now: datetime,
            loader: BundledLoader) -> dict[str, Any]:
    """Sign an endorsement of ``subject_id`` with the endorser's active key.

    Raises:
        ConfigError: the subject or comment is refused.
        KeyMaterialError: the private key is not available.
    """
    signer = load_signer(endorser.active(), endorser.did)
    return sign_endorsement(endorsement(endorser.profile(), subject_id, comment, now),
                            signer, loader, now)


@dataclass(frozen=True)
class Endorsement:
    """A verified endorsement the site shows and publishes."""

    name: str
    """Its file name without ``.json`` (it is published as ``endorsements/<name>.json``)."""
    data: bytes
    document: dict[str, Any]
    endorser: str
    """The endorser's name (its identifier when it gives none)."""
    endorser_id: str
    domain: str | None
    """The web domain that publishes the endorser's key; ``None`` for a did:key."""
    subject_id: str
    comment: str

    @property
    def path(self) -> str:
        """Where the site publishes it."""
        return f"{ENDORSEMENTS_DIR}/{self.name}.json"


def domain_of(identifier: str) -> str | None:
    """The web domain behind a did:web or https identifier; ``None`` for any other."""
    if identifier.startswith(DID_WEB_PREFIX):
        try:
            return urlsplit(url_from_did(identifier)).hostname
        except BadgeError:
            return None
    return urlsplit(identifier).hostname if identifier.startswith("https://") else None


def check_endorsement(name: str, source: str, data: bytes, trust: Trust,
                      subjects: Mapping[str, str]) -> Endorsement:
    """Verify an endorsement committed to the site as ``source``: every check passes
    (status that cannot be checked included) and it endorses one of ``subjects`` (id →
    what it is, for messages).

    Raises:
        BadgeError: naming the file, the field and what to do.
    """
    report = check_credential(data, trust, path=source)
    problem = report.first_problem()
    if problem is not None:
        words = problem.message + ("; an endorsement whose status cannot be checked is not "
                                   "shown" if problem.state is State.WARN else "")
        raise BadgeError(words, path=source, pointer=problem.pointer or "/", hint=problem.hint)
    document = load_json(data, path=source)
    credential = Credential.parse(document)
    if not credential.is_endorsement:
        raise DocumentError("not an EndorsementCredential", path=source, pointer="/type",
                            hint=f"only endorsements belong in {ENDORSEMENTS_DIR}/")
    subject_id = credential.subject.get("id")
    if subject_id not in subjects:
        raise DocumentError(f"endorses {subject_id}, which is neither an achievement of this "
                            "site nor its issuer", path=source, pointer="/credentialSubject/id",
                            hint="ask the endorser to endorse an achievement id listed on "
                            "the site (<site_url>achievements/<slug>/) or the issuer's DID")
    comment = credential.subject.get("endorsementComment")
    return Endorsement(name, data, document, credential.issuer_name or credential.issuer_id,
                       credential.issuer_id, domain_of(credential.issuer_id), str(subject_id),
                       comment.strip() if isinstance(comment, str) else "")


def endorsements_of(project: Project, subject_id: str, now: datetime) -> list[dict[str, Any]]:
    """The endorsements of ``subject_id`` in the project's ``endorsements/`` that verify now
    (what newly issued credentials embed in ``achievement.endorsement``); one that does not
    is left out here and refused by the build, which names its problem."""
    folder = project.root / ENDORSEMENTS_DIR
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    documents = {}
    for path in (p for p in paths if p.name.endswith(DID_DOCUMENT_SUFFIX)):
        with contextlib.suppress(BadgeError):
            document = load_json(path.read_bytes(), path=path)
            if isinstance(document, dict) and isinstance(document.get("id"), str):
                documents[document["id"]] = document
    trust = Trust.for_project(project, now=now, did_documents=documents)
    found = []
    for path in (p for p in paths if not p.name.endswith(DID_DOCUMENT_SUFFIX)):
        with contextlib.suppress(BadgeError):
            found.append(check_endorsement(path.stem, path.name, path.read_bytes(), trust,
                                           {subject_id: subject_id}).document)
    return found
