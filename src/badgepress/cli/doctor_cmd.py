"""``badgepress doctor``: what is wrong with this issuer repository, and how to fix it."""

from __future__ import annotations

from pathlib import Path

import click

from badgepress.cli.common import echo_json, mark, project_option
from badgepress.doctor import Finding, diagnose


def _print(finding: Finding) -> None:
    state = "pass" if finding.ok else "warn" if finding.warning else "fail"
    line = f"{mark(state)} {finding.check}: {finding.message}"
    if finding.fix and not finding.ok:
        line += f" → fix: {finding.fix}"
    click.echo(line)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@project_option
def doctor(as_json: bool, project_dir: Path) -> None:
    """Check this issuer repository and say what is wrong and how to fix it.

    Checks mkdocs.yml and site_url (and the issuer DID they give), where the
    DID document is published, the signing keys, that no private key is in
    the repository, that every credential verifies and is this issuer's, the
    status lists, leaked keys, the GitHub Pages workflow and .gitignore.
    Exits 1 when anything must be fixed; warnings alone exit 0.

    \b
    Example:
      badgepress doctor
      badgepress doctor --json
    """
    findings = diagnose(project_dir)
    problems = sum(f.problem for f in findings)
    warnings = sum(f.warning and not f.ok for f in findings)
    if as_json:
        echo_json({"problems": problems, "warnings": warnings,
                   "findings": [f.to_json() for f in findings]})
    else:
        for finding in findings:
            _print(finding)
        if problems:
            click.echo(f"\n{problems} problem(s), {warnings} warning(s): fix the problems "
                       "before publishing")
        else:
            click.echo(f"\nno problems ({warnings} warning(s))")
    if problems:
        raise SystemExit(1)
