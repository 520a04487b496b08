"""The jose-made VC-JWT fixtures (``selfmade-jwt-*`` field fixtures, ``jwt-*`` verdict
cases) are what ``tests/reference/stack/generate-jwt.mjs`` writes: the generator runs
in node, with the pinned reference stack, into a temporary folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO

STACK = REPO / "tests" / "reference" / "stack"
FOLDERS = {"field": REPO / "tests" / "reference" / "field" / "cases",
           "verdicts": REPO / "tests" / "reference" / "verdicts" / "cases"}


def test_jose_generator_reproduces_the_committed_jwt_fixtures(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "node is needed (the reference stack runs on it)"
    subprocess.run([node, str(STACK / "generate-jwt.mjs"), str(tmp_path)], check=True,
                   cwd=STACK, timeout=120)
    written = {(kind, p.name) for kind in FOLDERS for p in (tmp_path / kind).glob("*.json")}
    committed = {("field", p.name) for p in FOLDERS["field"].glob("selfmade-jwt-*.json")} | {
        ("verdicts", p.name) for p in FOLDERS["verdicts"].glob("jwt-*.json")}
    assert written == committed
    assert len([name for kind, name in written if kind == "field"]) == 35
    for kind, name in sorted(written):
        committed_case = json.loads((FOLDERS[kind] / name).read_bytes())
        committed_case.pop("reference", None)  # recorded by tests/reference/field/record.py
        assert json.loads((tmp_path / kind / name).read_bytes()) == committed_case, name
