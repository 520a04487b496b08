"""The limits cases of the shared verdict table (``tests/reference/verdicts/cases/``, written
by ``generate_limits.py``), checked against the Python verifier through the CLI's loader,
and the generator checked to reproduce them byte for byte."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from badgepress.baking import extract_credential
from badgepress.report import State
from badgepress.trust import LocalStatus, offline_trust
from badgepress.verify import check_credential
from tests.reference.verdicts import generate_limits

CASES = generate_limits.build()


def verdict_of(case: dict[str, Any]) -> dict[str, Any]:
    trust = offline_trust(now=datetime.fromisoformat(case["now"]),
                          did_documents=case.get("didDocuments", {}),
                          status=LocalStatus(case.get("resources", {})))
    if "credentialText" in case:
        data = extract_credential(case["credentialText"].encode("utf-8")).encode("utf-8")
    else:
        data = json.dumps(case["credential"]).encode("utf-8")
    report = check_credential(data, trust, path="case.json")
    problem = report.first_problem()
    return {"verdict": str(report.verdict), "check": problem.id if problem else None,
            "state": str(problem.state) if problem else None}


@pytest.mark.parametrize("name", sorted(CASES))
def test_python_verdict_matches_the_table(name: str) -> None:
    case = json.loads((generate_limits.CASES / f"{name}.json").read_text(encoding="utf-8"))
    assert verdict_of(case) == case["expected"], case["description"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_generator_reproduces_the_committed_case(name: str) -> None:
    committed = (generate_limits.CASES / f"{name}.json").read_text(encoding="utf-8")
    assert generate_limits.render(CASES[name]) == committed


def test_gzip_bomb_status_is_a_warning_naming_the_cap() -> None:
    case = CASES["gzip-bomb-status-list"]
    trust = offline_trust(now=datetime.fromisoformat(case["now"]),
                          did_documents=case["didDocuments"],
                          status=LocalStatus(case["resources"]))
    report = check_credential(case["credential"], trust)
    status = next(c for c in report.checks if c.id == "status")
    assert status.state is State.WARN
    assert status.code == "status-unknown"
    assert "decompresses to more than 16,777,216 bytes" in status.message
    assert status.pointer == "/credentialSubject/encodedList"


def test_deep_nesting_is_fast_and_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    report = check_credential(path.read_bytes(), offline_trust(), path=path)
    assert [(c.id, c.state) for c in report.checks] == [("format", State.FAIL)]
    assert report.checks[0].message == "nested more than 64 levels deep"
