"""Attacks on the cryptosuites received from other issuers: ecdsa-sd-2023 disclosures
(changed, dropped or added statements, forged label maps and signature lists, hostile CBOR,
a base proof, the wrong curve) and JCS-signed credentials. Each reads its case from the
shared verdict table (``generate_suites.py``), which the JS and browser runners also check,
and asserts the verdict, the failing check, the field named and why."""

from __future__ import annotations

import pytest

from badgepress.report import Check, Report
from tests.reference.verdicts.table import load_case, outcome, run_case

PROOF_VALUE = "/proof/proofValue"


def _refused(name: str, check: str = "signature") -> Check:
    case = load_case(name)
    report: Report = run_case(case)
    assert outcome(report) == {"verdict": "not-verified", "check": check, "state": "fail"}
    assert outcome(report) == case["expected"]
    problem = report.first_problem()
    assert problem is not None
    assert report.path == "credential.json"
    return problem


def _says(problem: Check, pointer: str, *words: str) -> None:
    assert problem.pointer == pointer, problem
    for word in words:
        assert word in problem.message, problem.message


def test_sd_disclosure_with_a_changed_disclosed_value_is_not_verified() -> None:
    _says(_refused("sd-disclosed-value-changed"), PROOF_VALUE, "does not match its signature")


def test_sd_disclosure_with_a_mandatory_statement_dropped_is_not_verified() -> None:
    _says(_refused("sd-mandatory-statement-dropped"), PROOF_VALUE, "signature does not match")


def test_sd_disclosure_with_an_unsigned_statement_added_is_not_verified() -> None:
    _says(_refused("sd-extra-statement-unsigned"), PROOF_VALUE, "signature does not match")


def test_sd_label_map_that_merges_two_blank_nodes_is_not_verified() -> None:
    _says(_refused("sd-label-map-merges-nodes"), PROOF_VALUE, "two blank nodes the same label")


def test_sd_signature_count_mismatch_is_not_verified() -> None:
    _says(_refused("sd-signature-count-mismatch"), PROOF_VALUE,
          "4 statement signatures for 5 disclosed statements")


def test_sd_mandatory_index_beyond_the_statements_is_not_verified() -> None:
    _says(_refused("sd-mandatory-index-out-of-range"), PROOF_VALUE, "names statement 999")


def test_sd_ephemeral_key_of_another_curve_is_not_verified() -> None:
    _says(_refused("sd-ephemeral-key-p384"), PROOF_VALUE, "ephemeral key is not a P-256")


@pytest.mark.parametrize(("name", "why"), [
    ("sd-cbor-deep-nesting", "nests deeper than 4 levels"),
    ("sd-cbor-oversized-array", "is too large"),
    ("sd-cbor-indefinite-length", "indefinite length"),
    ("sd-cbor-trailing-bytes", "trailing bytes"),
    ("sd-cbor-non-minimal-length", "shortest form"),
    ("sd-cbor-text-string", "major type 3"),
    ("sd-cbor-wrong-tag", "not a derived proof"),
    ("sd-proof-value-not-base64url", "base64url multibase"),
])
def test_sd_malformed_or_oversized_cbor_proof_value_is_not_verified(name: str, why: str) -> None:
    _says(_refused(name), PROOF_VALUE, why)


def test_sd_base_proof_presented_to_the_verifier_is_not_verified() -> None:
    problem = _refused("sd-base-proof-presented")
    _says(problem, PROOF_VALUE, "base proof, which is meant for the holder")
    assert problem.hint and "derives a disclosure" in problem.hint


def test_sd_proof_with_a_p384_issuer_key_is_not_verified() -> None:
    _says(_refused("sd-p384-issuer-key"), "/proof/verificationMethod",
          "needs a P-256 key, not P-384")


def test_jcs_credential_changed_after_signing_is_not_verified() -> None:
    _says(_refused("jcs-tampered-name"), "/proof/0/proofValue", "signature does not match")


def test_jcs_credential_with_a_duplicate_key_after_unescaping_is_not_verified() -> None:
    _says(_refused("jcs-duplicate-key-after-unescaping", "format"), "/issuer/name",
          "appears twice")


def test_jcs_proof_signing_only_a_prefix_of_the_contexts_is_not_verified() -> None:
    _says(_refused("jcs-proof-context-prefix"), "/proof/0/@context",
          "not the credential's @context")
