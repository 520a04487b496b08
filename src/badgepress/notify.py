"""Tell each recipient in the outbox about their badge, by e-mail.

Each message has a plain-text and an HTML part (Jinja2 templates: the defaults in
``badgepress/notify_templates``, or the issuer's own in ``notify/`` of the repository;
HTML is autoescaped and rendered in a sandbox), the badge image inline, and the image with
the credential baked in attached. It links the badge page, LinkedIn's add-to-profile
form, the wallet hand-off (``badgepress.wallet``) and the verify page.

Only credentials that verify now, with the issuer's own trust (keys and status lists from
the repository), are announced: never a revoked or an expired one.

**The send log** (``sent.jsonl`` in the outbox) makes a run idempotent and resumable.
Before a message goes to the server a ``sending`` line with its Message-ID is appended
and flushed to disk; when the server has accepted it, a ``sent`` line (or ``refused``, with
the server's answer). A re-run skips every ``sent`` credential. A credential whose last
line is ``sending`` was in flight when a run died (kill -9, power loss, lost connection):
the server may or may not have it. It is **not** sent again on its own — a re-run lists it
as unconfirmed — unless ``retry_unconfirmed`` is given; the retry carries the same
Message-ID, so mail programs that drop duplicates show it once. At most one message per
run can be in flight. A refused address is retried by the next run.
"""

from __future__ import annotations

import ipaddress
import json
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as mail_date
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from badgepress.baking import bake
from badgepress.errors import ConfigError, DeliveryError, RecipientRefused
from badgepress.fsutil import write_atomic
from badgepress.model.achievement import Achievement, load_achievement
from badgepress.outbox import Outbox, Record
from badgepress.planning.baked import png_sibling
from badgepress.project import Project
from badgepress.trust import Trust
from badgepress.verify import check_credential
from badgepress.wallet import wallet_deep_link, wallet_scan_url

Tls = Literal["starttls", "ssl", "none"]
SEND_LOG = "sent.jsonl"
EML_DIR = "eml"
TEMPLATE_DIR = "notify"
"""The issuer's own templates, in the repository."""
TEMPLATES = ("subject.txt", "message.txt", "message.html")
USER_ENV, PASSWORD_ENV = "BADGEPRESS_SMTP_USER", "BADGEPRESS_SMTP_PASSWORD"
DEFAULT_PORTS: Mapping[Tls, int] = {"starttls": 587, "ssl": 465, "none": 25}
SENDING, SENT, REFUSED = "sending", "sent", "refused"
IMAGE_CID = "badge-image"


# --- the send log -----------------------------------------------------------------------

@dataclass(frozen=True)
class LogEntry:
    """One line of the send log."""

    token: str
    message_id: str
    state: str
    at: str
    detail: str = ""


class SendLog:
    """An append-only JSON Lines file; each line is written with one ``write`` and synced.
    A line cut short by a crash is ignored when read and removed before the next append."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._repaired = False

    def read(self) -> dict[str, LogEntry]:
        """The last entry of each credential token."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        last: dict[str, LogEntry] = {}
        for line in data.split(b"\n")[:-1]:  # the part after the last newline is torn
            try:
                entry = LogEntry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            last[entry.token] = entry
        return last

    def append(self, entry: LogEntry, *, durable: bool = True) -> None:
        """Append ``entry``; ``durable`` syncs it (and every line before it) to disk."""
        line = json.dumps(entry.__dict__, ensure_ascii=False).encode() + b"\n"
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if not self._repaired:
                self._repair(fd)
            os.write(fd, line)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)

    def _repair(self, fd: int) -> None:
        size = os.fstat(fd).st_size
        if size:
            data = os.pread(fd, size, 0)
            if not data.endswith(b"\n"):
                os.ftruncate(fd, data.rfind(b"\n") + 1)
        self._repaired = True


# --- composing --------------------------------------------------------------------------

