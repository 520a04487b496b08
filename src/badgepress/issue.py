"""The one place that composes signing: issue OpenBadgeCredentials.

One credential per recipient is written to ``credentials/<token>.json``. The token is
26 lower-case base32 characters from 16 random bytes: unguessable, and stable once
written (it names the badge page ``<site_url>badges/<token>/``).

A batch runs under the repository lock in a fixed order: plan (skip what exists,
refuse duplicates) → allocate status entries for all → sign and check every
credential in memory → save the status registry → write each credential atomically.
A bad row stops the batch before anything is written, naming every bad row and
column; a failed write undoes the batch (:mod:`badgepress.state`). Killing the
process leaves only complete credential files, each with its status entry; running
again issues the rest.

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

from badgepress.crypto.keys import KeyPair, Signer
from badgepress.crypto.proof import sign
from badgepress.did.document import method_id
from badgepress.endorsements import endorsements_of
from badgepress.errors import BadgeError, ConfigError, DocumentError
from badgepress.fsutil import dump_json, sync_folder, write_atomic
from badgepress.jsonld import BundledLoader
from badgepress.jsonld.shape import ShapeCache
from badgepress.keystore import active_key, load_signer, read_issuer_keys
from badgepress.model.achievement import Achievement
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT
from badgepress.model.dates import format_datetime
from badgepress.model.issued import IssuedIndex
from badgepress.model.profile import profile_json
from badgepress.model.recipient import Recipient, identifiers, normalise_email
from badgepress.project import Project
from badgepress.roster import RosterError
from badgepress.schema import ACHIEVEMENT_CREDENTIAL, schema_errors
from badgepress.stacking import Stack
from badgepress.state import changing
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
    def of(cls, project: Project, achievement: Achievement, now: datetime) -> Template:
        """The template of ``achievement`` awarded by the project's issuer, with the
        endorsements of the achievement that verify at ``now``."""
        achievement_ob = achievement.to_ob(project.profile.site_url)
        endorsed = endorsements_of(project, achievement_ob["id"], now)
        if endorsed:
            achievement_ob["endorsement"] = endorsed
        return cls(project, achievement, profile_json(project.profile), achievement_ob)


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
    return _build(Template.of(project, achievement, now), recipient, token=token, salt=salt,
                  now=now, status=status)


def _build(template: Template, recipient: Recipient, *, token: str, salt: str,
           now: datetime, status: dict[str, Any] | None,
           components: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The unsigned credential (``status`` is its ``credentialStatus`` entry,
    ``components`` the evidence of a stacked badge's component credentials)."""
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
    evidence = [{"type": ["Evidence"], "id": recipient.evidence}] if recipient.evidence \
        else []
    if evidence or components:
        document["evidence"] = [*evidence, *components]
    if status is not None:
        document["credentialStatus"] = status
    return document


def sign_credential(document: dict[str, Any], signer: Signer, loader: BundledLoader,
                    now: datetime, shapes: ShapeCache | None = None) -> dict[str, Any]:
    """Sign ``document`` and check the result against the OB 3.0 JSON Schema.

    Raises:
        ContextError: a term is not defined by the bundled contexts.
        DocumentError: the signed credential does not match the schema (a bug).
    """
    signed = sign(document, signer, loader, created=now, shapes=shapes)
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
    components: tuple[dict[str, Any], ...] = ()
    """The evidence entries of a stacked badge's component credentials."""


@dataclass(frozen=True)
class Issued:
    """A credential written to disk."""

    recipient: Recipient
    credential_id: str
    path: Path


@dataclass
class BatchResult:
    """What a batch did: credentials issued, recipients skipped (with the id of the
    credential they already hold), and — for a stacked badge — recipients refused because
    they do not hold its components (the others are issued)."""

    planned: list[Planned] = field(default_factory=list)
    issued: list[Issued] = field(default_factory=list)
    skipped: list[tuple[Recipient, str]] = field(default_factory=list)
    refused: list[BadgeError] = field(default_factory=list)


