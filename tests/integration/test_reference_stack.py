"""The reference stack's verdict (tests/reference/stack/verify.mjs: Digital Bazaar's VC
stack and jose under Node, offline) on every field fixture is the one recorded beside
badgepress's, and the harness handles the inputs the field cases do not hold yet."""

from __future__ import annotations

import json
import subprocess
from functools import cache
from typing import Any

import pytest

from tests.reference.field.agreement import load_cases
from tests.reference.field.record import (
    NODE_TIMEOUT,
    README,
    STACK,
    case_paths,
    cases_table,
    reference_verdicts,
)
from tests.reference.verdicts.table import CASES as TABLE

CASES = load_cases()
SAMPLES = STACK.parent / "samples.mjs"
# The library's reason each hand-made sample fails for (none for those it verifies).
SAMPLE_REASONS = {
    "ecdsa-sd-2023-derived": "vc.verifyCredential verified",
    "ecdsa-sd-2023-base-proof-not-derived": 'does not include a valid "proofValue"',
    "ecdsa-sd-2023-derived-tampered": "Invalid signature",
    "vc-jwt-eddsa-did-key": "jose.jwtVerify (EdDSA) verified",
    "vc-jwt-es256-did-web-jwk": "jose.jwtVerify (ES256) verified",
    "vc-jwt-es256-tampered-payload": "signature verification failed",
    "vc-jwt-es256-expired": '"exp" claim timestamp check failed',
    "vc-jose-enveloped-es256": "jose.jwtVerify (ES256) verified",
    "vc-jwt-es256-key-of-another-did": "not by the issuer did:web:academy.example",
    "vc-jwt-rs256-did-web-jwk": "jose.jwtVerify (RS256) verified",
    "vc-jwt-rs256-tampered-payload": "signature verification failed",
}


@cache
def _verdicts() -> dict[str, dict[str, str]]:
    return reference_verdicts(case_paths())


@pytest.mark.parametrize("name", sorted(CASES))
def test_reference_stack_verdict_on_a_field_fixture_is_the_recorded_one(name: str) -> None:
    assert _verdicts()[name] == CASES[name]["reference"], (
        "run: .venv/bin/python -m tests.reference.field.record")


def test_reference_stack_gives_a_verdict_on_every_verdict_table_case() -> None:
    verdicts = reference_verdicts(sorted(TABLE.glob("*.json")))
    assert len(verdicts) == len(list(TABLE.glob("*.json")))
    assert {v["verdict"] for v in verdicts.values()} <= {"verified", "warning", "not-verified"}
    assert all(v["reason"] for v in verdicts.values())


def _samples() -> list[dict[str, Any]]:
    done = subprocess.run(["node", str(SAMPLES)], capture_output=True, text=True,
                          check=True, timeout=NODE_TIMEOUT)
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def test_reference_stack_verifies_ecdsa_sd_and_jwt_samples_made_by_the_libraries() -> None:
    results = {r["name"]: r for r in _samples()}
    assert sorted(results) == sorted(SAMPLE_REASONS)
    for name, result in results.items():
        assert result["verdict"] == result["expected"], (name, result["reason"])
        assert SAMPLE_REASONS[name] in result["reason"], name


def test_field_readme_lists_every_case_with_its_recorded_verdicts() -> None:
    assert cases_table(case_paths()) in README.read_text(encoding="utf-8"), (
        "run: .venv/bin/python -m tests.reference.field.record")
