"""The limits cases of the shared verdict table (``tests/reference/verdicts/cases/``, written
by ``generate_limits.py``; ``test_verifier_table.py`` runs them with every other case): the
generator reproduces them byte for byte, and two of them say exactly why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from badgepress.report import State
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential
from tests.reference.verdicts import generate_limits

CASES = generate_limits.build()


@pytest.mark.parametrize("name", sorted(CASES))
def test_generator_reproduces_the_committed_case(name: str) -> None:
    committed = (generate_limits.CASES / f"{name}.json").read_text(encoding="utf-8")
    assert generate_limits.render(CASES[name]) == committed


def test_gzip_bomb_status_is_a_warning_naming_the_cap() -> None:
    case = CASES["gzip-bomb-status-list"]
    trust = Trust.offline(now=datetime.fromisoformat(case["now"]),
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
    report = check_credential(path.read_bytes(), Trust.offline(), path=path)
    assert [(c.id, c.state) for c in report.checks] == [("format", State.FAIL)]
    assert report.checks[0].message == "nested more than 64 levels deep"
