"""Attacks on the caches a ``Trust`` keeps while checking many credentials (issue 17): the
JSON Schema verdict remembered per credential shape (``SchemaShapes``), the compiled
canonical forms, the status lists verified once. Each attack first teaches the trust a
genuine credential, then sends one of the same shape that differs where a shortcut might
not look; it must get exactly the report a trust without caches gives (the same checks,
states, messages and pointers)."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from badgepress.crypto.proof import without_proof
from badgepress.report import State
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import ISSUER_DID, did_document, signed_credential, unsigned_credential
from tests.reference.verdicts.table import case_trust, load_case

Json = dict[str, Any]


def offline() -> Trust:
    return Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC),
                         did_documents={ISSUER_DID: did_document()})


def genuine() -> Json:
    document = unsigned_credential()
    document["credentialSubject"]["achievement"].update(inLanguage="en",
                                                        achievementType="Badge")
    return document


def after_a_genuine_one(data: bytes, trust: Trust, taught: bytes) -> dict[str, Any]:
    """The report on ``data`` by ``trust`` once it checked ``taught``, asserting it is the
    report of a trust without caches."""
    assert check_credential(taught, trust).ok
    report = check_credential(data, trust).to_json()
    plain = dataclasses.replace(trust, shapes=None, schemas=None, verified_status_lists={},
                               methods={})
    assert report == check_credential(data, plain).to_json()
    return report


def signed_bytes(document: Json) -> bytes:
    return json.dumps(signed_credential(document)).encode()


def format_check(report: dict[str, Any]) -> dict[str, Any]:
    check: dict[str, Any] = report["checks"][0]
    assert check["id"] == "format"
    return check


def test_a_value_the_schema_forbids_in_a_known_shape_fails_the_schema() -> None:
    taught = signed_bytes(genuine())
    for field, forbidden in (("inLanguage", "EN"), ("achievementType", "badge")):
        document = genuine()
        document["credentialSubject"]["achievement"][field] = forbidden
        report = after_a_genuine_one(signed_bytes(document), offline(), taught)
        check = format_check(report)
        assert (check["state"], check["pointer"]) == (
            "fail", f"/credentialSubject/achievement/{field}")


def test_an_identity_type_outside_the_enum_and_the_ext_pattern_fails_the_schema() -> None:
    document = genuine()
    document["credentialSubject"]["identifier"][0]["identityType"] = "Name"
    report = after_a_genuine_one(signed_bytes(document), offline(), signed_bytes(genuine()))
    check = format_check(report)
    assert (check["state"], check["pointer"]) == (
        "fail", "/credentialSubject/identifier/0/identityType")


def test_a_key_added_to_a_closed_object_of_a_known_shape_fails_the_schema() -> None:
    document = genuine()
    document["credentialSubject"]["identifier"][0]["forged"] = "x"
    data = json.dumps(document).encode()  # the schema refuses it before any signature check
    report = after_a_genuine_one(data, offline(), signed_bytes(genuine()))
    check = format_check(report)
    assert (check["state"], check["pointer"]) == (
        "fail", "/credentialSubject/identifier/0/forged")


def test_a_string_turned_into_a_number_in_a_known_shape_fails_the_schema() -> None:
    document = genuine()
    document["credentialSubject"]["achievement"]["name"] = 7
    report = after_a_genuine_one(signed_bytes(document), offline(), signed_bytes(genuine()))
    assert format_check(report)["pointer"] == "/credentialSubject/achievement/name"


def test_a_repeated_key_hiding_a_forbidden_value_behind_a_known_shape_is_refused() -> None:
    """The first ``inLanguage`` is the genuine one's; a reader that kept the last would see
    "EN". The JSON reader refuses the repeated key before any cache is asked."""
    text = json.dumps(signed_credential(genuine()))
    data = text.replace('"inLanguage": "en"', '"inLanguage": "en", "inLanguage": "EN"').encode()
    assert data != text.encode()
    report = after_a_genuine_one(data, offline(), signed_bytes(genuine()))
    check = format_check(report)
    assert (check["state"], check["pointer"]) == (
        "fail", "/credentialSubject/achievement/inLanguage")


def test_a_changed_value_in_a_known_shape_still_breaks_the_signature() -> None:
    signed = signed_credential(genuine())
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["achievement"]["name"] = "Advanced Python"
    report = after_a_genuine_one(json.dumps(forged).encode(), offline(),
                                 json.dumps(signed).encode())
    assert [(c["id"], c["state"], c.get("pointer")) for c in report["checks"]] == [
        ("signature", "fail", "/proof/0/proofValue")]


def test_a_status_index_outside_a_list_already_verified_cannot_be_checked() -> None:
    """The list is verified and decoded once, for the revoked badge; an index past its end
    in a badge checked next is not read as "not revoked"."""
    case = load_case("status-revoked")
    trust = case_trust(case)
    revoked = check_credential(json.dumps(case["credential"]).encode(), trust)
    assert next(c for c in revoked.checks if c.id == "status").code == "revoked"
    assert trust.verified_status_lists
    outside = without_proof(case["credential"])
    outside["credentialStatus"] = {**outside["credentialStatus"],
                                   "statusListIndex": str(2**40)}
    data = signed_bytes(outside)
    report = check_credential(data, trust).to_json()
    plain = dataclasses.replace(case_trust(case), shapes=None, schemas=None, methods={})
    assert report == check_credential(data, plain).to_json()
    status = next(c for c in report["checks"] if c["id"] == "status")
    assert (status["state"], status["code"]) == (str(State.WARN), "status-unknown")
