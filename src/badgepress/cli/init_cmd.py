"""``badgepress init``: scaffold a new issuer repository."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress.did.web import did_from_site_url
from badgepress.endorsements import ENDORSER_FILE, init_endorser
from badgepress.errors import ConfigError
from badgepress.keystore import private_key_dir
from badgepress.pin import PACKAGE, SOURCE_EXAMPLE
from badgepress.scaffold import ScaffoldOptions, next_steps, normalise_site_url, scaffold
from badgepress.scaffold import check_target as _check_target

# Which option a setting error is about, to report it as a usage error (exit 2).
_OPTION_OF_POINTER = {
    "site_url": "--url",
    "plugins.badgepress.issuer.name": "--name",
    "plugins.badgepress.issuer.email": "--email",
    "plugins.badgepress.issuer.description": "--description",
    "plugins.badgepress.issuer.url": "--url",
}


def can_prompt() -> bool:
    """Whether missing answers may be asked for (stdin is a terminal)."""
    return sys.stdin.isatty()


def _site_url(value: str) -> str:
    """Check a typed site address (click asks again when this raises)."""
    url = normalise_site_url(value)
    try:
        did_from_site_url(url)
    except ConfigError as exc:
        raise click.BadParameter(f"{exc.message} — {exc.hint}" if exc.hint else exc.message
                                 ) from None
    return url


def _ask(value: str | None, option: str, question: str,
         check: Callable[[str], str] | None = None) -> str:
    if value is not None and value.strip():
        return value
    if not can_prompt():
        raise click.UsageError(f"{option} is required (or run init in a terminal to be "
                               "asked for it)")
    return str(click.prompt(question, value_proc=check))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The issuer's name, e.g. your organisation.")
@click.option("--url", "site_url", metavar="URL",
              help="Where the site will be published, e.g. https://org.github.io/badges/ "
              "(this fixes the issuer's did:web identity).")
@click.option("--email", help="A contact address shown in the issuer profile.")
@click.option("--description", help="One or two sentences about the issuer.")
@click.option("--install-source", metavar="SOURCE",
              help="Where the repository's workflow installs badgepress from, instead of "
              f"{PACKAGE}==VERSION from the package index: a git URL with a tag, e.g. "
              f"{SOURCE_EXAMPLE}. Needed when this badgepress is not a release.")
@click.option("--endorser", is_flag=True,
              help="Make an endorser's folder instead: endorser.yml (--name, and --url as "
              "the endorser's web address) and a signing key; then run 'badgepress endorse'.")
def init(directory: Path, name: str | None, site_url: str | None, email: str | None,
         description: str | None, install_source: str | None, endorser: bool) -> None:
    """Create a new issuer repository in DIRECTORY (new or empty).

    Writes mkdocs.yml with the issuer profile, a home page, an example
    achievement with its image, empty credentials/ and issuer_keys/ folders,
    a .gitignore, a requirements.txt that pins this badgepress, a GitHub Pages
    workflow that installs from it, and a README with the next steps.
    Asks for --name and --url when they are missing and a terminal is at hand.

    \b
    Example:
      badgepress init my-badges --name "Example Org" --url https://example-org.github.io/my-badges/
      badgepress init guild-endorsements --endorser --name "Data Guild"
    """
    _check_target(directory)
    if endorser:  # no site, no workflow: nothing to pin
        unused = next((option for option, value in (("--email", email),
                       ("--description", description), ("--install-source", install_source))
                       if value is not None), None)
        if unused:
            raise click.UsageError(f"{unused} is for an issuer's repository, not --endorser")
        _init_endorser(directory, _ask(name, "--name", "Endorser name"), site_url)
        return
    pin = ScaffoldOptions(name="", site_url="", install_source=install_source)
    try:
        pin.requirement()  # before asking anything: refuse what cannot be pinned
    except ConfigError as exc:
        if install_source is None:
            raise click.UsageError(f"{exc.message} ({exc.hint})") from None
        raise click.BadParameter(f"{exc.message} ({exc.hint})",
                                 param_hint="--install-source") from None
    name = _ask(name, "--name", "Issuer name")
    site_url = _ask(site_url, "--url", "Site address (e.g. https://org.github.io/badges/)",
                    _site_url)
    options = ScaffoldOptions(name=name, site_url=site_url, email=email,
                              description=description, install_source=install_source)
    try:
        options.profile()
    except ConfigError as exc:
        option = _OPTION_OF_POINTER.get(exc.pointer or "")
        if option is None:
            raise
        raise click.BadParameter(exc.message + (f" ({exc.hint})" if exc.hint else ""),
                                 param_hint=option) from None
    project = scaffold(directory, options)
    click.echo(f"created {directory} for {project.profile.name}")
    click.echo(f"issuer DID: {project.did}")
    click.echo(f"installs: {options.requirement()} (requirements.txt)")
    click.echo("\nnext steps:")
    for step in next_steps(str(directory)):
        click.echo(f"  {step}")
    click.echo('then, on GitHub, set Settings → Pages → Source to "GitHub Actions".')


def _init_endorser(directory: Path, name: str, url: str | None) -> None:
    made = init_endorser(directory, name, url, datetime.now(UTC).date())
    click.echo(f"created {directory} for the endorser {made.name} ({ENDORSER_FILE})")
    click.echo(f"endorser DID: {made.did}")
    click.echo(f"private key: {private_key_dir()}  (keep it safe; never share it)")
    click.echo("next: badgepress endorse --achievement URL --comment TEXT --out FILE")
