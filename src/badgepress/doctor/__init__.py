"""``badgepress doctor``: check an issuer repository and say, in plain words, what is
wrong and how to fix it — one :class:`Finding` per check.

The checks run in the order a new issuer meets the problems: settings and identity,
keys, what was issued, publishing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from badgepress.doctor.credentials import check_issued
from badgepress.doctor.finding import Finding
from badgepress.doctor.identity import check_identity
from badgepress.doctor.install import check_install
from badgepress.doctor.keys import private_key, private_keys_in_repository, read_keys
from badgepress.doctor.publishing import check_gitignore, check_workflows

__all__ = ["Finding", "diagnose"]


def diagnose(root: Path | str = ".", *, now: datetime | None = None) -> list[Finding]:
    """Run every check on the repository at ``root``; never raises ``BadgeError``."""
    root = Path(root)
    identity = check_identity(root)
    findings = list(identity.findings)
    project = identity.project
    if project is not None:
        keys, key_findings = read_keys(project, root)
        findings += key_findings
        findings += private_key(project, keys)
    findings += private_keys_in_repository(root, project.docs_dir if project else None)
    if project is not None:
        findings += check_issued(project, keys, now or datetime.now(UTC))
    findings += check_workflows(root, identity.needs_hidden_files)
    findings += check_install(root)
    findings += check_gitignore(root)
    return findings
