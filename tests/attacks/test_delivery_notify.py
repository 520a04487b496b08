"""Attacks on telling recipients: markup and headers smuggled in through a name, badges
that must not be announced, plain-text SMTP, a replayed send, a forged recipient match."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.errors import ConfigError
from badgepress.fsutil import dump_json
from badgepress.issue import issue_batch
from badgepress.lifecycle import revoke
from badgepress.model.achievement import Achievement
from badgepress.model.recipient import Recipient
from badgepress.notify import (
    EML_DIR,
    SEND_LOG,
    EmlFiles,
    LogEntry,
    SendLog,
    SmtpSettings,
    SmtpTransport,
    message_id,
    notify,
)
from badgepress.outbox import Outbox, record_batch
from badgepress.project import Project
from badgepress.trust import Trust
from tests.integration.delivery import SENDER, SLUG, badge, issue_to, mail
from tests.mailserver import Mailbox

__all__ = ["badge", "mail"]

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def dry_run(project: Project) -> list[EmailMessage]:
    """Notify as a dry run; return the messages written."""
    outbox = Outbox.open(project)
    folder = outbox.folder / EML_DIR
    notify(project, outbox, EmlFiles(folder), Trust.for_project(project), sender=SENDER,
           dry_run=True)
    return [message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for p in sorted(folder.glob("*.eml"))]


def test_hostile_name_cannot_inject_markup_into_the_notification(
        project: Project, badge: Achievement) -> None:
    result = issue_batch(project, badge, [Recipient(HOSTILE, "ada@example.com")],
                         now=datetime.now(UTC).replace(microsecond=0))
    record_batch(project, badge, result, Outbox.open(project))
    [message] = dry_run(project)
    page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"Hello {HOSTILE}," in text  # plain text is shown as text, unescaped


def test_hostile_name_cannot_add_mail_headers(project: Project, badge: Achievement,
                                              mail: tuple[Mailbox, SmtpSettings]) -> None:
    mailbox, settings = mail
    name = "Ada\r\nBcc: thief@example.net\r\nSubject: pay now"
    result = issue_batch(project, badge, [Recipient(name, "ada@example.com")],
                         now=datetime.now(UTC).replace(microsecond=0))
    record_batch(project, badge, result, Outbox.open(project))
    with SmtpTransport(settings) as smtp:
        sent = notify(project, Outbox.open(project), smtp, Trust.for_project(project),
                      sender=SENDER)
    assert len(sent.sent) == 1
    [(envelope, raw)] = mailbox.received
    assert envelope == ["ada@example.com"]
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Bcc"] is None
    assert message.get_all("Subject") == [
        "Example Academy awarded you the Python Basics badge"]
    assert message["To"].addresses[0].display_name == "Ada Bcc: thief@example.net " \
        "Subject: pay now"


def test_revoked_badge_is_never_announced(project: Project, badge: Achievement) -> None:
    records = issue_to(project, badge, 3)
    revoke(project, records[1].page_url, "issued in error", datetime.now(UTC))
    result = notify(project, Outbox.open(project), EmlFiles(Outbox.open(project).folder),
                    Trust.for_project(project), sender=SENDER, dry_run=True)
    assert [r.token for r in result.sent] == sorted(r.token for r in (records[0], records[2]))
    [(skipped, why)] = result.not_valid
    assert skipped.token == records[1].token and "revoked" in why


def test_expired_badge_is_never_announced(project: Project, badge: Achievement) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    [record] = issue_to(project, badge, 1, expires=tomorrow)
    later = Trust.for_project(project, now=datetime.now(UTC) + timedelta(days=3))
    result = notify(project, Outbox.open(project), EmlFiles(Outbox.open(project).folder),
                    later, sender=SENDER, dry_run=True)
    assert result.sent == [] and [r.token for r, _ in result.not_valid] == [record.token]
    assert "expired" in result.not_valid[0][1]


def test_tampered_credential_file_is_never_announced(project: Project,
                                                     badge: Achievement) -> None:
    [record] = issue_to(project, badge, 1)
    path = project.root / record.credential_file
    document = json.loads(path.read_bytes())
    document["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    path.write_bytes(dump_json(document))
    assert dry_run(project) == []


def test_plain_text_smtp_to_a_remote_server_is_refused(project: Project,
                                                       badge: Achievement) -> None:
    issue_to(project, badge, 1)
    with pytest.raises(ConfigError, match=re.escape("in the clear; refused for smtp.example.org")):
        SmtpSettings.from_env("smtp.example.org", None, "none", {})
    result = CliRunner().invoke(main, ["notify", "--project", str(project.root),
                                       "--smtp-host", "smtp.example.org", "--smtp-tls", "none"])
    assert result.exit_code == 1
    assert "sends in the clear; refused for smtp.example.org" in result.output
    assert not (Outbox.open(project).folder / SEND_LOG).exists()


def test_smtp_password_without_a_user_is_refused() -> None:
    with pytest.raises(ConfigError, match="set both BADGEPRESS_SMTP_USER"):
        SmtpSettings.from_env("127.0.0.1", None, "starttls",
                              {"BADGEPRESS_SMTP_PASSWORD": "x"})


def test_message_in_flight_at_a_crash_is_not_sent_again(
        project: Project, badge: Achievement, mail: tuple[Mailbox, SmtpSettings]) -> None:
    mailbox, settings = mail
    [first, second] = issue_to(project, badge, 2)
    outbox = Outbox.open(project)
    log = SendLog(outbox.folder / SEND_LOG)
    log.append(LogEntry(first.token, message_id(project, first.token), "sending", "x"))
    with SmtpTransport(settings) as smtp:
        result = notify(project, outbox, smtp, Trust.for_project(project), sender=SENDER)
    assert [r.token for r in result.unconfirmed] == [first.token]
    assert [to for tos, _ in mailbox.received for to in tos] == [second.email]
    with SmtpTransport(settings) as smtp:
        retry = notify(project, outbox, smtp, Trust.for_project(project), sender=SENDER,
                       retry_unconfirmed=True)
    assert [r.token for r in retry.sent] == [first.token]
    assert mailbox.messages()[-1]["Message-ID"] == message_id(project, first.token)


def test_recipient_match_on_a_forged_credential_is_not_accepted(
        project: Project, badge: Achievement) -> None:
    [record] = issue_to(project, badge, 1)
    path = project.root / record.credential_file
    document = json.loads(path.read_bytes())
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    forged = path.with_name("forged.json")
    forged.write_bytes(dump_json(document))
    result = CliRunner().invoke(main, ["verify", "--project", str(project.root),
                                       "--recipient", str(record.email), str(forged)])
    assert result.exit_code == 1
    assert "Not verified" in result.output and "not issued to learner0@example.com" \
        in result.output


def test_outbox_inside_the_work_tree_is_refused_unless_git_ignored(
        project: Project, badge: Achievement, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(project.root)], check=True)
    inside = project.root / "outbox"
    args = ["issue", SLUG, "--name", "Ada", "--email", "ada@example.com",
            "--project", str(project.root), "--outbox", str(inside)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"error: {inside}: refusing to keep the outbox (plain e-mail addresses) " \
        "inside the repository" in result.output
    assert list(project.credentials_dir.glob("*.json")) == [] and not inside.exists()
    (project.root / ".gitignore").write_text("/outbox/\n")
    allowed = CliRunner().invoke(main, args)
    assert allowed.exit_code == 0, allowed.output
    assert len(list((inside / "issued").glob("*.json"))) == 1



def test_outbox_record_naming_another_badge_sends_nothing(project: Project,
                                                          badge: Achievement) -> None:
    [ada, grace] = issue_to(project, badge, 2)
    folder = Outbox.open(project).records_dir
    forged = {**ada.to_json(), "token": grace.token,
              "credentialFile": grace.credential_file}  # Ada's address, Grace's badge
    (folder / f"{grace.token}.json").write_bytes(dump_json(forged))
    result = notify(project, Outbox.open(project), EmlFiles(Outbox.open(project).folder),
                    Trust.for_project(project), sender=SENDER, dry_run=True)
    assert [r.token for r in result.sent] == [ada.token]
    [(record, why)] = result.not_valid
    assert record.token == grace.token
    assert why == f"{grace.credential_file} is not the credential of {ada.page_url}"


def test_missing_credential_file_is_reported_not_sent(project: Project,
                                                      badge: Achievement) -> None:
    [record] = issue_to(project, badge, 1)
    (project.root / record.credential_file).unlink()
    result = CliRunner().invoke(main, ["notify", "--dry-run", "--project", str(project.root)])
    assert result.exit_code == 0
    assert f"not sent  Learner 0 ({record.token}): cannot read {record.credential_file}: " \
        "No such file or directory" in result.output
