"""The one place that composes signing: issue OpenBadgeCredentials.

One credential per recipient is written to ``credentials/<token>.json``. The token is
26 lower-case base32 characters from 16 random bytes: unguessable, and stable once
written (it names the badge page ``<site_url>badges/<token>/``).

A batch runs in a fixed order so that a crash loses nothing already issued:
plan (skip what exists) → allocate status entries for all → save the status registry →
sign and write each credential atomically. Killing the process leaves only complete
credential files; running again issues the rest.

Time (``now``) and randomness (``rng``) are parameters: the command line passes the
real clock and :func:`secrets.token_bytes`; the demo passes fixed ones.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from badgepress.crypto.keys import Signer
from badgepress.crypto.proof import sign
from badgepress.errors import ConfigError, DocumentError
from badgepress.fsutil import sync_folder, write_json_atomic
from badgepress.jsonld import BundledLoader
from badgepress.keystore import active_key, load_signer, read_issuer_keys
from badgepress.model.achievement import Achievement
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT
from badgepress.model.dates import format_datetime
from badgepress.model.issued import IssuedIndex
from badgepress.model.profile import profile_json
from badgepress.model.recipient import Recipient, identifiers
from badgepress.project import Project
from badgepress.schema import ACHIEVEMENT_CREDENTIAL, schema_errors
from badgepress.status.registry import StatusRegistry
from badgepress.trust import bundled_loader

Rng = Callable[[int], bytes]
"""Returns n random bytes (default :func:`secrets.token_bytes`)."""
Progress = Callable[[int], None]
"""Called with the number of credentials just written."""
TOKEN_BYTES = 16
SALT_BYTES = 16
CHUNK = 64
PARALLEL_THRESHOLD = 200


class StatusAllocator(Protocol):
    """The status registry as issuing uses it (:class:`StatusRegistry`)."""

    def allocate(self, credential_id: str) -> dict[str, Any]:
        """Return the ``credentialStatus`` entry reserved for ``credential_id``."""
        ...

    def save(self, signer: Signer, now: datetime) -> None:
        """Write the allocation and any new or changed status list, atomically."""
        ...


def project_signer(project: Project) -> Signer:
    """The signer of the project's active key (``BADGEPRESS_SECRET_KEY`` or key folder).

    Raises:
        KeyMaterialError: no active key, or its private half is not available.
    """
    return load_signer(active_key(read_issuer_keys(project.keys_dir)), project.did)


def new_token(rng: Rng = secrets.token_bytes) -> str:
    """Return a badge token: 26 lower-case base32 characters of 16 random bytes."""
    return base64.b32encode(rng(TOKEN_BYTES)).decode("ascii").rstrip("=").lower()


def credential_url(site_url: str, token: str) -> str:
    """The credential id: the URL of its badge page."""
    return f"{site_url}badges/{token}/"


def valid_until(achievement: Achievement, recipient: Recipient, now: datetime) -> str | None:
    """When the credential expires: the recipient's ``expires`` day (end of day, UTC),
    else ``valid_for_days`` after ``now``, else never (``None``).

    Raises:
        ConfigError: the expiry is not after ``now``.
    """
    if recipient.expires is not None:
        until = datetime(recipient.expires.year, recipient.expires.month,
                         recipient.expires.day, 23, 59, 59, tzinfo=UTC)
        if until <= now:
            raise ConfigError(f"the expiry date {recipient.expires} is not in the future",
                              pointer="expires")
        return format_datetime(until)
    if achievement.valid_for_days:
        return format_datetime(now + timedelta(days=achievement.valid_for_days))
    return None


@dataclass(frozen=True)
class Template:
    """What every credential of a batch shares: made once per batch."""

    project: Project
    achievement: Achievement
    issuer: dict[str, Any]
    achievement_ob: dict[str, Any]

    @classmethod
    def of(cls, project: Project, achievement: Achievement) -> Template:
        """The template of ``achievement`` awarded by the project's issuer."""
        return cls(project, achievement, profile_json(project.profile),
                   achievement.to_ob(project.profile.site_url))


