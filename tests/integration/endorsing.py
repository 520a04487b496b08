"""Helpers for the endorsement and learner-record tests: an endorser's folder, a signed
endorsement committed to a project, and the three verifiers' verdicts on a credential."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from badgepress.endorsements import ENDORSEMENTS_DIR, Endorser, endorse, init_endorser
from badgepress.jsonld import bundled_loader
from badgepress.project import Project
from badgepress.report import Report
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential
from tests.reference.field.record import browser_verdicts, reference_verdicts

ENDORSED = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
COMMENT = "Matches what we hire data analysts for."


def make_endorser(folder: Path, name: str = "Data Guild") -> Endorser:
    """An endorser's folder with its own key (private half in the test's key folder)."""
    return init_endorser(folder, name, "https://guild.example/", date(2026, 1, 1))


def commit_endorsement(project: Project, endorser: Endorser, subject_id: str,
                       name: str = "guild", comment: str = COMMENT) -> Path:
    """Sign an endorsement of ``subject_id`` and commit it as ``endorsements/<name>.json``."""
    signed = endorse(endorser, subject_id, comment, ENDORSED, bundled_loader())
    path = project.root / ENDORSEMENTS_DIR / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(signed, indent=2), encoding="utf-8")
    return path


def three_verdicts(tmp_path: Path, credential: dict[str, Any], did_documents: dict[str, Any],
                   now: str, resources: dict[str, Any] | None = None) -> dict[str, Any]:
    """The verdict of badgepress's Python verifier, its browser verifier's code (under Node)
    and the reference stack (Digital Bazaar's libraries) on ``credential``."""
    case = {"credential": credential, "didDocuments": did_documents, "now": now,
            "resources": resources or {}}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    python = python_report(credential, did_documents, now, resources)
    return {"python": str(python.verdict), "browser": browser_verdicts([path])["case"],
            "reference": reference_verdicts([path])["case"]["verdict"]}


def python_report(credential: dict[str, Any], did_documents: dict[str, Any], now: str,
                  resources: dict[str, Any] | None = None) -> Report:
    """The Python verifier's report, trusting only the given documents and status lists."""
    trust = Trust.offline(now=datetime.fromisoformat(now.replace("Z", "+00:00")),
                          did_documents=did_documents, status=LocalStatus(resources or {}))
    return check_credential(credential, trust)