def plan(
    project: Project,
    achievement: Achievement,
    recipients: Iterable[Recipient],
    *,
    now: datetime,
    rng: Rng = secrets.token_bytes,
    index: IssuedIndex | None = None,
    allow_duplicates: bool = False,
) -> BatchResult:
    """Decide what to issue: skip recipients who already hold the achievement (same
    name and email: a re-run), give the others a token and a salt. Writes nothing.

    Unless ``allow_duplicates``, an email address listed twice, or already holding
    the achievement under another name, is a problem.

    Raises:
        RosterError: listing every recipient that cannot be issued, by row and column.
    """
    if index is None:
        index = IssuedIndex.load_unverified(project.credentials_dir)
    achievement_id = achievement.id(project.profile.site_url)
    stack = Stack.of(project, achievement, now) if achievement.requires else None
    result = BatchResult()
    problems: list[BadgeError] = []
    listed: dict[str, Recipient] = {}
    for recipient in recipients:
        email = normalise_email(recipient.email) if recipient.email else None
        if email and not allow_duplicates:
            first = listed.setdefault(email, recipient)
            if first is not recipient:
                problems.append(_duplicate(recipient, f"{recipient.email} is listed "
                                           f"twice (also {_row(first)})"))
                continue
        existing = index.find(achievement_id, recipient)
        if existing is not None:
            result.skipped.append((recipient, existing))
            continue
        holder = index.holder(achievement_id, email) if email and not allow_duplicates \
            else None
        if holder is not None:
            problems.append(_duplicate(recipient, f"{recipient.email} already holds this "
                                       f"achievement as {holder[0]!r} ({holder[1]})"))
            continue
        try:
            valid_until(achievement, recipient, now)
        except ConfigError as exc:
            problems.append(_at(recipient, "expires", exc))
            continue
        try:
            components = tuple(stack.evidence(recipient)) if stack else ()
        except ConfigError as exc:
            result.refused.append(exc)
            continue
        token = new_token(rng)
        while (project.credentials_dir / f"{token}.json").exists():  # pragma: no cover
            token = new_token(rng)
        salt = rng(SALT_BYTES).hex()
        planned = Planned(recipient, token, salt,
                          credential_url(project.profile.site_url, token), components)
        index.add(achievement_id, recipient, planned.credential_id, salt)
        result.planned.append(planned)
    _raise_if_any(problems)
    return result


def _row(recipient: Recipient) -> str:
    return f"row {recipient.row}" if recipient.row is not None else "given before"


def _duplicate(recipient: Recipient, message: str) -> ConfigError:
    return ConfigError(message, pointer=recipient.where("email"),
                       hint="list each recipient once (a re-run skips who holds it already), "
                       "or pass --allow-duplicates")


def _at(recipient: Recipient, column: str, exc: BadgeError) -> BadgeError:
    """``exc`` as a problem of the recipient's field ``column`` (row and column)."""
    return type(exc)(exc.message, pointer=recipient.where(column), hint=exc.hint)


def _raise_if_any(problems: list[BadgeError]) -> None:
    if problems:
        raise RosterError(problems)


def check_batch(
    project: Project,
    achievement: Achievement,
    recipients: Iterable[Recipient],
    *,
    now: datetime,
    allow_duplicates: bool = False,
    workers: int | None = None,
) -> BatchResult:
    """Everything :func:`issue_batch` checks, with nothing written: plan, then build,
    sign and check every credential in memory — with a throwaway key, so no private
    key is needed (``--dry-run``).

    Raises:
        RosterError: recipients that cannot be issued, each by row and column.
        StatusError: the status files are damaged.
    """
    result = plan(project, achievement, recipients, now=now,
                  allow_duplicates=allow_duplicates)
    if result.planned:
        status = StatusRegistry.load(project)
        jobs = [(item, status.allocate(item.credential_id)) for item in result.planned]
        throwaway = KeyPair.generate()
        signer = throwaway.signer(method_id(project.did, throwaway.public.multibase))
        _sign_all(Template.of(project, achievement, now), jobs, signer, now, None, workers)
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
    allow_duplicates: bool = False,
) -> BatchResult:
    """Issue ``achievement`` to every recipient who does not hold it yet.

    All or nothing: under the repository lock, every credential is built, signed and
    checked in memory first; only when all of them are valid is the status registry
    saved and are they written. ``signer`` defaults to the project's active key,
    ``status`` to the project's :class:`StatusRegistry` and ``index`` to the
    credentials already in ``credentials/`` (both read under the lock). ``workers``
    processes sign in parallel (default: one per CPU for large batches, where the
    platform can fork).

    Raises:
        RosterError: recipients that cannot be issued, each by row and column
            (duplicates, past expiry dates, text that cannot be signed).
        KeyMaterialError: the signing key is not available.
        StatusError: the status files are damaged.
        StorageError: another command holds the repository, or a file cannot be
            written (nothing was changed).
        ContextError: a term is not defined by the bundled contexts (a bug).
        DocumentError: a credential does not match the OB 3.0 schema (a bug).
    """
    recipients = list(recipients)
    with changing(project, "issue"):
        result = plan(project, achievement, recipients, now=now, rng=rng, index=index,
                      allow_duplicates=allow_duplicates)
        if not result.planned:
            return result
        signer = signer or project_signer(project)
        status = status if status is not None else StatusRegistry.load(project)
        jobs = [(item, status.allocate(item.credential_id)) for item in result.planned]
        signed = _sign_all(Template.of(project, achievement, now), jobs, signer, now, progress,
                           workers)
        status.save(signer, now)  # before any credential: none is left without its entry
        for item, data in zip(result.planned, signed, strict=True):
            write_atomic(_path(project, item), data, durable=False)
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
        RosterError: the expiry date is not after ``now``, or a field cannot be signed.
        KeyMaterialError: the signing key is not available.
        StorageError: the repository is busy, or a file cannot be written.
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
_COLUMN_OF_POINTER = (
    ("/credentialSubject/identifier/0/", "name"),
    ("/credentialSubject/identifier/1/", "email"),
    ("/credentialSubject/narrative", "narrative"),
    ("/evidence", "evidence"),
    ("/validUntil", "expires"),
)
"""Which roster column a field of the credential comes from."""


