"""Record each field case's verdicts (``cases/*.json``): badgepress's Python verifier, its
browser verifier (the JS bundle's code under Node, ``js_verdicts.mjs``) and the reference
stack (``tests/reference/stack/verify.mjs``, with the library's reason). Run it after
changing a verifier or adding a fixture, then explain every disagreement with the source in
``badgepress.reason`` by hand (the runners fail on one without a reason):

    .venv/bin/python -m tests.reference.field.record
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.reference.field.agreement import CASES
from tests.reference.verdicts.table import run_case

STACK = Path(__file__).parents[1] / "stack" / "verify.mjs"
JS_VERDICTS = Path(__file__).parent / "js_verdicts.mjs"
NODE_TIMEOUT = 300


def _node(script: Path, paths: list[Path]) -> list[dict[str, Any]]:
    done = subprocess.run(["node", str(script), *map(str, paths)],  # noqa: S603, S607
                          capture_output=True, text=True, check=True, timeout=NODE_TIMEOUT)
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def case_paths() -> list[Path]:
    """Every field case file, by name."""
    return sorted(CASES.glob("*.json"))


def reference_verdicts(paths: list[Path]) -> dict[str, dict[str, str]]:
    """The reference stack's ``{verdict, reason}`` on each case, by case name."""
    return {r["name"]: {"verdict": r["verdict"], "reason": r["reason"]}
            for r in _node(STACK, paths)}


def browser_verdicts(paths: list[Path]) -> dict[str, str]:
    """The browser verifier's verdict on each case, by case name."""
    return {r["name"]: r["verdict"] for r in _node(JS_VERDICTS, paths)}


def record(paths: list[Path]) -> list[str]:
    """Write the three verdicts into each case; return the cases that disagree with their
    source but have no recorded reason."""
    reference, browser = reference_verdicts(paths), browser_verdicts(paths)
    unexplained = []
    for path in paths:
        case = json.loads(path.read_text(encoding="utf-8"))
        ours = {**case.get("badgepress", {}), "python": str(run_case(case).verdict),
                "browser": browser[path.stem]}
        case["badgepress"] = {k: ours[k] for k in ("python", "browser", "reason") if k in ours}
        case["reference"] = reference[path.stem]
        expected = case["expected"]["verdict"]
        if {ours["python"], ours["browser"]} != {expected} and not ours.get("reason"):
            unexplained.append(path.stem)
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return unexplained


if __name__ == "__main__":
    for name in record(case_paths()):
        print(f"{name}: disagrees with its source; write badgepress.reason")  # noqa: T201
