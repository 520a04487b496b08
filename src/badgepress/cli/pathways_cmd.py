"""``badgepress pathways``: the stacked achievements, and who now qualifies for them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress.cli.common import project_option
from badgepress.cli.issue_cmd import roster_problems
from badgepress.model.achievement import load_achievement, load_achievements
from badgepress.pathways import Requirement
from badgepress.project import Project
from badgepress.roster import read_roster
from badgepress.stacking import candidates, stacked


@click.command()
@click.option("--candidates", "roster", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              help="List who in this CSV roster (columns name, email) qualifies for a "
              "stacked achievement and does not hold it yet.")
@click.option("--achievement", "slug", metavar="SLUG", help="With --candidates: only this "
              "stacked achievement, printed as a roster for 'badgepress issue SLUG --csv'.")
@project_option
def pathways(roster: Path | None, slug: str | None, project_dir: Path) -> None:
    """Show the pathways: each stacked achievement (requires: in its front matter) and
    what it requires. With --candidates, who qualifies now: holds a valid (verified, not
    revoked, not expired) credential for every component, matched by e-mail.

    \b
    Examples:
      badgepress pathways
      badgepress pathways --candidates everyone.csv
      badgepress pathways --candidates everyone.csv --achievement data-practitioner > due.csv
      badgepress issue data-practitioner --csv due.csv
    """
    if slug is not None and roster is None:
        raise click.UsageError("--achievement goes with --candidates")
    project = Project.load(project_dir)
    found = load_achievements(project)
    names = {a.slug: a.name for a in found}
    chosen = stacked(found) if slug is None else [load_achievement(project, slug)]
    if roster is None:
        if not chosen:
            click.echo("no pathways yet: add requires: to an achievement's front matter")
        for achievement in chosen:
            click.echo(f"{achievement.slug}  {achievement.name}")
            _tree(achievement.requires, names, "  ", "")
        return
    now = datetime.now(UTC).replace(microsecond=0)
    with roster_problems(roster):
        recipients = read_roster(roster, today=now.date())
    due = candidates(project, chosen, recipients, now)
    if slug is not None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "email"])
        writer.writerows([r.name, r.email] for r in due[slug])
        click.echo(out.getvalue(), nl=False)
        return
    for achievement in chosen:
        click.echo(f"{achievement.slug}: {len(due[achievement.slug])} candidate(s)")
        for recipient in due[achievement.slug]:
            click.echo(f"  {recipient.name} <{recipient.email}>")
    if any(due.values()):
        click.echo("issue them with: badgepress pathways --candidates ROSTER --achievement "
                   "SLUG > due.csv && badgepress issue SLUG --csv due.csv")


def _tree(requires: Requirement | None, names: dict[str, str], indent: str,
          bullet: str) -> None:
    if requires is None:
        return
    click.echo(f"{indent}{bullet}{'all' if requires.every else requires.need} of:")
    for item in requires.items:
        if isinstance(item, Requirement):
            _tree(item, names, indent + "  ", "- ")
        else:
            click.echo(f"{indent}  - {item}  {names.get(item, item)}")