def build_credential(
    project: Project,
    achievement: Achievement,
    recipient: Recipient,
    *,
    token: str,
    salt: str,
    now: datetime,
    status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the unsigned OpenBadgeCredential awarding ``achievement`` to ``recipient``.

    Raises:
        ConfigError: the expiry is not after ``now``.
    """
    return _build(Template.of(project, achievement), recipient, token=token, salt=salt,
                  now=now, status=status)


def _build(template: Template, recipient: Recipient, *, token: str, salt: str,
           now: datetime, status: dict[str, Any] | None) -> dict[str, Any]:
    """The unsigned credential (``status`` is its ``credentialStatus`` entry)."""
    site_url = template.project.profile.site_url
    issued = format_datetime(now)
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": template.achievement_ob,
        "identifier": identifiers(recipient, salt),
    }
    if recipient.narrative:
        subject["narrative"] = recipient.narrative
    document: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_CONTEXT],
        "id": credential_url(site_url, token),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": template.issuer,
        "validFrom": issued,
        "awardedDate": issued,
        "name": template.achievement.name,
        "credentialSubject": subject,
    }
    until = valid_until(template.achievement, recipient, now)
    if until:
        document["validUntil"] = until
    if recipient.evidence:
        document["evidence"] = [{"type": ["Evidence"], "id": recipient.evidence}]
    if status is not None:
        document["credentialStatus"] = status
    return document


def sign_credential(document: dict[str, Any], signer: Signer, loader: BundledLoader,
                    now: datetime) -> dict[str, Any]:
    """Sign ``document`` and check the result against the OB 3.0 JSON Schema.

    Raises:
        ContextError: a term is not defined by the bundled contexts.
        DocumentError: the signed credential does not match the schema (a bug).
    """
    signed = sign(document, signer, loader, created=now)
    errors = schema_errors(signed, ACHIEVEMENT_CREDENTIAL)
    if errors:
        raise errors[0]
    return signed


@dataclass(frozen=True)
class Planned:
    """A credential to issue: who, under which token and salt."""

    recipient: Recipient
    token: str
    salt: str
    credential_id: str


@dataclass(frozen=True)
class Issued:
    """A credential written to disk."""

    recipient: Recipient
    credential_id: str
    path: Path


@dataclass
class BatchResult:
    """What a batch did: credentials issued, and recipients skipped (with the id of
    the credential they already hold)."""

    planned: list[Planned] = field(default_factory=list)
    issued: list[Issued] = field(default_factory=list)
    skipped: list[tuple[Recipient, str]] = field(default_factory=list)


def plan(
    project: Project,
    achievement: Achievement,
    recipients: Iterable[Recipient],
    *,
    now: datetime,
    rng: Rng = secrets.token_bytes,
    index: IssuedIndex | None = None,
) -> BatchResult:
    """Decide what to issue: skip recipients who already hold the achievement (also
    twice in the same list), give the others a token and a salt. Writes nothing.

    Raises:
        ConfigError: a recipient's expiry date is not after ``now``.
    """
    if index is None:
        index = IssuedIndex.load_unverified(project.credentials_dir)
    achievement_id = achievement.id(project.profile.site_url)
    result = BatchResult()
    for recipient in recipients:
        existing = index.find(achievement_id, recipient)
        if existing is not None:
            result.skipped.append((recipient, existing))
            continue
        valid_until(achievement, recipient, now)
        token = new_token(rng)
        while (project.credentials_dir / f"{token}.json").exists():  # pragma: no cover
            token = new_token(rng)
        salt = rng(SALT_BYTES).hex()
        planned = Planned(recipient, token, salt,
                          credential_url(project.profile.site_url, token))
        index.add(achievement_id, recipient, planned.credential_id, salt)
        result.planned.append(planned)
    return result


def issue_batch(
    project: Project,
    achievement: Achievement,
    recipients: Iterable[Recipient],
    *,
    now: datetime,
    signer: Signer | None = None,
    rng: Rng = secrets.token_bytes,
    status: StatusAllocator | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    index: IssuedIndex | None = None,
) -> BatchResult:
    """Issue ``achievement`` to every recipient who does not hold it yet.

    ``signer`` defaults to the project's active key, ``status`` to the project's
    :class:`StatusRegistry` and ``index`` to the credentials already in
    ``credentials/``. ``workers`` processes sign in parallel (default: one per CPU for
    large batches, where the platform can fork).

    Raises:
        ConfigError: a recipient's expiry date is not after ``now``.
        KeyMaterialError: the signing key is not available.
        StatusError: the status files are damaged.
        ContextError: a term is not defined by the bundled contexts (a bug).
        DocumentError: a credential does not match the OB 3.0 schema (a bug).
    """
    result = plan(project, achievement, recipients, now=now, rng=rng, index=index)
    if not result.planned:
        return result
    signer = signer or project_signer(project)
    status = status if status is not None else StatusRegistry.load(project)
    jobs = [(item, status.allocate(item.credential_id)) for item in result.planned]
    status.save(signer, now)
    _sign_and_write(Template.of(project, achievement), jobs, signer, now, progress, workers)
    sync_folder(project.credentials_dir)
    result.issued = [Issued(item.recipient, item.credential_id, _path(project, item))
                     for item in result.planned]
    return result


def _path(project: Project, item: Planned) -> Path:
    return project.credentials_dir / f"{item.token}.json"


def issue_one(
    project: Project,
    achievement: Achievement,
    recipient: Recipient,
    *,
    now: datetime,
    signer: Signer | None = None,
    rng: Rng = secrets.token_bytes,
    status: StatusAllocator | None = None,
) -> Issued:
    """Issue one credential, even when the recipient holds the achievement already.

    Raises:
        ConfigError: the expiry date is not after ``now``.
        KeyMaterialError: the signing key is not available.
        ContextError: a term is not defined by the bundled contexts (a bug).
        DocumentError: the credential does not match the OB 3.0 schema (a bug).
    """
    result = issue_batch(project, achievement, [recipient], now=now, signer=signer, rng=rng,
                         status=status, workers=1, index=IssuedIndex())
    if not result.issued:  # pragma: no cover - an empty index never skips
        raise DocumentError("nothing was issued")
    return result.issued[0]


# --- signing, sequential or in forked worker processes --------------------------------

_Job = tuple[Planned, dict[str, Any]]
_State = tuple[Template, Signer, datetime]
_worker: _State | None = None


def _sign_and_write(template: Template, jobs: Sequence[_Job], signer: Signer,
                    now: datetime, progress: Progress | None, workers: int | None) -> None:
    """Sign and write every job: here, or for large batches in forked worker processes
    (one per CPU; each worker inherits the signer, which is never pickled)."""
    state = (template, signer, now)
    count = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    if count <= 1 or len(jobs) < PARALLEL_THRESHOLD \
            or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            done = _write(state, chunk)
            if progress:
                progress(done)
        return
    global _worker
    _worker = state
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            for done in pool.imap_unordered(_work, chunks):
                if progress:
                    progress(done)
    finally:
        _worker = None


def _write(state: _State, chunk: Sequence[_Job]) -> int:
    template, signer, now = state
    loader = bundled_loader()
    for item, entry in chunk:
        document = _build(template, item.recipient, token=item.token, salt=item.salt,
                          now=now, status=entry)
        write_json_atomic(_path(template.project, item),
                          sign_credential(document, signer, loader, now), durable=False)
    return len(chunk)


def _work(chunk: Sequence[_Job]) -> int:
    assert _worker is not None  # noqa: S101 - set before the fork
    return _write(_worker, chunk)
