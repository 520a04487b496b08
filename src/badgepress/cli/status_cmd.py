"""``badgepress revoke`` and ``badgepress reissue``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress import lifecycle
from badgepress.cli.common import project_option
from badgepress.project import Project


@click.command()
@click.argument("credential")
@click.option("--reason", required=True, help="Why it is revoked (shown publicly).")
@project_option
def revoke(credential: str, reason: str, project_dir: Path) -> None:
    """Revoke a credential (its file, token, id or badge page URL). Revocation is final.

    Sets the credential's bit in the status list, re-signs the list and adds the
    reason to the public status log. The credential file itself never changes.
    Commit and rebuild the site to publish it.

    \b
    Example:
      badgepress revoke credentials/3f2k….json --reason "issued in error"
    """
    project = Project.load(project_dir)
    credential_id, changed = lifecycle.revoke(project, credential, reason, datetime.now(UTC))
    if changed:
        click.echo(f"revoked {credential_id}")
        click.echo("commit status/ and rebuild the site to publish the revocation")
    else:
        click.echo(f"{credential_id} was already revoked; nothing changed")


@click.command()
@project_option
def reissue(project_dir: Path) -> None:
    """Re-sign, with the current key, every credential signed by a compromised key.

    Recipient, achievement, id, status entry and awardedDate stay the same.

    \b
    Example:
      badgepress keys revoke z6Mk… --compromised --since 2026-03-01
      badgepress reissue
    """
    project = Project.load(project_dir)
    done = lifecycle.reissue(project, datetime.now(UTC))
    for stored in done:
        click.echo(f"re-issued {project.relative(stored.path)}")
    click.echo(f"{len(done)} credential(s) re-issued")