def template_env(project: Project) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The text and HTML template environments: the repository's ``notify/`` first, then
    the defaults. Both are sandboxed and strict about undefined names; HTML autoescapes."""
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(project.root / TEMPLATE_DIR),
        jinja2.PackageLoader("badgepress", "notify_templates"),
    ])

    def env(autoescape: bool) -> jinja2.Environment:
        return SandboxedEnvironment(loader=loader, autoescape=autoescape,
                                    undefined=jinja2.StrictUndefined, keep_trailing_newline=True)

    return env(False), env(True)


@dataclass(frozen=True)
class Art:
    """An achievement's image for the message: shown inline, and baked as the attachment."""

    data: bytes
    kind: Literal["png", "svg"]


def badge_art(project: Project, achievement: Achievement) -> Art:
    """The achievement's PNG (its image, or the PNG beside an SVG image), else its SVG.

    Raises:
        ConfigError: the image cannot be read.
    """
    sibling = png_sibling(achievement.image)
    image = sibling if sibling and (project.docs_dir / sibling).is_file() else achievement.image
    path = project.docs_dir / image
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the badge image: {exc.strerror}", path=path) from None
    return Art(data, "svg" if image.lower().endswith(".svg") else "png")


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) as one space."""
    return " ".join(text.split())


def message_id(project: Project, token: str) -> str:
    """The Message-ID of a credential's notification: the same on every try."""
    return f"<badge.{token}@{urlsplit(project.profile.site_url).hostname}>"


def compose(project: Project, record: Record, credential_json: str, art: Art,
            sender: Address, *, now: datetime,
            envs: tuple[jinja2.Environment, jinja2.Environment]) -> EmailMessage:
    """The notification of ``record`` (``credential_json``: the credential file's text).

    Raises:
        ConfigError: a template is broken.
        RecipientRefused: the recipient's address cannot be used.
        DocumentError: the image cannot hold the credential.
    """
    credential = json.loads(credential_json)
    attachment = f"{record.achievement}-{record.token}.{art.kind}"
    values: dict[str, Any] = {
        "name": record.name, "achievement_name": record.achievement_name,
        "issuer_name": project.profile.name, "page_url": record.page_url,
        "linkedin_url": record.linkedin_url, "wallet_link": wallet_deep_link(credential),
        "wallet_scan_url": wallet_scan_url(record.page_url),
        "verify_url": f"{project.profile.site_url}verify/",
        "expires": (credential.get("validUntil") or "")[:10] or None,
        "image_cid": IMAGE_CID, "attachment_name": attachment,
    }
    text_env, html_env = envs
    try:
        values["subject"] = one_line(text_env.get_template(TEMPLATES[0]).render(values))
        text = text_env.get_template(TEMPLATES[1]).render(values)
        html = html_env.get_template(TEMPLATES[2]).render(values)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"notification template: {exc}",
                          path=project.root / TEMPLATE_DIR) from None
    message = EmailMessage()
    message["Subject"] = values["subject"]
    message["From"] = sender
    try:
        message["To"] = Address(display_name=one_line(record.name),
                                addr_spec=record.email or "")
    except (ValueError, IndexError) as exc:
        raise RecipientRefused(f"cannot send to {record.email!r}: {exc}",
                               pointer=record.token) from None
    message["Date"] = mail_date(now)
    message["Message-ID"] = message_id(project, record.token)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    subtype = "png" if art.kind == "png" else "svg+xml"
    message.get_payload()[1].add_related(  # type: ignore[index, union-attr]
        art.data, maintype="image", subtype=subtype, cid=f"<{IMAGE_CID}>",
        disposition="inline")
    message.add_attachment(bake(art.data, art.kind, credential_json), maintype="image",
                           subtype=subtype, filename=attachment)
    return message


# --- sending ----------------------------------------------------------------------------

