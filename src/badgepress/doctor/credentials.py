"""Doctor checks on what was issued: every credential verifies and is this issuer's,
every status list it references is present and trusted, nothing rests on a leaked key."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from badgepress.doctor.finding import Finding, passed, problem, warning, where
from badgepress.errors import BadgeError
from badgepress.keystore import COMPROMISED, IssuerKey
from badgepress.lifecycle import StoredCredential, read_credentials, signed_with
from badgepress.project import Project
from badgepress.publishable import credential_token, misplaced
from badgepress.report import Check, Report, State
from badgepress.scaffold import EXAMPLE_SLUG
from badgepress.status.conflicts import FIX, shared_indices
from badgepress.status.store import read_status_lists
from badgepress.trust import Trust
from badgepress.verify import check_credential, verify_status_list

ACCEPTED = frozenset({"expired", "revoked"})
"""Outcomes that are part of a credential's life, not a problem of the repository."""
REISSUE = "run 'badgepress reissue' (it re-signs with the active key)"
_FIXES = {
    "key-not-authorised": REISSUE,
    "key-unresolved": "check site_url and issuer_keys/: the signing key must be one of "
                      "this issuer's keys",
    "status-unknown": "restore status/ from git so the status list is in status/lists/",
}


def check_issued(project: Project, keys: list[IssuerKey], now: datetime) -> list[Finding]:
    """Verify every credential, the status lists they use, and compromised keys."""
    root = project.root
    try:
        trust = Trust.for_project(project, now=now)
        stored = read_credentials(project)
    except BadgeError as exc:
        return [problem("credentials", where(exc, root),
                        exc.hint or "restore the file from git")]
    if not stored:
        return [warning("credentials", "no credentials yet",
                        f"issue one: badgepress issue {EXAMPLE_SLUG} --name \"Ada Lovelace\"")]
    reports = {s.path: check_credential(s.path.read_bytes(), trust,
                                        path=project.relative(s.path)) for s in stored}
    findings = [_credential(project, s, reports[s.path]) for s in stored]
    bad = [f for f in findings if f is not None]
    if not bad:
        counts = Counter(c.code for r in reports.values() for c in r.checks if c.code)
        notes = ", ".join(f"{counts[c]} {c}" for c in sorted(ACCEPTED) if counts[c])
        bad.append(passed("credentials", f"all {len(reports)} credential(s) verify"
                          + (f" ({notes})" if notes else "")))
    ours = [s.document for s in stored if reports[s.path].issuer == project.did]
    return (bad + _shared(project, stored) + _status_lists(project, ours, trust)
            + _compromised(project, keys))


def _shared(project: Project, stored: list[StoredCredential]) -> list[Finding]:
    shared = shared_indices((project.relative(s.path), s.document) for s in stored)
    return [problem("status_indices", f"{', '.join(s.files)} share status index {s.index} "
                    f"of {s.list_url}: revoking one would revoke the others", FIX)
            for s in shared]


def _credential(project: Project, stored: StoredCredential, report: Report) -> Finding | None:
    """What stops ``stored`` from being published, by the build's rule
    (:mod:`badgepress.publishable`), or ``None``."""
    file = project.relative(stored.path)
    try:
        token = credential_token(stored.path, file)
    except BadgeError as exc:
        return problem("credentials", where(exc, project.root), exc.hint or REISSUE)
    if report.issuer is not None and report.issuer != project.did:
        return problem("credentials", f"{file} was issued by {report.issuer}, not by this "
                       f"issuer ({project.did})",
                       "remove it from credentials/ (only this issuer's credentials are "
                       "published here); if the site moved, site_url must stay the address "
                       "the credentials were issued under")
    failing: list[Check] = [c for c in report.checks
                            if c.state is not State.PASS and c.code not in ACCEPTED]
    if not failing:
        issuer = stored.document.get("issuer")
        wrong = misplaced(token, stored.document.get("id"),
                          issuer.get("id") if isinstance(issuer, dict) else issuer,
                          site_url=project.profile.site_url, did=project.did, shown=file)
        return None if wrong is None else problem("credentials", where(wrong, project.root),
                                                  wrong.hint or REISSUE)
    check = failing[0]
    location = f"{file}: {check.pointer}" if check.pointer else file
    fix = _FIXES.get(check.code or "")
    if fix is None:
        fix = ("the file changed after it was signed: restore it with 'git checkout -- "
               f"{file}', or revoke and issue it again" if check.id == "signature"
               else check.hint or f"run 'badgepress verify {file}' for details")
    return problem("credentials", f"{location}: {check.label}: {check.message}", fix)


def _status_urls(documents: list[dict[str, Any]]) -> Counter[str]:
    urls: Counter[str] = Counter()
    for document in documents:
        entries = document.get("credentialStatus")
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, dict) and isinstance(entry.get("statusListCredential"), str):
                urls[entry["statusListCredential"]] += 1
    return urls


def _status_lists(project: Project, documents: list[dict[str, Any]],
                  trust: Trust) -> list[Finding]:
    urls = _status_urls(documents)
    if not urls:
        return []
    try:
        present = read_status_lists(project.status_dir)
    except BadgeError as exc:
        return [problem("status_lists", where(exc, project.root), "restore status/ from git")]
    findings = []
    for url, count in sorted(urls.items()):
        if url not in present:
            findings.append(problem(
                "status_lists", f"the status list {url} used by {count} credential(s) is "
                f"not in {project.relative(project.status_dir)}/lists/: verifiers cannot "
                "check whether they were revoked", "restore status/ from git"))
            continue
        try:
            verify_status_list(url, trust)
        except BadgeError as exc:
            findings.append(problem("status_lists", f"status list {url}: {exc.message}",
                                    REISSUE))
    return findings or [passed("status_lists", f"{len(urls)} status list(s) present and "
                               "signed by a key in the DID document")]


def _compromised(project: Project, keys: list[IssuerKey]) -> list[Finding]:
    findings = []
    for key in (k for k in keys if k.status == COMPROMISED):
        try:
            affected = signed_with(project, key)
        except BadgeError as exc:
            return [problem("compromised_keys", where(exc, project.root),
                            "restore the file from git")]
        if affected:
            since = f" (compromised since {key.compromised_since})" \
                if key.compromised_since else ""
            findings.append(problem(
                "compromised_keys", f"{len(affected)} credential(s) are still signed with "
                f"the compromised key {key.multibase}{since} and no longer verify", REISSUE))
    return findings or [passed("compromised_keys", "no credential rests on a compromised key")]

