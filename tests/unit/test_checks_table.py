"""One table of checks (``checks.json``): the Python report and the browser verifier read
the same ids, order, labels, headlines and wordings."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

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
    assert NOT_VERIFIED["issuer_key"] == ("Not verified — the signer could not be confirmed "
                                          "as the issuer")
    assert all(h.startswith("Not verified — ") for h in NOT_VERIFIED.values())


GENUINE_SCENARIOS: dict[str, list[dict[str, Any]]] = {
    "expired": [{"id": "dates", "state": "fail", "code": "expired",
                 "facts": {"date": "2026-06-01T00:00:00Z"}}],
    "not-yet-valid": [{"id": "dates", "state": "fail", "code": "not-yet-valid",
                       "facts": {"date": "2027-01-09T10:00:00Z"}}],
    "revoked, date and reason": [{"id": "status", "state": "fail", "code": "revoked",
                                  "facts": {"date": "2026-03-03T09:00:00Z",
                                            "reason": "left\u200e the \u202eprogramme"}}],
    "revoked, nothing known": [{"id": "status", "state": "fail", "code": "revoked", "facts": {}}],
    "suspended": [{"id": "status", "state": "fail", "code": "suspended", "facts": {}}],
    "revoked per a list someone else signed": [
        {"id": "status", "state": "fail", "code": "revoked",
         "facts": {"signer": "did:key:zDnaStatus\u202eService"}}],
    "suspended per a list someone else signed": [
        {"id": "status", "state": "fail", "code": "suspended",
         "facts": {"signer": "did:key:zDnaService"}}],
    "revoked and expired": [
        {"id": "status", "state": "fail", "code": "revoked", "facts": {}},
        {"id": "dates", "state": "fail", "code": "expired", "facts": {"date": "2026-06-01Z"}}],
    "forged and revoked": [{"id": "signature", "state": "fail"},
                           {"id": "status", "state": "fail", "code": "revoked", "facts": {}}],
    "self-asserted": [{"id": "issuer_key", "state": "pass", "code": "self-asserted"}],
    "self-asserted, status unknown": [{"id": "issuer_key", "state": "pass",
                                       "code": "self-asserted"},
                                      {"id": "status", "state": "warn"}],
    "unreadable date": [{"id": "dates", "state": "fail", "code": "expired",
                         "facts": {"date": "yesterday"}}],
}


def _python_headline(results: list[dict[str, Any]]) -> str:
    ids = {r["id"] for r in results}
    checks = [Check(i, State.PASS, "") for i in CHECK_IDS if i not in ids]
    checks += [Check(r["id"], State(r["state"]), "", code=r.get("code"),
                     facts=r.get("facts", {})) for r in results]
    order = {i: n for n, i in enumerate(CHECK_IDS)}
    return Report(None, sorted(checks, key=lambda c: order[c.id])).headline


def test_genuine_and_self_asserted_headlines_are_the_same_in_python_and_js() -> None:
    script = (
        "import {CHECKS, verdictOf} from './src/checks.js';\n"
        f"const scenarios = {json.dumps(GENUINE_SCENARIOS)};\n"
        "const out = {};\n"
        "for(const [name, results] of Object.entries(scenarios)) {\n"
        "  const given = new Map(results.map(r => [r.id, r]));\n"
        "  out[name] = verdictOf(CHECKS.map(c => given.get(c.id) || {id: c.id, state: 'pass'}))"
        ".headline;\n"
        "}\n"
        "console.log(JSON.stringify(out));\n")
    node = shutil.which("node")
    assert node
    js = json.loads(subprocess.run(
        [node, "--no-warnings", "--input-type=module", "-e", script], cwd=REPO / "js",
        check=True, capture_output=True, text=True).stdout)
    python = {name: _python_headline(results) for name, results in GENUINE_SCENARIOS.items()}
    assert js == python
    assert python == {
        "expired": "Genuine — expired on 1 June 2026",
        "not-yet-valid": "Genuine — not valid until 9 January 2027",
        "revoked, date and reason": "Genuine — revoked by the issuer on 3 March 2026 "
                                    "(left\u200e the programme)",
        "revoked, nothing known": "Genuine — revoked by the issuer",
        "suspended": "Genuine — suspended by the issuer",
        "revoked per a list someone else signed": "Genuine — revoked per a status list signed "
                                                  "by did:key:zDnaStatusService, not by the "
                                                  "issuer",
        "suspended per a list someone else signed": "Genuine — suspended per a status list "
                                                    "signed by did:key:zDnaService, not by "
                                                    "the issuer",
        "revoked and expired": "Genuine — revoked by the issuer",
        "forged and revoked": "Not verified — the content does not match its signature",
        "self-asserted": "Genuine signature — the issuer's name is self-asserted",
        "self-asserted, status unknown": HEADLINES[Verdict.WARNING],
        "unreadable date": "Genuine — expired on yesterday",
    }
