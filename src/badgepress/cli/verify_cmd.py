"""``badgepress verify``: is this credential genuine, from whom, and still valid?"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from badgepress.baking import extract_credential
from badgepress.cli.common import echo_json, mark, parse_when, project_option
from badgepress.components import with_components
from badgepress.errors import BadgeError, DocumentError
from badgepress.model.document import load_credential, load_json
from badgepress.model.recipient import holds_email
from badgepress.project import CONFIG_FILE, Project
from badgepress.publishable import refuse_private_keys
from badgepress.report import Report, State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential, unreadable_report

CREDENTIAL_SUFFIXES = (".json", ".jwt", ".png", ".svg")


def credential_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    """Expand folders into the credential files (JSON, baked PNG/SVG) they hold."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in CREDENTIAL_SUFFIXES)
        else:
            yield path


def build_trust(project_dir: Path, documents: tuple[Path, ...], online: bool,
                now: str | None, allow_http_localhost: bool = False) -> Trust:
    """The trust for a verify run: the project's own keys and status when in one."""
    extra: dict[str, dict[str, Any]] = {}
    for path in documents:
        document = load_json(path.read_bytes(), path=path)
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise DocumentError("a DID document needs an id", path=path, pointer="/id")
        extra[document["id"]] = document
    when = parse_when(now)
    if (project_dir / CONFIG_FILE).exists():
        refuse_private_keys(project_dir)
        project = Project.load(project_dir)
        return Trust.for_project(project, now=when, did_documents=extra, online=online,
                                 allow_http_localhost=allow_http_localhost)
    if online:
        return Trust.online(now=when, did_documents=extra,
                            allow_http_localhost=allow_http_localhost)
    return Trust.offline(now=when, did_documents=extra)


def check_file(path: Path, trust: Trust, project: Project | None = None) -> Report:
    """Verify one credential file (JSON, a VC-JWT, or a baked PNG/SVG); in an issuer
    repository, a stacked badge's components from ``credentials/`` too."""
    try:
        data = extract_credential(path.read_bytes(), path=str(path)).encode()
    except BadgeError as exc:
        return unreadable_report(exc.at(path))
    report = check_credential(data, trust, path=path)
    if project is None or not report.checks or report.checks[0].state is not State.PASS:
        return report  # not a credential that could name components
    return with_components(report, load_credential(data, path=path)[0], trust, project)


def print_report(report: Report, indent: str = "", path: str | None = None) -> None:
    """Print one report: a headline, what it says (endorsement, CLR), then one line per
    check; a CLR's embedded credentials follow, indented, each with its own."""
    path = path if path is not None else report.path
    colour = {Verdict.VERIFIED: "yellow" if report.self_asserted else "green",
              Verdict.WARNING: "yellow"}.get(report.verdict, "red")
    where_it_is = report.pointer if report.pointer else path
    click.echo(f"{indent}{click.style(report.headline, fg=colour, bold=True)}  {where_it_is}"
               + (f"  (issuer {report.issuer})" if report.issuer else ""))
    for label, text in report.about:
        click.echo(f"{indent}  {label}: {text}")
    for check in report.checks:
        line = f"{indent}  {mark(check.state)} {check.label}: {check.message}"
        if check.state != "pass":
            at = (report.pointer or "") + (check.pointer or "") if report.pointer \
                else check.pointer
            where = ": ".join(p for p in (path, at) if p)
            line += f"\n{indent}      at {where}" + (f" — {check.hint}" if check.hint else "")
        if check.note:
            line += f"\n{indent}      note: {check.note}"
        click.echo(line)
    for child in report.children:
        # A CLR's embedded credential is in the record's file; a component in its own.
        print_report(child, indent + "    ", path if child.pointer else child.path)


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--did-document", "did_documents", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust this DID (or controller) document; may be repeated.")
@click.option("--online", is_flag=True,
              help="Fetch did:web documents and status lists over HTTPS.")
@click.option("--allow-http-localhost", is_flag=True,
              help="Development only: with --online, also fetch plain http:// from "
              "localhost, 127.0.0.1 or ::1.")
@click.option("--now", help="Verify as of this date (default: now).")
@click.option("--recipient", metavar="EMAIL", help="Also check that each badge was issued "
              "to this e-mail address (exit 0 only on a match).")
@project_option
def verify(paths: tuple[Path, ...], as_json: bool, did_documents: tuple[Path, ...],
           online: bool, allow_http_localhost: bool, now: str | None, recipient: str | None,
           project_dir: Path) -> None:
    """Verify credentials: files, folders, VC-JWTs, or baked PNG/SVG badge images.

    Checks, for each: well-formed Open Badges 3.0 credential, signature (Data
    Integrity proof or JWT), that the signing key belongs to the issuer, revocation
    status, and validity dates. Exits 0 only when every credential verifies.

    \b
    Example:
      badgepress verify credentials/
      badgepress verify --json badge.png
    """
    trust = build_trust(project_dir, did_documents, online, now, allow_http_localhost)
    project = Project.load(project_dir) if (project_dir / CONFIG_FILE).exists() else None
    reports = [check_file(path, trust, project) for path in credential_files(paths)]
    if not reports:
        raise click.UsageError("no credential files found (.json, .jwt, .png, .svg)")
    matches = [recipient is None or issued_to(report, recipient) for report in reports]
    if as_json:
        echo_json({"verified": all(r.ok for r in reports),
                   "credentials": [r.to_json() for r in reports]}
                  | ({"recipientMatches": matches} if recipient is not None else {}))
    else:
        for report, match in zip(reports, matches, strict=True):
            print_report(report)
            if recipient is not None:
                click.echo(f"  {mark('pass' if match else 'fail')} Recipient: "
                           + ("issued to " if match else "not issued to ") + recipient.strip())
        good = sum(r.ok for r in reports)
        click.echo(f"\n{good} of {len(reports)} credential(s) verified.")
    if not all(r.ok for r in reports) or not all(matches):
        raise SystemExit(1)


def issued_to(report: Report, email: str) -> bool:
    """Whether the credential of a verified report names ``email`` as its recipient."""
    if not report.ok or report.path is None:
        return False
    data = extract_credential(Path(report.path).read_bytes(), path=report.path)
    document = load_credential(data.encode(), path=report.path)[0]
    return holds_email(document.get("credentialSubject"), email)
