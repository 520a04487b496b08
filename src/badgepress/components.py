"""A stacked badge's component credentials, checked as the badge page checks them: each
evidence entry recording a component (``pathways.component_token``) names a badge of the
issuer's own site, read here from ``credentials/<token>.json`` and verified with the same
trust; the stacked badge's report gets one child report per component and counts them in
its headline. Its own verdict never depends on them.
"""

from __future__ import annotations

from typing import Any

from badgepress.errors import BadgeError
from badgepress.model.document import load_json
from badgepress.pathways import component_token
from badgepress.project import Project
from badgepress.report import MESSAGES, Check, Report, State
from badgepress.trust import Trust
from badgepress.verify import check_credential

COUNT = "componentCount"


def _unchecked(path: str | None, credential_id: str, message: str) -> Report:
    report = Report(path=path, credential_id=credential_id)
    report.checks.append(Check("format", State.FAIL, message))
    return report


def check_components(document: dict[str, Any], trust: Trust, project: Project) -> list[Report]:
    """One report per component credential ``document`` records (none for another
    credential)."""
    site_url = project.profile.site_url
    evidence = document.get("evidence")
    reports = []
    for item in evidence if isinstance(evidence, list) else [evidence]:
        token = component_token(item, site_url)
        if token is None:
            continue
        expected = f"{site_url}badges/{token}/"
        path = project.credentials_dir / f"{token}.json"
        shown = project.relative(path)
        try:
            data = path.read_bytes()
            found = load_json(data, path=shown)
        except OSError as exc:
            reports.append(_unchecked(shown, expected, MESSAGES["componentUnavailable"].format(
                reason=exc.strerror or "cannot be read")))
            continue
        except BadgeError as exc:
            reports.append(_unchecked(shown, expected, MESSAGES["componentUnavailable"].format(
                reason=exc.message)))
            continue
        found_id = found.get("id") if isinstance(found, dict) else None
        if found_id != expected:
            reports.append(_unchecked(shown, expected, MESSAGES["componentMismatch"].format(
                found=found_id if isinstance(found_id, str) else "no id")))
            continue
        reports.append(check_credential(data, trust, path=shown, expand=False))
    return reports


def with_components(report: Report, document: dict[str, Any], trust: Trust,
                    project: Project) -> Report:
    """``report`` with the components of a stacked badge as its children (unchanged for
    any other credential, and for a CLR, whose children are its embedded credentials)."""
    if report.children:
        return report
    report.children = check_components(document, trust, project)
    if report.children:
        report.count_message = COUNT
    return report