@dataclass(frozen=True)
class _Failure:
    """Why one credential could not be signed (plain data: it crosses processes)."""

    kind: type[BadgeError]
    message: str
    pointer: str | None
    hint: str | None


def _sign_all(template: Template, jobs: Sequence[_Job], signer: Signer, now: datetime,
              progress: Progress | None, workers: int | None) -> list[bytes]:
    """Sign every job in memory: here, or for large batches in forked worker processes
    (one per CPU; each worker inherits the signer, which is never pickled).

    Raises:
        RosterError: the recipients whose credential cannot be signed, by row and column.
        BadgeError: a credential cannot be signed for a reason no field explains (a bug).
    """
    state = (template, signer, now)
    count = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [(start, jobs[start:start + CHUNK]) for start in range(0, len(jobs), CHUNK)]
    out: list[bytes | _Failure] = [b""] * len(jobs)
    if count <= 1 or len(jobs) < PARALLEL_THRESHOLD \
            or "fork" not in multiprocessing.get_all_start_methods():
        done: Iterable[tuple[int, list[bytes | _Failure]]] = (
            (start, _sign(state, chunk)) for start, chunk in chunks)
        _collect(done, out, progress)
    else:
        global _worker
        _worker = state
        try:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                _collect(pool.imap_unordered(_work, chunks), out, progress)
        finally:
            _worker = None
    problems: list[BadgeError] = []
    for (item, _), signed in zip(jobs, out, strict=True):
        if isinstance(signed, _Failure):
            error = signed.kind(signed.message, pointer=signed.pointer, hint=signed.hint)
            column = next((c for prefix, c in _COLUMN_OF_POINTER
                           if (signed.pointer or "").startswith(prefix)), None)
            if column is None:
                raise error
            problems.append(_at(item.recipient, column, error))
    _raise_if_any(problems)
    return [signed for signed in out if isinstance(signed, bytes)]


def _collect(done: Iterable[tuple[int, list[bytes | _Failure]]],
             out: list[bytes | _Failure], progress: Progress | None) -> None:
    for start, signed in done:
        out[start:start + len(signed)] = signed
        if progress:
            progress(len(signed))


def _sign(state: _State, chunk: Sequence[_Job]) -> list[bytes | _Failure]:
    template, signer, now = state
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    out: list[bytes | _Failure] = []
    for item, entry in chunk:
        try:
            document = _build(template, item.recipient, token=item.token, salt=item.salt,
                              now=now, status=entry, components=item.components)
            out.append(dump_json(sign_credential(document, signer, loader, now, shapes)))
        except BadgeError as exc:
            out.append(_Failure(type(exc), exc.message, exc.pointer, exc.hint))
    return out


def _work(job: tuple[int, Sequence[_Job]]) -> tuple[int, list[bytes | _Failure]]:
    assert _worker is not None  # noqa: S101 - set before the fork
    start, chunk = job
    return start, _sign(_worker, chunk)
