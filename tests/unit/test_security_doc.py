"""docs/pages/security.md lists every attack the suite tries: each test of tests/attacks and
tests/faults, and each case of the shared verdict table, by name."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO
from tests.reference.verdicts.table import case_names

SECURITY = (REPO / "docs" / "pages" / "security.md").read_text(encoding="utf-8")
SUITES = [*sorted((REPO / "tests" / "attacks").glob("test_*.py")),
          *sorted((REPO / "tests" / "faults").glob("test_*.py"))]


def _test_names() -> list[str]:
    names = []
    for path in SUITES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
    return names


def test_the_suite_holds_at_least_forty_attacks() -> None:
    assert len(_test_names()) + len(case_names()) >= 40


@pytest.mark.parametrize("name", _test_names())
def test_every_attack_test_is_listed(name: str) -> None:
    assert f"`{name}`" in SECURITY, f"docs/pages/security.md does not list {name}"


@pytest.mark.parametrize("name", case_names())
def test_every_verdict_case_is_listed(name: str) -> None:
    assert f"`{name}`" in SECURITY, f"docs/pages/security.md does not list case {name}"
