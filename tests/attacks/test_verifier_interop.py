"""Attacks through the shapes other issuers use (issue 14): proof sets, other suites and key
types, other status lists. One test per attack, on the shared verdict table's cases: the
exact verdict, the failing check, and the field (JSON pointer) its message names."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.capture import CaptureFixture

from badgepress.cli.verify_cmd import print_report
from badgepress.errors import StatusError
from badgepress.report import Check, Report, State, Verdict
from badgepress.verify import verify_status_list
from tests.attacks.test_verifier_attacks import cli_verify
from tests.reference.verdicts.table import case_trust, load_case, run_case


def problem_of(name: str) -> tuple[Report, Check]:
    report = run_case(load_case(name))
    problem = report.first_problem()
    assert problem is not None
    return report, problem


def test_forged_proofs_in_a_proof_set_do_not_vouch_for_the_issuer() -> None:
    report, problem = problem_of("proof-set-only-forged")
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.state, problem.pointer) == (
        "issuer_key", State.FAIL, "/proof/0/verificationMethod")
    assert "did:web:mallory.example" in problem.message


def test_a_forged_proof_placed_first_does_not_hide_the_issuers_proof() -> None:
    report = run_case(load_case("proof-set-forged-then-genuine"))
    assert report.verdict is Verdict.VERIFIED
    issuer_key = next(c for c in report.checks if c.id == "issuer_key")
    assert issuer_key.message == (
        "Signed with a key published by did:web:example-academy.github.io:badges.")


def test_content_tampered_under_a_proof_set_fails_every_proof() -> None:
    _, problem = problem_of("proof-set-tampered-content")
    assert (problem.id, problem.pointer) == ("signature", "/proof/0/proofValue")
    assert "does not match" in problem.message


def test_ecdsa_proof_cannot_borrow_the_issuers_ed25519_key() -> None:
    _, problem = problem_of("ecdsa-proof-with-ed25519-key")
    assert (problem.id, problem.pointer) == ("signature", "/proof/0/verificationMethod")
    assert "needs a P-256 or P-384 key, not Ed25519" in problem.message


def test_p256_signature_checked_against_the_issuers_p384_key_does_not_match() -> None:
    _, problem = problem_of("ecdsa-p384-key-for-p256-signature")
    assert (problem.id, problem.pointer) == ("signature", "/proof/0/proofValue")


def test_published_private_jwk_is_never_used_as_the_issuers_key() -> None:
    _, problem = problem_of("jwk-with-private-key")
    assert (problem.id, problem.pointer) == ("signature", "/proof/0/verificationMethod")
    assert "private key" in problem.message


def test_jwk_point_off_the_curve_is_not_a_key() -> None:
    _, problem = problem_of("jwk-ec-point-off-curve")
    assert problem.id == "signature" and "not a point on its curve" in problem.message


def test_ed25519_2020_proof_without_its_context_checks_nothing() -> None:
    _, problem = problem_of("ed25519-2020-suite-context-removed")
    assert (problem.id, problem.state) == ("signature", State.FAIL)
    assert "not defined by the document's contexts" in problem.message


def test_revoked_badge_whose_list_has_another_id_says_revoked() -> None:
    report, problem = problem_of("status-list-id-differs-from-url-revoked")
    assert (problem.id, problem.code, problem.pointer) == ("status", "revoked",
                                                           "/credentialStatus")
    assert report.verdict is Verdict.NOT_VERIFIED


def test_suspended_badge_says_suspended_not_revoked() -> None:
    _, problem = problem_of("status-suspended")
    assert (problem.id, problem.code, problem.message) == (
        "status", "suspended", "suspended by the issuer")


def test_vc11_expired_badge_names_its_expiration_date(tmp_path: Path) -> None:
    code, shown = cli_verify(tmp_path, load_case("vc11-expired"))
    assert code != 0
    failing = [c for c in shown["checks"] if c["state"] != "pass"]
    assert failing[0]["id"] == "dates" and failing[0]["pointer"] == "/expirationDate"


SHORT_NOTE = ("The issuer's list has 100,000 entries, fewer than the 131,072 the Bitstring "
              "Status List Recommendation asks for; this weakens holders' privacy, not the "
              "answer.")


def test_revoked_badge_on_a_short_status_list_says_revoked(capsys: CaptureFixture[str]) -> None:
    report, problem = problem_of("status-list-short-revoked")
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.code, problem.pointer, problem.note) == (
        "status", "revoked", "/credentialStatus", SHORT_NOTE)
    assert report.to_json()["notes"] == [SHORT_NOTE]
    print_report(report)
    assert f"note: {SHORT_NOTE}" in capsys.readouterr().out


def test_short_status_list_without_the_bit_passes_with_a_privacy_note() -> None:
    report = run_case(load_case("status-list-short-not-revoked"))
    status = next(c for c in report.checks if c.id == "status")
    assert report.verdict is Verdict.VERIFIED
    assert (status.state, status.note) == (State.PASS, SHORT_NOTE)
    assert next(c for c in report.to_json()["checks"] if c["id"] == "status")["note"] == SHORT_NOTE


def test_own_status_list_shorter_than_the_minimum_is_still_refused() -> None:
    case = load_case("status-list-short-not-revoked")
    url = case["credential"]["credentialStatus"]["statusListCredential"]
    with pytest.raises(StatusError, match="shorter than 131,072 entries") as caught:
        verify_status_list(url, case_trust(case))
    assert caught.value.pointer == "/credentialSubject/encodedList"
