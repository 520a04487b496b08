"""``badgepress notify`` against a real SMTP server on loopback (STARTTLS and AUTH):
every recipient gets exactly one message, a killed run resumes without repeats, and a
refused address does not stop the batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

from click.testing import CliRunner

from badgepress.cli import main
from badgepress.lifecycle import revoke
from badgepress.model.achievement import Achievement
from badgepress.notify import EML_DIR, SEND_LOG, EmlFiles, SmtpSettings, SmtpTransport, notify
from badgepress.outbox import Outbox
from badgepress.project import Project
from badgepress.trust import Trust
from tests.integration.delivery import (
    SENDER,
    badge,
    check_message,
    issue_to,
    mail,
)
from tests.mailserver import PASSWORD, USER, Mailbox

__all__ = ["badge", "mail"]


def addresses(mailbox: Mailbox) -> Counter[str]:
    """How many messages each address received."""
    return Counter(to for tos, _ in mailbox.received for to in tos)


def test_200_recipients_each_receive_one_message_with_their_links_and_baked_badge(
        project: Project, badge: Achievement, mail: tuple[Mailbox, SmtpSettings]) -> None:
    mailbox, settings = mail
    records = issue_to(project, badge, 200)
    outbox = Outbox.open(project)
    with SmtpTransport(settings) as smtp:
        result = notify(project, outbox, smtp, Trust.for_project(project), sender=SENDER)
    assert len(result.sent) == 200 and mailbox.logins == 1
    assert addresses(mailbox) == Counter({r.email: 1 for r in records if r.email})
    by_address = {r.email: r for r in records}
    trust = Trust.for_project(project)
    for message in mailbox.messages():
        check_message(message, by_address[message["To"].addresses[0].addr_spec], project,
                      trust)
    with SmtpTransport(settings) as smtp:
        again = notify(project, outbox, smtp, Trust.for_project(project), sender=SENDER)
    assert (len(again.sent), len(again.already)) == (0, 200)
    assert mailbox.count() == 200


def _notify_command(project: Project, settings: SmtpSettings, *extra: str) -> list[str]:
    return [str(Path(sys.executable).parent / "badgepress"), "notify", "--project",
            str(project.root), "--smtp-host", settings.host, "--smtp-port",
            str(settings.port), *extra]


def test_kill_9_during_a_2000_recipient_send_then_a_rerun_sends_each_exactly_once(
        project: Project, badge: Achievement, mail: tuple[Mailbox, SmtpSettings]) -> None:
    mailbox, settings = mail
    records = issue_to(project, badge, 2000)
    now = datetime.now(UTC)
    revoked = {r.email for r in records[::400]}
    for record in records[::400]:
        revoke(project, record.page_url, "issued in error", now)
    env = {**os.environ, "BADGEPRESS_SMTP_USER": USER, "BADGEPRESS_SMTP_PASSWORD": PASSWORD}
    with subprocess.Popen(_notify_command(project, settings), env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as run:
        deadline = time.monotonic() + 60
        while mailbox.count() < 600 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert run.poll() is None, "the run ended before it could be killed"
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert 600 <= mailbox.count() < 2000
    rerun = subprocess.run(_notify_command(project, settings), env=env, capture_output=True,
                           text=True, timeout=120, check=False)
    received = addresses(mailbox)
    valid = {r.email for r in records} - revoked
    assert not revoked & set(received)
    assert max(received.values()) == 1, "a message was sent twice"
    missing = valid - set(received)
    assert len(missing) <= 1, missing
    assert "not valid 5" in rerun.stdout and "revoked" in rerun.stdout
    if missing:  # the one in flight at the kill never reached the server
        assert rerun.returncode == 1 and "unconfirmed" in rerun.stderr
        assert f"<{missing.pop()}>" in rerun.stderr
        retry = subprocess.run(_notify_command(project, settings, "--retry-unconfirmed"),
                               env=env, capture_output=True, text=True, timeout=60,
                               check=False)
        assert retry.returncode == 0, retry.stderr
        assert "sent 1," in retry.stdout
    assert addresses(mailbox) == Counter(dict.fromkeys(valid, 1))


def test_refused_address_is_reported_and_the_rest_are_sent(
        project: Project, badge: Achievement, mail: tuple[Mailbox, SmtpSettings]) -> None:
    mailbox, settings = mail
    records = issue_to(project, badge, 5)
    mailbox.refuse.add("learner2@example.com")
    env = {"BADGEPRESS_SMTP_USER": USER, "BADGEPRESS_SMTP_PASSWORD": PASSWORD}
    args = ["notify", "--project", str(project.root), "--smtp-host", "127.0.0.1",
            "--smtp-port", str(settings.port)]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 1
    assert ("error: refused  Learner 2 <learner2@example.com> "
            f"({records[2].token}): 550 5.1.1") in result.output
    assert "sent 4, already sent 0, not valid 0, refused 1" in result.output
    assert set(addresses(mailbox)) == {f"learner{i}@example.com" for i in (0, 1, 3, 4)}
    mailbox.refuse.clear()
    second = CliRunner().invoke(main, args, env=env)
    assert second.exit_code == 0, second.output
    assert "sent 1, already sent 4" in second.output
    assert addresses(mailbox) == Counter({r.email: 1 for r in records if r.email})
    states = [json.loads(line)["state"]
              for line in (Outbox.open(project).folder / SEND_LOG).read_text().splitlines()]
    assert Counter(states) == {"sending": 6, "sent": 5, "refused": 1}


def test_per_minute_spaces_the_messages_evenly(project: Project, badge: Achievement) -> None:
    issue_to(project, badge, 4)
    outbox = Outbox.open(project)
    started = time.monotonic()
    result = notify(project, outbox, EmlFiles(outbox.folder / EML_DIR), Trust.for_project(project),
                    sender=SENDER, dry_run=True, per_minute=600)
    assert len(result.sent) == 4 and time.monotonic() - started >= 0.3


def test_templates_in_the_repository_replace_the_defaults(project: Project,
                                                          badge: Achievement) -> None:
    [record] = issue_to(project, badge, 1)
    (project.root / "notify").mkdir()
    (project.root / "notify" / "subject.txt").write_text(
        "Well done, {{ name }}: {{ achievement_name }}\n", encoding="utf-8")
    outbox = Outbox.open(project)
    notify(project, outbox, EmlFiles(outbox.folder / EML_DIR), Trust.for_project(project),
           sender=SENDER, dry_run=True)
    message = message_from_bytes((outbox.folder / EML_DIR / f"{record.token}.eml")
                                 .read_bytes(), policy=policy.default)
    assert message["Subject"] == "Well done, Learner 0: Python Basics"
    assert "Your badge page" in message.get_body(("html",)).get_content()  # type: ignore[union-attr]
