"""``badgepress notify``: e-mail every recipient in the outbox their badge, once."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from email.headerregistry import Address
from pathlib import Path
from typing import cast

import click

from badgepress.cli.common import project_option
from badgepress.notify import (
    EML_DIR,
    EmlFiles,
    NotifyResult,
    SmtpSettings,
    SmtpTransport,
    Tls,
    iter_problems,
    notify,
    one_line,
)
from badgepress.outbox import Outbox
from badgepress.project import Project
from badgepress.trust import Trust


@click.command(name="notify")
@click.option("--outbox", "outbox_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The outbox 'badgepress issue' wrote (default: the per-user folder, or "
              "BADGEPRESS_OUTBOX).")
@click.option("--smtp-host", metavar="HOST", help="Your mail server (needed unless --dry-run).")
@click.option("--smtp-port", type=click.IntRange(1, 65535),
              help="Its port (default: 587 for starttls, 465 for ssl, 25 for none).")
@click.option("--smtp-tls", type=click.Choice(["starttls", "ssl", "none"]), default="starttls",
              show_default=True, help="Encryption; none only for a server on this machine.")
@click.option("--from", "sender", metavar="ADDRESS",
              help="The sender address (default: the issuer's email setting).")
@click.option("--per-minute", type=click.IntRange(min=1), metavar="N",
              help="Send at most N messages a minute.")
@click.option("--retry-unconfirmed", is_flag=True,
              help="Also send the messages an interrupted run may not have delivered.")
@click.option("--dry-run", is_flag=True,
              help="Write each message as an .eml file in the outbox instead of sending.")
@project_option
def notify_cmd(outbox_dir: Path | None, smtp_host: str | None, smtp_port: int | None,
               smtp_tls: str, sender: str | None, per_minute: int | None,
               retry_unconfirmed: bool, dry_run: bool, project_dir: Path) -> None:
    """Tell every recipient in the outbox about their badge: one e-mail each with the
    badge image, the baked badge attached, and links to the badge page, LinkedIn, the
    wallet and the verify page. Only badges that verify now (not revoked or expired).

    A send log in the outbox makes re-runs send only what was not sent. The SMTP user
    and password are read from BADGEPRESS_SMTP_USER and BADGEPRESS_SMTP_PASSWORD.

    \b
    Examples:
      badgepress notify --dry-run
      badgepress notify --smtp-host smtp.example.org --per-minute 60
    """
    project = Project.load(project_dir)
    outbox = Outbox.open(project, outbox_dir)
    address = sender or project.profile.email
    if not address:
        raise click.UsageError("give --from ADDRESS (or set the issuer's email)")
    try:
        from_ = Address(display_name=one_line(project.profile.name), addr_spec=address)
    except (ValueError, IndexError):
        raise click.BadParameter(f"{address!r} is not an email address",
                                 param_hint="--from") from None
    trust = Trust.for_project(project)
    total = len(list(outbox.records_dir.glob("*.json"))) if outbox.records_dir.is_dir() else 0
    if dry_run:
        transport = EmlFiles(outbox.folder / EML_DIR)
        with _progress(total) as progress:
            result = notify(project, outbox, transport, trust, sender=from_, dry_run=True,
                            progress=progress)
        _report(result, dry_run=True, folder=transport.folder)
        return
    if not smtp_host:
        raise click.UsageError("give --smtp-host HOST (or --dry-run)")
    settings = SmtpSettings.from_env(smtp_host, smtp_port, cast(Tls, smtp_tls))
    with SmtpTransport(settings) as smtp, _progress(total) as progress:
        result = notify(project, outbox, smtp, trust, sender=from_, per_minute=per_minute,
                        retry_unconfirmed=retry_unconfirmed, progress=progress)
    _report(result, dry_run=False, folder=outbox.folder)
    if result.refused or result.unconfirmed:
        sys.exit(1)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal, for more than a handful of recipients."""
    if total < 20 or not sys.stdout.isatty():
        yield None
        return
    with click.progressbar(length=total, label="notifying") as bar:
        yield bar.update


def _report(result: NotifyResult, *, dry_run: bool, folder: Path) -> None:
    for line in iter_problems(result):
        click.secho(f"error: {line}", fg="red", err=True)
    for record, why in result.not_valid:
        click.echo(f"not sent  {record.name} ({record.token}): {why}")
    done = "written" if dry_run else "sent"
    click.echo(f"{done} {len(result.sent)}, already sent {len(result.already)}, "
               f"not valid {len(result.not_valid)}, refused {len(result.refused)}, "
               f"unconfirmed {len(result.unconfirmed)}, no email {len(result.no_email)}"
               + (f" (messages in {folder})" if dry_run else ""))
