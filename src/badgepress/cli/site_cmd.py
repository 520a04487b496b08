"""``badgepress build`` and ``badgepress serve``: the static site, through mkdocs."""

from __future__ import annotations

from pathlib import Path

import click

from badgepress.cli.common import project_option
from badgepress.project import CONFIG_FILE


@click.command()
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Stop on any warning (broken links, unknown settings).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir from mkdocs.yml).")
@click.option("-v", "--verbose", is_flag=True, help="Show mkdocs' debug messages.")
@project_option
def build(strict: bool, site_dir: Path | None, verbose: bool, project_dir: Path) -> None:
    """Verify every credential, then build the static site.

    Stops with every bad file listed (and nothing written) when a credential,
    key or status list does not verify.

    \b
    Example:
      badgepress build
    """
    from badgepress.site.build import build_site, setup_logging

    setup_logging(verbose)
    result = build_site(project_dir / CONFIG_FILE, strict=strict, site_dir=site_dir)
    click.echo(f"built {result.site_dir} ({result.stats.verified} credential(s) verified, "
               f"{result.stats.cached} unchanged)")


@click.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve the preview on.")
@project_option
def serve(dev_addr: str, project_dir: Path) -> None:
    """Preview the site locally, rebuilding when files change.

    \b
    Example:
      badgepress serve
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    from badgepress.site.build import setup_logging

    setup_logging()
    mkdocs_serve(config_file=str(project_dir / CONFIG_FILE), dev_addr=dev_addr)


COMMANDS = (build, serve)
