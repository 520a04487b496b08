"""``badgepress achievements``: the achievements defined in docs_dir/achievements/."""

from __future__ import annotations

from pathlib import Path

import click

from badgepress.cli.common import echo_json, project_option
from badgepress.model.achievement import load_achievements
from badgepress.project import Project


@click.group()
def achievements() -> None:
    """Show the achievements this issuer awards (one Markdown file each).

    \b
    Example:
      badgepress achievements list
    """


@achievements.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the OB 3.0 Achievement objects.")
@project_option
def list_achievements(as_json: bool, project_dir: Path) -> None:
    """List the achievements with their slugs, types and pages.

    \b
    Example:
      badgepress achievements list
      badgepress achievements list --json
    """
    project = Project.load(project_dir)
    site_url = project.profile.site_url
    found = load_achievements(project)
    if as_json:
        echo_json([{"slug": a.slug, "file": project.relative(a.path),
                    "validForDays": a.valid_for_days, "achievement": a.to_ob(site_url)}
                   for a in found])
        return
    if not found:
        click.echo(f"no achievements yet: add Markdown files to "
                   f"{project.relative(project.achievements_dir)}/")
    for a in found:
        expiry = f", valid {a.valid_for_days} days" if a.valid_for_days else ""
        click.echo(f"{a.slug:<28} {a.name} ({a.achievement_type}{expiry})")
        click.echo(f"{'':<28} {a.id(site_url)}")
