"""Reading the shared verdict table (``cases/*.json``) and running a case through the
Python verifier exactly as the CLI does."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.baking import extract_credential
from badgepress.errors import BadgeError
from badgepress.report import Report
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential, unreadable_report

CASES = Path(__file__).parent / "cases"


def case_names() -> list[str]:
    """Every case in the table, by name."""
    return sorted(p.stem for p in CASES.glob("*.json"))


def load_case(name: str) -> dict[str, Any]:
    """One case of the table."""
    case: dict[str, Any] = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    return case


def credential_bytes(case: dict[str, Any]) -> bytes:
    """The input as a file would hold it (``credentialBase64``: a baked image's bytes)."""
    if "credentialBase64" in case:
        return base64.b64decode(case["credentialBase64"])
    if "credentialText" in case:
        return str(case["credentialText"]).encode("utf-8")
    return json.dumps(case["credential"], indent=2).encode("utf-8")


def case_trust(case: dict[str, Any]) -> Trust:
    """Only what the case knows: its DID documents, its JWK sets (by URL), its resources
    (status lists), its now."""
    now = datetime.fromisoformat(case["now"].replace("Z", "+00:00"))
    return Trust.offline(now=now, did_documents=case.get("didDocuments") or {},
                         status=LocalStatus(dict(case.get("resources") or {})),
                         key_sets=case.get("keySets") or {})


def run_case(case: dict[str, Any]) -> Report:
    """The Python verifier's report on a case, read as the CLI reads a file."""
    try:
        data = extract_credential(credential_bytes(case), path="credential.json").encode()
    except BadgeError as exc:
        return unreadable_report(exc)
    return check_credential(data, case_trust(case), path="credential.json")


def outcome(report: Report) -> dict[str, Any]:
    """The report in the table's terms: verdict, first check that did not pass, its state."""
    problem = report.first_problem()
    return {"verdict": str(report.verdict), "check": problem.id if problem else None,
            "state": str(problem.state) if problem else None}


def write_cases(cases: dict[str, dict[str, Any]], folder: Path = CASES) -> list[Path]:
    """Write each case as ``<name>.json`` into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, case in cases.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def print_written(paths: list[Path]) -> None:
    """A generator's command-line output: the name of each case file it wrote."""
    for path in paths:
        print(path.name)  # noqa: T201
