"""``badgepress keys``: generate, list, rotate and revoke the issuer's signing keys."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress import lifecycle
from badgepress.cli.common import echo_json, parse_when, project_option
from badgepress.keystore import private_key_dir, read_issuer_keys
from badgepress.project import Project


@click.group()
def keys() -> None:
    """Manage the issuer's signing keys (public halves in issuer_keys/).

    \b
    Example:
      badgepress keys generate
      badgepress keys list
    """


@keys.command("generate")
@project_option
def generate(project_dir: Path) -> None:
    """Make a new Ed25519 signing key.

    The public key is written to issuer_keys/ (commit it); the private key to
    your own key folder outside the repository, readable only by you.

    \b
    Example:
      badgepress keys generate
    """
    project = Project.load(project_dir)
    key = lifecycle.first_key(project, datetime.now(UTC).date())
    click.echo(f"public key:  {project.relative(key.path)}  (commit this file)")
    click.echo(f"private key: {private_key_dir()}  (keep it safe; never commit it)")
    click.echo(f"key id:      {key.method_id(project.did)}")


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@project_option
def list_keys(as_json: bool, project_dir: Path) -> None:
    """Show the issuer's keys with their ids and status.

    \b
    Example:
      badgepress keys list
    """
    project = Project.load(project_dir)
    records = read_issuer_keys(project.keys_dir)
    if as_json:
        echo_json([{"id": k.method_id(project.did), **k.to_json()} for k in records])
        return
    if not records:
        click.echo("no keys yet: run 'badgepress keys generate'")
    for key in records:
        since = f" since {key.compromised_since}" if key.compromised_since else ""
        click.echo(f"{key.status:<12} {key.created:<10} {key.method_id(project.did)}{since}")


@keys.command("rotate")
@project_option
def rotate(project_dir: Path) -> None:
    """Add a new signing key; the current one is retired but keeps verifying.

    \b
    Example:
      badgepress keys rotate
    """
    project = Project.load(project_dir)
    key = lifecycle.rotate_key(project, datetime.now(UTC).date())
    click.echo(f"new active key: {key.method_id(project.did)}")
    click.echo("older keys are retired: credentials they signed keep verifying")


@keys.command("revoke")
@click.argument("key")
@click.option("--compromised", is_flag=True, required=True,
              help="Confirm the key leaked: nothing it signed will verify.")
@click.option("--since", required=True, help="When it leaked (YYYY-MM-DD).")
@project_option
def revoke_key(key: str, compromised: bool, since: str, project_dir: Path) -> None:
    """Withdraw a leaked key and list the credentials to re-issue.

    \b
    Example:
      badgepress keys revoke z6Mk… --compromised --since 2026-03-01
    """
    project = Project.load(project_dir)
    record, affected = lifecycle.compromise_key(project, key, parse_when(since).date())
    click.echo(f"key {record.multibase} is marked compromised since {since}")
    click.echo(f"{len(affected)} credential(s) must be re-issued ('badgepress reissue'):")
    for stored in affected:
        click.echo(f"  {project.relative(stored.path)}")
