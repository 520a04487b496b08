"""The shared verdict table through the Python verifier (library): every case's verdict,
first failing check and its state as the table states them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reference.verdicts import (
    generate_interop,
    generate_suites,
    generate_types,
    generate_verifier,
)
from tests.reference.verdicts.table import (
    CASES,
    case_names,
    load_case,
    outcome,
    run_case,
    write_cases,
)


@pytest.mark.parametrize("name", case_names())
def test_python_verdict_matches_the_table(name: str) -> None:
    case = load_case(name)
    assert outcome(run_case(case)) == case["expected"], case["description"]


def test_table_has_the_verifier_cases() -> None:
    assert len(case_names()) >= 30


@pytest.mark.parametrize("generator", [generate_verifier, generate_interop, generate_suites,
                                       generate_types],
                         ids=lambda g: g.__name__.rsplit(".", 1)[-1])
def test_generator_reproduces_the_committed_cases(
    generator: Any, tmp_path: pytest.TempPathFactory
) -> None:
    written = write_cases(generator.cases(), tmp_path)
    for path in written:
        assert path.read_bytes() == (CASES / path.name).read_bytes(), path.name
