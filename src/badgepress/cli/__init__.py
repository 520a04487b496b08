"""The ``badgepress`` command line: thin commands over the library.

Exit codes: 0 ok, 1 a verification or validation failure, 2 a usage error.
"""

from __future__ import annotations

import sys

import click

from badgepress import __version__
from badgepress.cli.keys_cmd import keys
from badgepress.cli.status_cmd import reissue, revoke
from badgepress.cli.verify_cmd import verify
from badgepress.errors import BadgeError


class _Group(click.Group):
    """Turns badgepress errors into one clear line and exit code 1 — no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BadgeError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="badgepress")
def main() -> None:
    """Publish verifiable Open Badges 3.0 credentials as a static website."""


main.add_command(verify)
main.add_command(keys)
main.add_command(revoke)
main.add_command(reissue)
