"""Attacks through keys of other shapes (did:jwk, issue 14): the jose-made cases of the shared
verdict table (``jwt-did-jwk-*``) and identifiers made by hand. The exact verdict, the failing
check, the field its message names, and that no secret key material is repeated."""

from __future__ import annotations

import base64
import json

import pytest

from badgepress.did.jwk import did_jwk_document
from badgepress.errors import ResolutionError
from badgepress.report import Verdict
from tests.reference.verdicts.table import load_case, run_case


def _did_jwk(jwk: dict[str, str]) -> str:
    return "did:jwk:" + base64.urlsafe_b64encode(json.dumps(jwk).encode()).rstrip(b"=").decode()


def test_did_jwk_issuer_signing_with_its_own_key_is_self_asserted() -> None:
    report = run_case(load_case("jwt-did-jwk-issuer"))
    assert report.verdict is Verdict.VERIFIED
    issuer_key = next(c for c in report.checks if c.id == "issuer_key")
    assert issuer_key.code == "self-asserted"


def test_did_jwk_holding_a_private_key_is_not_used_and_not_repeated() -> None:
    case = load_case("jwt-did-jwk-with-private-key")
    report = run_case(case)
    problem = report.first_problem()
    assert report.verdict is Verdict.NOT_VERIFIED
    assert problem is not None
    assert (problem.id, problem.pointer) == ("signature", "jwt:header/kid")
    assert "private key ('d')" in problem.message
    issuer = json.loads(base64.urlsafe_b64decode(
        case["credentialText"].split(".")[1] + "==="))["iss"]
    assert issuer.removeprefix("did:jwk:")[:40] not in problem.message + (problem.hint or "")


def test_did_jwk_key_of_someone_else_does_not_sign_for_the_issuer() -> None:
    report = run_case(load_case("jwt-did-jwk-not-the-issuer"))
    problem = report.first_problem()
    assert report.verdict is Verdict.NOT_VERIFIED
    assert problem is not None
    assert (problem.id, problem.pointer, problem.code) == (
        "issuer_key", "jwt:header/kid", "wrong-issuer")
    assert "not to the issuer did:web:jwt.example" in problem.message


@pytest.mark.parametrize("identifier", [
    "did:jwk:", "did:jwk:not base64!", "did:jwk:" + base64.urlsafe_b64encode(b"[1]").decode(),
    "did:jwk:" + base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
    _did_jwk({"kty": "oct", "k": "c2VjcmV0"}),
])
def test_did_jwk_that_is_not_a_public_key_is_refused(identifier: str) -> None:
    with pytest.raises(ResolutionError, match="did:jwk"):
        did_jwk_document(identifier)


def test_did_jwk_for_encryption_only_may_not_sign() -> None:
    x = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
    with pytest.raises(ResolutionError, match="for encryption"):
        did_jwk_document(_did_jwk({"kty": "OKP", "crv": "Ed25519", "x": x, "use": "enc"}))
