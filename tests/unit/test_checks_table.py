"""One table of checks (``checks.json``): the Python report and the browser verifier read
the same ids, order, labels, headlines and wordings."""

from __future__ import annotations

import json
import shutil
import subprocess

from badgepress.report import (
    CHECK_IDS,
    HEADLINES,
    LABELS,
    MESSAGES,
    NOT_VERIFIED,
    Check,
    Report,
    State,
    Verdict,
)
from tests.conftest import REPO

NODE_SCRIPT = """
import {CHECKS, MESSAGES, verdictOf} from './src/checks.js';
const headlines = {};
for(const {id} of CHECKS) {
  headlines[id] = verdictOf([{id: 'format', state: 'pass'}, {id, state: 'fail'}]).headline;
}
console.log(JSON.stringify({checks: CHECKS, messages: MESSAGES, headlines,
  warning: verdictOf([{id: 'status', state: 'warn'}]).headline,
  verified: verdictOf([{id: 'format', state: 'pass'}]).headline}));
"""


def _js_table() -> dict[str, object]:
    node = shutil.which("node")
    assert node, "node is required for the JS verifier"
    out = subprocess.run([node, "--no-warnings", "--input-type=module", "-e", NODE_SCRIPT],
                         cwd=REPO / "js", check=True, capture_output=True, text=True).stdout
    table: dict[str, object] = json.loads(out)
    return table


def test_python_and_js_show_the_same_checks_in_the_same_words() -> None:
    js = _js_table()
    assert js["checks"] == [{"id": i, "label": LABELS[i]} for i in CHECK_IDS]
    assert js["messages"] == MESSAGES
    assert js["verified"] == HEADLINES[Verdict.VERIFIED]
    assert js["warning"] == HEADLINES[Verdict.WARNING]
    python = {i: Report(None, [Check("format", State.PASS, ""), Check(i, State.FAIL, "")])
              .headline for i in CHECK_IDS}
    assert js["headlines"] == python == NOT_VERIFIED


def test_not_verified_headlines_say_why_in_plain_words() -> None:
    assert NOT_VERIFIED["issuer_key"] == ("Not verified: the signer could not be confirmed "
                                          "as the issuer")
    assert all(h.startswith("Not verified: ") for h in NOT_VERIFIED.values())
