"""The build's packages depend one way: site (publishing) → pages → planning."""

from __future__ import annotations

import ast
from pathlib import Path

import badgepress

PACKAGES = ("planning", "pages", "site")
"""From the bottom up: each may import only the packages before it."""
ROOT = Path(badgepress.__file__).parent


def imported(path: Path) -> set[str]:
    """Every ``badgepress.*`` module ``path`` imports (type-only imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("badgepress.")}


def test_packages_import_only_downwards() -> None:
    wrong = []
    for level, package in enumerate(PACKAGES):
        above = {f"badgepress.{p}" for p in PACKAGES[level + 1:]}
        for path in sorted((ROOT / package).rglob("*.py")):
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in imported(path)
                      if any(name == a or name.startswith(a + ".") for a in above)]
    assert wrong == []


def test_the_rule_module_imports_no_build_package_but_planning() -> None:
    names = imported(ROOT / "publishable.py")
    assert not {n for n in names if n.startswith(("badgepress.pages", "badgepress.site"))}
