"""The OB 3.0 specification's unsigned credential examples
(tests/reference/field/spec-examples/) pass the format check of both verifiers, as a
displayer must accept them: the Python verifier's first problem is the missing proof, the
JS verifier's format check passes. The exceptions are named, each with its reason."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgepress.report import State
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential

EXAMPLES = Path(__file__).parents[1] / "reference" / "field" / "spec-examples"
ROOT = Path(__file__).parents[2]
NAMES = sorted(p.name for p in EXAMPLES.glob("*.json"))
SPLIT_ISSUER = ("https://1edtech.edu/issuers/565049 is described in more than one JSON "
                "object and its 'image' sits where no page shows it")
# Example -> (Python format message, JS format message) where a verifier refuses it.
REFUSED = {
    # The issuer is described twice (issuer and achievement.creator) with an image and a
    # name the page does not show: badgepress's display-integrity rule refuses that in both
    # verifiers (the first such field named: image, since /verify/ shows the issuer's logo).
    "fullOpenBadge.json": (SPLIT_ISSUER, SPLIT_ISSUER.replace("'image'", '"image"')),
}
JS_FORMAT = """
import {readFileSync} from 'node:fs';
import {verifyCredential} from './js/src/verify.js';
const out = {};
for(const path of process.argv.slice(1)) {
  const credential = JSON.parse(readFileSync(path, 'utf8'));
  const report = await verifyCredential(credential, {now: '2026-06-01T00:00:00Z'});
  out[path.split('/').pop()] = report.checks[0];
}
process.stdout.write(JSON.stringify(out));
"""


def test_the_specification_examples_are_all_here() -> None:
    assert len(NAMES) == 7


@pytest.mark.parametrize("name", NAMES)
def test_python_format_check_accepts_a_specification_example(name: str) -> None:
    trust = Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC), did_documents={},
                          status=LocalStatus({}))
    report = check_credential((EXAMPLES / name).read_bytes(), trust, path=name)
    problem = report.first_problem()
    assert problem is not None
    refused = REFUSED.get(name, (None, None))[0]
    if refused:
        assert (problem.id, problem.message) == ("format", refused)
    else:
        assert (problem.id, problem.message, problem.pointer) == (
            "signature", "the credential has no proof", "/proof")


def test_js_format_check_accepts_the_specification_examples() -> None:
    done = subprocess.run(
        ["node", "--input-type=module", "-e", JS_FORMAT, *(str(EXAMPLES / n) for n in NAMES)],
        capture_output=True, text=True, check=True, cwd=ROOT, timeout=120)
    checks = json.loads(done.stdout)
    for name in NAMES:
        refused = REFUSED.get(name, (None, None))[1]
        check = checks[name]
        assert check["id"] == "format"
        if refused:
            assert check["state"] == State.FAIL and refused in check["message"], name
        else:
            assert check["state"] == State.PASS, (name, check["message"])
