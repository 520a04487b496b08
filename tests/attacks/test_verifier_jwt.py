"""Attacks on credentials secured as a JWT (VC-JWT, OB 3.0 §8.2; VC-JOSE-COSE vc+jwt). One
test per attack, on the jose-made cases of the shared verdict table (``jwt-*``) and field
fixtures (``selfmade-jwt-*``): the exact verdict, the failing check, and the field its
message names (``jwt:header/…`` and ``jwt:payload/…`` for the token's own parts, a JSON
pointer for the credential's); through the CLI, the file too."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from badgepress.baking import extract_credential
from badgepress.cli import main
from badgepress.model.document import MAX_DOCUMENT_BYTES
from badgepress.report import Check, Report, State, Verdict
from badgepress.verify import verify_credential
from tests.reference.field.agreement import load_cases
from tests.reference.verdicts.table import (
    case_trust,
    credential_bytes,
    load_case,
    run_case,
)

FIELD = load_cases()


def problem_of(case: dict[str, Any]) -> tuple[Report, Check]:
    report = run_case(case)
    problem = report.first_problem()
    assert problem is not None, report.checks
    return report, problem


def cli_verify(tmp_path: Path, case: dict[str, Any], name: str) -> tuple[int, str]:
    """``badgepress verify`` on the case's input saved as ``name``, with its DID documents."""
    (tmp_path / name).write_bytes(credential_bytes(case))
    args = ["verify", "--project", str(tmp_path), "--now", case["now"]]
    for index, document in enumerate(case["didDocuments"].values()):
        path = tmp_path / f"did-{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        args += ["--did-document", str(path)]
    result = CliRunner().invoke(main, [*args, str(tmp_path / name)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# --- the header: only a signature by a published key counts -------------------------------

def test_unsigned_jwt_alg_none_is_not_verified() -> None:
    report, problem = problem_of(load_case("jwt-alg-none"))
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/alg")
    assert "not signed (alg none)" in problem.message


def test_hs256_keyed_with_the_issuers_rsa_public_key_is_not_verified() -> None:
    _, problem = problem_of(load_case("jwt-hs256-with-rsa-public-key"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/alg")
    assert "HS256, a shared-secret code, not a signature" in problem.message


def test_es256_alg_against_the_issuers_ed25519_key_is_algorithm_confusion() -> None:
    _, problem = problem_of(load_case("jwt-es256-alg-with-ed25519-kid"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/alg")
    assert "ES256 does not fit the signing key (Ed25519)" in problem.message


def test_unknown_critical_header_is_refused() -> None:
    _, problem = problem_of(load_case("jwt-crit-header"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/crit")


def test_private_jwk_in_the_header_is_refused() -> None:
    _, problem = problem_of(load_case("jwt-header-jwk-private"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/jwk")
    assert "private parts" in problem.message


def test_rsa_key_below_2048_bits_is_refused() -> None:
    _, problem = problem_of(load_case("jwt-rsa-key-too-small"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "the RSA key has 1024 bits; at least 2048 are needed" in problem.message


# --- the key: whoever signed, only the issuer's published key confirms the issuer ---------

def test_header_jwk_does_not_confirm_a_did_web_issuer() -> None:
    report, problem = problem_of(load_case("jwt-header-jwk-self-asserted-did-web"))
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/jwk")
    assert "the JWT header carries its own key (jwk)" in problem.message
    assert report.checks[1].message.startswith("Secured as a JWT (EdDSA). The content matches")


def test_header_jwk_of_a_did_key_issuer_is_that_issuer() -> None:
    report = run_case(load_case("jwt-did-key-issuer-header-jwk"))
    assert report.verdict is Verdict.VERIFIED


def test_kid_naming_another_dids_key_is_not_the_issuer() -> None:
    _, problem = problem_of(load_case("jwt-kid-of-another-did"))
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/kid")
    assert "belongs to did:web:mallory.example, not to the issuer did:web:jwt.example" \
        in problem.message


def test_jwt_signed_by_another_key_than_its_kid_names_is_not_verified() -> None:
    _, problem = problem_of(FIELD["selfmade-jwt-es256-wrong-key"])
    assert (problem.id, problem.pointer) == ("signature", "jwt:signature")


def test_tampered_jwt_payload_is_not_verified() -> None:
    _, problem = problem_of(FIELD["selfmade-jwt-rs256-tampered"])
    assert (problem.id, problem.pointer) == ("signature", "jwt:signature")
    assert "does not match its content" in problem.message


# --- the claims: the token says what the credential says ----------------------------------

def test_iss_claim_naming_another_issuer_names_both_fields() -> None:
    _, problem = problem_of(load_case("jwt-iss-claim-mismatch"))
    assert (problem.id, problem.pointer) == ("format", "/issuer/id")
    assert "JWT claim iss ('did:web:mallory.example') differs from the credential's issuer id " \
        "('did:web:jwt.example')" in problem.message


def test_jti_claim_naming_another_credential_names_both_fields() -> None:
    _, problem = problem_of(load_case("jwt-jti-claim-mismatch"))
    assert (problem.id, problem.pointer) == ("format", "/id")
    assert "JWT claim jti" in problem.message and "credential's id" in problem.message


def test_sub_claim_naming_another_subject_names_both_fields() -> None:
    _, problem = problem_of(load_case("jwt-sub-claim-mismatch"))
    assert (problem.id, problem.pointer) == ("format", "/credentialSubject/id")
    assert "JWT claim sub" in problem.message


def test_expired_exp_claim_expires_a_credential_without_valid_until() -> None:
    _, problem = problem_of(FIELD["selfmade-jwt-eddsa-expired-exp"])
    assert (problem.id, problem.pointer, problem.code) == ("dates", "jwt:payload/exp", "expired")


def test_nbf_claim_in_the_future_is_not_yet_valid() -> None:
    _, problem = problem_of(load_case("jwt-nbf-in-the-future"))
    assert (problem.id, problem.pointer) == ("dates", "jwt:payload/nbf")


# --- the token's text: one strict reading ----------------------------------------------------

def test_jws_with_a_fourth_part_is_not_read() -> None:
    _, problem = problem_of(load_case("jwt-trailing-data"))
    assert problem.id == "format"
    assert "not a compact JWS" in problem.message


def test_jws_with_base64_padding_is_not_read() -> None:
    _, problem = problem_of(load_case("jwt-padded-base64"))
    assert problem.id == "format"
    assert "without padding" in problem.message


def test_jws_header_that_is_not_json_is_not_read() -> None:
    _, problem = problem_of(load_case("jwt-header-not-json"))
    assert (problem.id, problem.pointer) == ("format", "jwt:header")


def test_jws_header_naming_alg_twice_is_not_read() -> None:
    _, problem = problem_of(load_case("jwt-header-duplicate-alg"))
    assert (problem.id, problem.pointer) == ("format", "jwt:header/alg")
    assert "appears twice" in problem.message


def test_oversize_jwt_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    genuine = load_case("jwt-genuine-es256")
    header, _, signature = genuine["credentialText"].strip().split(".")
    padding = base64.urlsafe_b64encode(b" " * (MAX_DOCUMENT_BYTES)).rstrip(b"=").decode()
    case = {**genuine, "credentialText": f"{header}.{padding}.{signature}"}
    code, output = cli_verify(tmp_path, case, "huge.jwt")
    assert code == 1
    assert "Not verified" in output and "huge.jwt" in output
    assert "a credential is at most 2 MiB" in output


# --- files and baked images ------------------------------------------------------------------

def test_cli_names_the_jwt_file_and_the_token_part_at_fault(tmp_path: Path) -> None:
    code, output = cli_verify(tmp_path, FIELD["selfmade-jwt-eddsa-tampered"], "badge.jwt")
    assert code == 1
    assert f"at {tmp_path / 'badge.jwt'}: jwt:signature" in output


def test_cli_verifies_a_genuine_jwt_file_in_a_folder(tmp_path: Path) -> None:
    case = FIELD["selfmade-jwt-rs256-genuine"]
    (tmp_path / "badges").mkdir()
    code, output = cli_verify(tmp_path, case, "badges/badge.jwt")
    assert code == 0, output
    assert "Secured as a JWT (RS256)" in output
    result = CliRunner().invoke(main, ["verify", "--project", str(tmp_path), "--now", case["now"],
                                       "--did-document", str(tmp_path / "did-0.json"),
                                       str(tmp_path / "badges")])
    assert result.exit_code == 0 and "1 of 1 credential(s) verified" in result.output


def test_baked_svg_verifies_and_shows_the_jwt_not_the_credential_text_beside_it() -> None:
    case = load_case("jwt-baked-svg-beside-other-credential-text")
    data = extract_credential(credential_bytes(case)).encode()
    credential = verify_credential(data, case_trust(case))
    assert credential.raw["name"] == "JOSE Fundamentals"
    assert run_case(case).checks[1].state is State.PASS