class Transport(Protocol):
    """Where messages go: the SMTP server, or ``.eml`` files for a dry run."""

    def send(self, token: str, message: EmailMessage) -> None:
        """Deliver one message.

        Raises:
            RecipientRefused: this message was refused; the next may go through.
            DeliveryError: nothing more can be sent.
        """
        ...


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the issuer's mail server. User and password come from
    ``BADGEPRESS_SMTP_USER`` / ``BADGEPRESS_SMTP_PASSWORD`` (:meth:`from_env`)."""

    host: str
    port: int | None = None
    tls: Tls = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60

    @classmethod
    def from_env(cls, host: str, port: int | None, tls: Tls,
                 env: Mapping[str, str] = os.environ) -> SmtpSettings:
        """Settings with the credentials from the environment.

        Raises:
            ConfigError: ``tls`` is ``none`` for a server that is not on loopback, or only
                one of user and password is set.
        """
        if tls == "none" and not is_loopback(host):
            raise ConfigError(f"--smtp-tls none sends in the clear; refused for {host}",
                              hint="use starttls or ssl (none is only for a server on "
                              "this machine)")
        user, password = env.get(USER_ENV) or None, env.get(PASSWORD_ENV) or None
        if (user is None) != (password is None):
            raise ConfigError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return cls(host, port, tls, user, password)


class SmtpTransport:
    """One SMTP session (use as a context manager)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        s = self.settings
        port = s.port or DEFAULT_PORTS[s.tls]
        context = ssl.create_default_context()
        try:
            if s.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, port, timeout=s.timeout,
                                                      context=context)
            else:
                smtp = smtplib.SMTP(s.host, port, timeout=s.timeout)
            self._smtp = smtp
            if smtp.sock is not None:  # send each command at once, not after a delayed ACK
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if s.tls == "starttls":
                smtp.starttls(context=context)
            if s.user is not None and s.password is not None:
                smtp.login(s.user, s.password)
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise DeliveryError(f"cannot use the mail server {s.host}:{port}: {_said(exc)}",
                                hint="check --smtp-host, --smtp-port, --smtp-tls and "
                                f"{USER_ENV}/{PASSWORD_ENV}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the session."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, token: str, message: EmailMessage) -> None:
        """Send one message.

        Raises:
            RecipientRefused: the server refused the recipient or the message.
            DeliveryError: the connection failed or the sender was refused.
        """
        assert self._smtp is not None  # noqa: S101 - used inside ``with``
        try:
            self._smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
            self._smtp.rset()
            raise RecipientRefused(_said(exc), pointer=token) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"sending stopped: {_said(exc)}", pointer=token) from None


