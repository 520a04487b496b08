"""The self-made ecdsa-sd-2023 fixtures (``tests/reference/stack/generate-sd.mjs``) are what
Digital Bazaar's stack says they are: it verifies the genuine disclosures and refuses the
changed ones, run as a real Node process on the committed files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reference.field.agreement import load_cases

STACK = Path(__file__).parent.parent / "reference" / "stack"
CASES = Path(__file__).parent.parent / "reference" / "field" / "cases"


def test_reference_stack_agrees_with_the_committed_sd_fixtures() -> None:
    node = shutil.which("node")
    if node is None or not (STACK / "node_modules" / "@digitalbazaar").is_dir():
        pytest.fail("the reference stack is not installed: cd tests/reference/stack && npm ci")
    paths = sorted(CASES.glob("selfmade-sd-*.json"))
    assert len(paths) >= 6
    done = subprocess.run([node, str(STACK / "verify-sd.mjs"), *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=True)
    verdicts = json.loads(done.stdout)
    cases = load_cases()
    for path in paths:
        expected = cases[path.stem]["expected"]["verdict"] == "verified"
        assert verdicts[path.stem] is expected, (path.stem, verdicts[path.stem])
