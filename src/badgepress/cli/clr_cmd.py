"""``badgepress clr``: a learner's record of their valid credentials (CLR 2.0)."""

from __future__ import annotations

from pathlib import Path

import click

from badgepress.cli.common import parse_when, project_option
from badgepress.clr import (
    associations,
    build_record,
    held_credentials,
    prerequisites,
    refuse_inside_tree,
    sign_record,
    write_record,
)
from badgepress.issue import project_signer
from badgepress.model.achievement import load_achievements
from badgepress.project import Project
from badgepress.trust import Trust


@click.command("clr")
@click.argument("email")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the record: a file outside the repository.")
@click.option("--now", metavar="DATE", help="Check validity as of this date (default: now).")
@project_option
def clr(email: str, out: Path, now: str | None, project_dir: Path) -> None:
    """Write a signed CLR 2.0 learner record for the recipient with address EMAIL: every
    valid credential (verified, not revoked, not expired) of this issuer that names them,
    embedded whole, each with its own proof. Learner records are private: the file must be
    outside the repository, for you to hand over; it is never published.

    \b
    Example:
      badgepress clr ada@example.com --out ~/records/ada.json
    """
    project = Project.load(project_dir)
    refuse_inside_tree(out, project)
    when = parse_when(now).replace(microsecond=0)
    trust = Trust.for_project(project, now=when)
    held = held_credentials(project, email, trust)
    requires = prerequisites(load_achievements(project), project.profile.site_url)
    record = build_record(project, email, held, associations(held, requires), when)
    signed = sign_record(record, project_signer(project), trust, when)
    write_record(out, signed)
    click.echo(f"learner record of {len(held)} credential(s) written to {out}")
    click.echo("it is private: hand it to the learner; never commit or publish it")
