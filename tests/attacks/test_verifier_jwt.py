"""Attacks on credentials secured as a JWT (VC-JWT, OB 3.0 §8.2; VC-JOSE-COSE vc+jwt). One
test per attack, on the jose-made cases of the shared verdict table (``jwt-*``) and field
fixtures (``selfmade-jwt-*``): the exact verdict, the failing check, and the field its
message names (``jwt:header/…`` and ``jwt:payload/…`` for the token's own parts, a JSON
pointer for the credential's); through the CLI, the file too."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from badgepress.baking import extract_credential
from badgepress.cli import main
from badgepress.did.resolver import MAX_DID_DOCUMENT_BYTES
from badgepress.model.document import MAX_DOCUMENT_BYTES
from badgepress.report import Check, Report, State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential, verify_credential
from tests.attacks.https_site import https_site
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


# --- a JWK set speaks for the issuer only from the issuer's own site -------------------------

def test_genuine_jwt_whose_kid_names_a_key_in_the_issuers_jwk_set_verifies() -> None:
    for alg in ("rs256", "es256", "eddsa"):
        report = run_case(FIELD[f"selfmade-jwt-{alg}-jwks-genuine"])
        assert report.verdict is Verdict.VERIFIED, report.checks
        assert report.checks[2].message == \
            "Signed with a key published by https://jwt.example/issuers/1."


def test_kid_url_answering_one_jwk_is_that_key() -> None:
    assert run_case(load_case("jwt-jwks-kid-url-of-one-jwk")).verdict is Verdict.VERIFIED


def test_jwk_set_on_another_origin_is_not_the_issuers() -> None:
    report, problem = problem_of(FIELD["selfmade-jwt-es256-jwks-cross-origin"])
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/kid")
    assert "the JWK set at https://keys.mallory.example/jwks.json is not on the issuer's site " \
        "(https://jwt.example)" in problem.message
    assert report.checks[1].state is State.PASS  # mallory's key did sign it


def test_jku_on_another_origin_is_not_the_issuers() -> None:
    _, problem = problem_of(load_case("jwt-jwks-cross-origin-jku"))
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/jku")
    assert "not on the issuer's site" in problem.message


def test_jwk_set_outside_the_issuers_path_is_not_the_issuers() -> None:
    _, problem = problem_of(load_case("jwt-jwks-outside-issuer-path"))
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/kid")
    assert "outside the issuer's path (/issuers/1)" in problem.message


def test_jwk_set_url_climbing_out_of_the_issuers_path_is_never_fetched() -> None:
    _, problem = problem_of(load_case("jwt-jwks-dot-segment-escape"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "a path a server may read as another folder" in problem.message


def test_jwk_set_holding_a_private_key_is_not_used() -> None:
    report, problem = problem_of(load_case("jwt-jwks-holding-a-private-key"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "publishes a private key (keys/3 has 'd')" in problem.message
    assert all(OTHER_SEED_D not in check.message for check in report.checks)


def test_kid_naming_a_key_absent_from_the_set_is_not_verified() -> None:
    _, problem = problem_of(load_case("jwt-jwks-kid-absent-from-set"))
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "holds no key(s) with kid 'retired-key'" in problem.message


def test_key_bound_to_another_issuer_of_the_platform_is_not_the_issuers() -> None:
    _, problem = problem_of(load_case("jwt-jwks-key-bound-to-another-issuer"))
    assert problem.id == "issuer_key"
    assert "bound to 'https://jwt.example/issuers/2' (its iss member)" in problem.message


def test_jwk_set_does_not_confirm_a_did_web_issuer() -> None:
    _, problem = problem_of(load_case("jwt-jwks-did-web-issuer"))
    assert problem.id == "issuer_key"
    assert "vouches only for an https issuer at its own site" in problem.message


OTHER_SEED_D = load_case("jwt-jwks-holding-a-private-key")["keySets"][
    "https://jwt.example/issuers/1/jwks.json"]["keys"][3]["d"]


def _online_token(issuer_id: str, kid: str, key: Ed25519PrivateKey) -> bytes:
    """The EdDSA JWKS fixture's claims for ``issuer_id``, signed by ``key`` (with
    ``cryptography``, not badgepress)."""
    token = FIELD["selfmade-jwt-eddsa-jwks-genuine"]["credentialText"].strip()
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    claims["iss"] = claims["vc"]["issuer"]["id"] = issuer_id

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    signing_input = f"{part({'alg': 'EdDSA', 'kid': kid, 'typ': 'JWT'})}.{part(claims)}"
    signature = base64.urlsafe_b64encode(key.sign(signing_input.encode())).rstrip(b"=")
    return f"{signing_input}.{signature.decode()}".encode()


def _jwks(key: Ed25519PrivateKey) -> dict[str, Any]:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": "key-1"}]}


def _check_online(token: bytes) -> Report:
    now = datetime.fromisoformat(FIELD["selfmade-jwt-eddsa-jwks-genuine"]["now"])
    return check_credential(token, Trust.online(now=now))


def test_jwk_set_fetched_online_from_the_issuers_site_verifies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Ed25519PrivateKey.generate()
    with https_site(tmp_path) as (site, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        site.json("/issuers/1/jwks.json", _jwks(key))
        issuer = f"{site.origin}/issuers/1"
        report = _check_online(_online_token(issuer, f"{issuer}/jwks.json#key-1", key))
    assert report.verdict is Verdict.VERIFIED, report.checks
    assert site.asked == ["/issuers/1/jwks.json"]


def test_jwk_set_redirected_to_another_origin_is_not_the_issuers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Ed25519PrivateKey.generate()
    with https_site(tmp_path) as (site, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        site.redirect("/issuers/1/jwks.json", f"{site.other_origin}/keys.json")
        site.json("/keys.json", _jwks(key))
        issuer = f"{site.origin}/issuers/1"
        report = _check_online(_online_token(issuer, f"{issuer}/jwks.json#key-1", key))
    problem = report.first_problem()
    assert problem is not None and report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.pointer) == ("issuer_key", "jwt:header/kid")
    assert f"the JWK set came from {site.other_origin}/keys.json (redirected) is not on the " \
        f"issuer's site ({site.origin})" in problem.message


def test_oversized_jwk_set_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Ed25519PrivateKey.generate()
    with https_site(tmp_path) as (site, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        padded = {**_jwks(key), "padding": "x" * MAX_DID_DOCUMENT_BYTES}
        site.json("/issuers/1/jwks.json", padded)
        issuer = f"{site.origin}/issuers/1"
        report = _check_online(_online_token(issuer, f"{issuer}/jwks.json#key-1", key))
    problem = report.first_problem()
    assert problem is not None and report.verdict is Verdict.NOT_VERIFIED
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "larger than 1,048,576 bytes" in problem.message


def test_jwk_set_is_not_fetched_offline() -> None:
    case = {**FIELD["selfmade-jwt-rs256-jwks-genuine"], "keySets": {}}
    _, problem = problem_of(case)
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "--online" in (problem.hint or "")