def _said(exc: Exception) -> str:
    """The server's answer in one line."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()))
        return f"{code} {answer.decode(errors='replace')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error
        text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


@dataclass
class EmlFiles:
    """A dry run: each message is written to ``<folder>/<token>.eml`` instead."""

    folder: Path

    def send(self, token: str, message: EmailMessage) -> None:
        """Write the message to a file (mode 0600: it holds the address)."""
        write_atomic(self.folder / f"{token}.eml", message.as_bytes(), mode=0o600,
                     durable=False)


# --- the run ----------------------------------------------------------------------------

@dataclass
class NotifyResult:
    """What a run did, by credential token."""

    sent: list[Record] = field(default_factory=list)
    already: list[Record] = field(default_factory=list)
    not_valid: list[tuple[Record, str]] = field(default_factory=list)
    """Credentials that do not verify now (revoked, expired, …), with the reason."""
    refused: list[tuple[Record, str]] = field(default_factory=list)
    unconfirmed: list[Record] = field(default_factory=list)
    """In flight when an earlier run died; not sent again (see the module docs)."""
    no_email: list[Record] = field(default_factory=list)


@dataclass
class _Pacer:
    """At most ``per_minute`` messages a minute (evenly spaced)."""

    per_minute: int | None
    _last: float | None = None

    def wait(self) -> None:
        if self.per_minute:
            gap = 60 / self.per_minute
            if self._last is not None:
                time.sleep(max(0.0, self._last + gap - time.monotonic()))
            self._last = time.monotonic()


def notify(project: Project, outbox: Outbox, transport: Transport, trust: Trust, *,
           sender: Address, dry_run: bool = False, per_minute: int | None = None,
           retry_unconfirmed: bool = False, progress: Callable[[int], None] | None = None,
           ) -> NotifyResult:
    """Send every recipient in ``outbox`` their notification, once.

    ``dry_run``: the transport writes files and the send log is neither read nor written.

    Raises:
        DeliveryError: the server stopped taking messages (what was sent is logged).
        ConfigError: a template or an achievement is broken.
        DocumentError: an outbox record or a credential file is damaged.
    """
    log = SendLog(outbox.folder / SEND_LOG)
    logged = {} if dry_run else log.read()
    envs = template_env(project)
    arts: dict[str, Art] = {}
    pacer = _Pacer(per_minute)
    result = NotifyResult()
    for record in outbox.records():
        entry = logged.get(record.token)
        if progress:
            progress(1)
        if not record.email:
            result.no_email.append(record)
            continue
        if entry is not None and entry.state == SENT:
            result.already.append(record)
            continue
        if entry is not None and entry.state == SENDING and not retry_unconfirmed:
            result.unconfirmed.append(record)
            continue
        problem = _problem(project, record, trust)
        if problem:
            result.not_valid.append((record, problem))
            continue
        data = (project.credentials_dir / f"{record.token}.json").read_bytes()
        if record.achievement not in arts:
            arts[record.achievement] = badge_art(
                project, load_achievement(project, record.achievement))
        try:
            message = compose(project, record, data.decode("utf-8"), arts[record.achievement],
                              sender, now=datetime.now(UTC), envs=envs)
        except RecipientRefused as exc:
            result.refused.append((record, exc.message))
            continue
        pacer.wait()
        _send(transport, log, record, message, result, dry_run)
    return result


def _problem(project: Project, record: Record, trust: Trust) -> str | None:
    """Why the record's credential must not be announced (``None``: it verifies now and
    is the one the record names). Read from ``credentials/``, not from the record's path."""
    path = project.credentials_dir / f"{record.token}.json"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot read {project.relative(path)}: {exc.strerror}"
    report = check_credential(data, trust, path=path)
    if not report.ok:
        problem = report.first_problem()
        return problem.message if problem else "not verified"
    if report.credential_id != record.page_url:
        return f"{project.relative(path)} is not the credential of {record.page_url}"
    return None


def _send(transport: Transport, log: SendLog, record: Record, message: EmailMessage,
          result: NotifyResult, dry_run: bool) -> None:
    """Send one message between its ``sending`` and ``sent`` (or ``refused``) lines."""
    mid = str(message["Message-ID"])

    def note(state: str, detail: str = "") -> None:
        # Only the intent must be on disk before the message leaves: an outcome lost
        # with the machine leaves the message unconfirmed, never sent twice.
        if not dry_run:
            at = datetime.now(UTC).isoformat(timespec="seconds")
            log.append(LogEntry(record.token, mid, state, at, detail),
                       durable=state == SENDING)

    note(SENDING)
    try:
        transport.send(record.token, message)
    except RecipientRefused as exc:
        note(REFUSED, exc.message)
        result.refused.append((record, exc.message))
        return
    note(SENT)
    result.sent.append(record)


def iter_problems(result: NotifyResult) -> Iterator[str]:
    """One line per recipient who was not sent a message and should have been."""
    for record, why in result.refused:
        yield f"refused  {record.name} <{record.email}> ({record.token}): {why}"
    for record in result.unconfirmed:
        yield (f"unconfirmed  {record.name} <{record.email}> ({record.token}): in flight "
               "when an earlier run stopped; it may have arrived. Not sent again "
               "(--retry-unconfirmed sends it with the same Message-ID)")
