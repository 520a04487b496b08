"""Published fixtures of other projects (tests/reference/field/) through the Python
verifier: the verdict recorded for badgepress, no false accept, and the agreement figures."""

from __future__ import annotations

from functools import cache

import pytest

from tests.reference.field.agreement import DOCS, Outcome, figures, load_cases, matrix, outcomes

CASES = load_cases()


@cache
def _outcomes() -> dict[str, Outcome]:
    return {r.name: r for r in outcomes()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_python_verdict_on_a_field_fixture_is_the_recorded_one(name: str) -> None:
    case, result = CASES[name], _outcomes()[name]
    assert result.verdict == case["badgepress"]["python"], case["badgepress"]
    if not result.agrees:
        assert case["badgepress"].get("reason"), "every disagreement is explained"


def test_no_field_fixture_is_falsely_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    results = list(_outcomes().values())
    with capsys.disabled():
        print("\nfield fixtures, Python verifier:\n" + figures(results))  # noqa: T201
    assert [r.name for r in results if r.false_accept] == []
    assert len(results) >= 40


def test_interoperability_page_shows_the_recorded_matrix() -> None:
    assert matrix(CASES) in DOCS.read_text(encoding="utf-8"), (
        "run: .venv/bin/python -m tests.reference.field.agreement --write-docs")
