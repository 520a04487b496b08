"""check_credential / verify_credential: each attack fails the check that names it."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from badgepress.crypto.keys import KeyPair
from badgepress.did.document import build_did_document
from badgepress.errors import BadgeError
from badgepress.report import State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential, verify_credential
from tests.helpers import ISSUER_DID, TEST_PUBLIC, did_document, signed_credential

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def trust(document: dict[str, Any] | None = None, now: datetime = NOW) -> Trust:
    return Trust.offline(now=now, did_documents={ISSUER_DID: document or did_document()})


def check(credential: dict[str, Any], **kwargs: Any) -> dict[str, tuple[str, str]]:
    report = check_credential(json.dumps(credential).encode(), trust(**kwargs), path="cred.json")
    return {c.id: (str(c.state), c.message) for c in report.checks}


def states(credential: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    return {k: v[0] for k, v in check(credential, **kwargs).items()}


def test_genuine_credential_verifies() -> None:
    report = check_credential(json.dumps(signed_credential()).encode(), trust())
    assert report.verdict is Verdict.VERIFIED
    assert [c.id for c in report.checks] == ["format", "signature", "issuer_key", "status",
                                            "dates"]


@pytest.mark.parametrize(("pointer", "value"), [
    (("name",), "Something Else"),
    (("validFrom",), "2020-01-01T00:00:00Z"),
    (("credentialSubject", "achievement", "name"), "Rocket Science"),
    (("credentialSubject", "identifier", 0, "identityHash"), "Mallory"),
    (("issuer", "name"), "Another School"),
])
def test_changing_a_signed_value_fails_the_signature(pointer: tuple[Any, ...], value: str) -> None:
    document = copy.deepcopy(signed_credential())
    node: Any = document
    for token in pointer[:-1]:
        node = node[token]
    node[pointer[-1]] = value
    result = states(document)
    assert result["signature"] == "fail"
    assert "issuer_key" not in result


def test_changing_the_issuer_fails() -> None:
    document = signed_credential()
    document["issuer"]["id"] = "did:web:evil.example"
    result = check(document)
    assert result["signature"][0] == "fail"


def test_key_of_someone_else_fails_issuer_key() -> None:
    mallory = KeyPair.generate()
    document = signed_credential(key=mallory, did="did:web:mallory.example")
    mallory_doc = build_did_document("did:web:mallory.example", [mallory.public.multibase])
    report = check_credential(json.dumps(document).encode(), Trust.offline(
        now=NOW, did_documents={ISSUER_DID: did_document(), "did:web:mallory.example":
                                mallory_doc}))
    issuer_key = next(c for c in report.checks if c.id == "issuer_key")
    assert issuer_key.state is State.FAIL
    assert "not to the issuer" in issuer_key.message


def test_key_not_in_assertion_method_fails() -> None:
    document = did_document()
    document["assertionMethod"] = []
    result = check(signed_credential(), document=document)
    assert result["signature"][0] == "pass"
    assert result["issuer_key"][0] == "fail"
    assert "assertionMethod" in result["issuer_key"][1]


def test_unknown_did_fails_issuer_key_with_a_hint() -> None:
    report = check_credential(json.dumps(signed_credential()).encode(), Trust.offline(now=NOW))
    issuer_key = next(c for c in report.checks if c.id == "issuer_key")
    assert issuer_key.state is State.FAIL
    assert issuer_key.hint and "--did-document" in issuer_key.hint


def test_expired_and_not_yet_valid_are_distinct() -> None:
    base = {k: v for k, v in signed_credential().items() if k != "proof"}
    expired = signed_credential(base | {"validUntil": "2026-03-01T00:00:00Z"})
    future = signed_credential(base | {"validFrom": "2027-01-01T00:00:00Z"})
    report = check_credential(json.dumps(expired).encode(), trust())
    dates = next(c for c in report.checks if c.id == "dates")
    assert (dates.state, dates.code) == (State.FAIL, "expired")
    assert "2026-03-01" in dates.message
    report = check_credential(json.dumps(future).encode(), trust())
    dates = next(c for c in report.checks if c.id == "dates")
    assert (dates.state, dates.code) == (State.FAIL, "not-yet-valid")


@pytest.mark.parametrize(("mutate", "check_id", "pointer"), [
    (lambda d: d.pop("proof"), "signature", "/proof"),
    (lambda d: d["proof"][0].update(cryptosuite="bbs-2023"), "signature", "/proof"),
    (lambda d: d["proof"][0].update(proofPurpose="authentication"), "signature",
     "/proof/0/proofPurpose"),
    (lambda d: d.pop("credentialSubject"), "format", "/credentialSubject"),
    (lambda d: d.update(validFrom=12), "format", "/validFrom"),
    (lambda d: d["@context"].append("https://example.org/ctx.json"), "format", "/@context/2"),
    (lambda d: d.update(type="OpenBadgeCredential"), "format", "/type"),
])
def test_bad_input_names_check_and_pointer(mutate: Any, check_id: str, pointer: str) -> None:
    document = signed_credential()
    mutate(document)
    report = check_credential(json.dumps(document).encode(), trust(), path="c.json")
    failing = report.first_problem()
    assert failing is not None and failing.state is State.FAIL
    assert (failing.id, failing.pointer) == (check_id, pointer)


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b"\xff\xfe", b"{}"])
def test_not_a_credential(data: bytes) -> None:
    report = check_credential(data, trust(), path="x.json")
    assert report.verdict is Verdict.NOT_VERIFIED
    assert report.checks[0].id == "format"


def test_huge_file_is_refused_before_parsing() -> None:
    data = b'{"a": "' + b"x" * 50_000_000 + b'"}'
    report = check_credential(data, trust(), path="big.json")
    assert "at most 2 MiB" in report.checks[0].message


def test_verify_credential_raises_with_file_and_pointer() -> None:
    document = signed_credential()
    document["name"] = "Edited"
    with pytest.raises(BadgeError) as error:
        verify_credential(json.dumps(document).encode(), trust(), path="edited.json")
    assert str(error.value).startswith("edited.json: /proof/0/proofValue: the signature")


def test_did_document_key_must_be_multikey_with_ed25519_header() -> None:
    document = did_document()
    document["verificationMethod"][0]["publicKeyMultibase"] = "zQ3s" + TEST_PUBLIC[4:]
    assert check(signed_credential(), document=document)["issuer_key"][0] == "fail"
