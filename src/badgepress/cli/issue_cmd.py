"""``badgepress issue``: sign credentials for one recipient or a CSV roster."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress.cli.common import echo_json, project_option
from badgepress.issue import BatchResult, Progress, check_batch, issue_batch
from badgepress.model.achievement import Achievement, load_achievement
from badgepress.model.recipient import Recipient
from badgepress.outbox import Outbox, record_batch
from badgepress.project import Project
from badgepress.roster import RosterError, parse_recipient, read_roster

_SINGLE_OPTIONS = ("name", "email", "expires", "evidence", "narrative")


@click.command()
@click.argument("slug")
@click.option("--name", help="The recipient's name (shown on the badge).")
@click.option("--email", help="Their email address (published only as a salted hash).")
@click.option("--expires", metavar="YYYY-MM-DD", help="Last valid day (default: the "
              "achievement's valid_for_days, else no expiry).")
@click.option("--evidence", metavar="URL", help="A web address showing their work.")
@click.option("--narrative", help="What they did (Markdown).")
@click.option("--csv", "roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Issue to every row of a CSV roster (columns: name, email, expires, "
              "evidence, narrative).")
@click.option("--dry-run", is_flag=True, help="Check every row and show what would be "
              "issued; write nothing (needs no private key).")
@click.option("--allow-duplicates", is_flag=True,
              help="Issue even when an email address is listed twice, or already holds "
              "the achievement under another name.")
@click.option("--outbox", "outbox_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Record who got which badge here (default: a per-user folder, or "
              "BADGEPRESS_OUTBOX); refused inside the repository unless git-ignored.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the outbox record of each credential written, as JSON.")
@project_option
def issue(slug: str, name: str | None, email: str | None, expires: str | None,
          evidence: str | None, narrative: str | None, roster: Path | None, dry_run: bool,
          allow_duplicates: bool, outbox_dir: Path | None, as_json: bool,
          project_dir: Path) -> None:
    """Issue the achievement SLUG: one signed credential per recipient, written to
    credentials/<token>.json. Its badge page is <site_url>badges/<token>/.

    A recipient who already holds the achievement (same name and, when given, same
    email) is skipped, so a roster can be re-run safely. An email listed twice, or
    one that holds the achievement under another name, is refused (unless
    --allow-duplicates). Every row is checked and signed before anything is written;
    all bad rows are listed. Emails are stripped, lower-cased and stored only as
    salted SHA-256 hashes.

    \b
    Examples:
      badgepress issue python-fundamentals --name "Ada Lovelace" --email ada@example.com
      badgepress issue first-aid-certified --csv roster.csv --dry-run
      badgepress issue first-aid-certified --csv roster.csv
    """
    given = {k: v for k, v in zip(_SINGLE_OPTIONS, (name, email, expires, evidence, narrative),
                                  strict=True) if v is not None}
    if roster is None and "name" not in given:
        raise click.UsageError("give --name (one recipient) or --csv (a roster)")
    if roster is not None and given:
        raise click.UsageError(f"--{next(iter(given))} cannot be combined with --csv "
                               "(put it in the roster's columns)")
    now = datetime.now(UTC).replace(microsecond=0)
    project = Project.load(project_dir)
    achievement = load_achievement(project, slug)
    with roster_problems(roster):
        if roster is None:
            recipients = [parse_recipient(*(given.get(k, "") for k in _SINGLE_OPTIONS),
                                          today=now.date())]
        else:
            recipients = _read(roster, project, achievement, now, allow_duplicates)
        if dry_run:
            checked = check_batch(project, achievement, recipients, now=now,
                                  allow_duplicates=allow_duplicates)
            _report(project, achievement, checked, dry_run=True)
            _refused(checked, roster)
            return
        outbox = Outbox.open(project, outbox_dir)
        with _progress(len(recipients)) as progress:
            result = issue_batch(project, achievement, recipients, now=now,
                                 progress=progress, allow_duplicates=allow_duplicates)
    records = record_batch(project, achievement, result, outbox)
    if as_json:
        echo_json([record.to_json() for record in records])
    else:
        _report(project, achievement, result, dry_run=False)
        click.echo(f"outbox: {outbox.folder} (badgepress notify tells the recipients)")
    _refused(result, roster)


def _refused(result: BatchResult, roster: Path | None) -> None:
    """Print each recipient refused a stacked badge, one line each, and exit 1 if any
    (the others were issued)."""
    for problem in result.refused:
        click.secho(f"error: {problem.at(roster) if roster else problem}", fg="red", err=True)
    if result.refused:
        click.secho(f"{len(result.refused)} recipient(s) refused: they do not hold the "
                    "components; nothing was issued to them", fg="red", err=True)
        sys.exit(1)


def _read(roster: Path, project: Project, achievement: Achievement, now: datetime,
          allow_duplicates: bool) -> list[Recipient]:
    """The roster's recipients; when rows are bad, the good ones are checked too, so
    every bad row is listed in one run."""
    try:
        return read_roster(roster, today=now.date())
    except RosterError as exc:
        try:
            check_batch(project, achievement, exc.recipients, now=now,
                        allow_duplicates=allow_duplicates)
        except RosterError as more:
            raise exc.merged(more) from None
        raise


@contextlib.contextmanager
def roster_problems(roster: Path | None) -> Iterator[None]:
    """Print every bad row, one line each, and exit 1."""
    try:
        yield
    except RosterError as exc:
        for problem in exc.problems:
            click.secho(f"error: {problem.at(roster) if roster else problem}", fg="red",
                        err=True)
        if roster is not None:
            click.secho(f"{len(exc.problems)} bad row(s) in {roster}; nothing was issued",
                        fg="red", err=True)
        sys.exit(1)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Progress | None]:
    """A progress bar on a terminal (and for more than a handful of credentials) only."""
    if total < 20 or not sys.stdout.isatty():
        yield None
        return
    with click.progressbar(length=total, label="signing") as bar:
        yield bar.update


def _report(project: Project, achievement: Achievement, result: BatchResult, *,
            dry_run: bool) -> None:
    site_url = project.profile.site_url
    few = len(result.planned) + len(result.skipped) <= 20
    if few:
        for recipient, existing in result.skipped:
            click.echo(f"already issued  {_who(recipient)}: {existing}")
    if dry_run:
        if few:
            for item in result.planned:
                click.echo(f"would issue     {_who(item.recipient)}")
        click.echo(f"dry run: would issue {len(result.planned)}, skip "
                   f"{len(result.skipped)} already issued ({achievement.id(site_url)}); "
                   "nothing was written")
        return
    if few:
        for issued in result.issued:
            click.echo(f"issued          {_who(issued.recipient)}: "
                       f"{project.relative(issued.path)}")
            click.echo(f"                badge page: {issued.credential_id}")
    click.echo(f"issued {len(result.issued)}, skipped {len(result.skipped)} already issued")
    if result.issued:
        click.echo("commit credentials/ and status/, then build the site to publish them")


def _who(recipient: Recipient) -> str:
    return recipient.name + (f" <{recipient.email}>" if recipient.email else "")
