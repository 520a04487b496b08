"""The ``badgepress`` command line: thin commands over the library.

Exit codes: 0 ok, 1 a verification or validation failure, 2 a usage error.
"""

from __future__ import annotations

import sys

import click

from badgepress import __version__
from badgepress.cli.achievements_cmd import achievements
from badgepress.cli.bake_cmd import COMMANDS as BAKE_COMMANDS
from badgepress.cli.clr_cmd import clr
from badgepress.cli.common import honour_no_color
from badgepress.cli.doctor_cmd import doctor
from badgepress.cli.endorse_cmd import endorse_cmd
from badgepress.cli.init_cmd import init
from badgepress.cli.issue_cmd import issue
from badgepress.cli.keys_cmd import keys
from badgepress.cli.notify_cmd import notify_cmd
from badgepress.cli.pathways_cmd import pathways
from badgepress.cli.site_cmd import COMMANDS as SITE_COMMANDS
from badgepress.cli.status_cmd import reissue, revoke
from badgepress.cli.verify_cmd import verify
from badgepress.errors import BadgeError


class _Group(click.Group):
    """Turns badgepress errors into one clear line and exit code 1 — no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        honour_no_color(ctx)
        try:
            return super().invoke(ctx)
        except BadgeError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="badgepress")
def main() -> None:
    """Publish verifiable Open Badges 3.0 credentials as a static website.

    Run 'badgepress COMMAND --help' for the options and examples of each command.
    Exit codes: 0 ok, 1 a verification or validation failure, 2 a usage error.
    NO_COLOR=1 turns colours off.

    \b
    Example:
      badgepress init my-badges --name "Example Org" --url https://example-org.github.io/my-badges/
      cd my-badges
      badgepress keys generate
      badgepress issue example-badge --name "Ada Lovelace"
      badgepress build
    """


main.add_command(verify)
main.add_command(keys)
main.add_command(revoke)
main.add_command(reissue)
main.add_command(issue)
main.add_command(notify_cmd)
main.add_command(achievements)
main.add_command(pathways)
for _command in (*SITE_COMMANDS, *BAKE_COMMANDS):
    main.add_command(_command)
main.add_command(init)
main.add_command(doctor)
main.add_command(endorse_cmd)
main.add_command(clr)
