"""Embedded credentials are read by their own data model (issue 14): the OB 3.0 JSON Schema
(written for VC 2.0) reads every embedded credential whose own first context is VC 1.1's
with ``issuanceDate``/``expirationDate`` as ``validFrom``/``validUntil``, and names the
stored field when it refuses one; the browser's format check words it identically."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from badgepress.model.credential import schema_view
from badgepress.report import State
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.conftest import REPO
from tests.reference.verdicts.table import CASES as CASES_DIR
from tests.reference.verdicts.table import load_case

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
SCHEMA = "does not match the Open Badges 3.0 schema: "
ENDORSED = "/credentialSubject/achievement/endorsement/0"
STACK = REPO / "tests" / "reference" / "stack"


def credential(case: str) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_case(case)["credential"])
    return document


def endorsement_of(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["credentialSubject"]["achievement"]["endorsement"][0]
    return found


def moved(case: str, place: str) -> dict[str, Any]:
    """The case's credential with its embedded endorsement moved to ``place`` (``issuer``:
    the issuer Profile's endorsements; ``top``: the credential's own)."""
    document = credential(case)
    item = document["credentialSubject"]["achievement"].pop("endorsement")
    (document["issuer"] if place == "issuer" else document)["endorsement"] = item
    return document


def edited(case: str, **fields: Any) -> dict[str, Any]:
    """The case's credential with fields of its embedded endorsement set (``None``: removed)."""
    document = credential(case)
    item = endorsement_of(document)
    for name, value in fields.items():
        if value is None:
            item.pop(name, None)
        else:
            item[name] = value
    return document


def python_problem(document: dict[str, Any]) -> str | None:
    """The Python format check's problem as ``pointer: message``, or None when it passes."""
    check = check_credential(document, Trust.offline()).checks[0]
    failed = check.id == "format" and check.state is not State.PASS
    return f"{check.pointer}: {check.message}" if failed else None


JS_PROBLEMS = """
import {schemaProblem} from './src/format.js';
let input = '';
for await (const chunk of process.stdin) input += chunk;
console.log(JSON.stringify(JSON.parse(input).map(doc => schemaProblem(doc))));
"""


def js_problems(documents: list[dict[str, Any]]) -> list[str | None]:
    node = shutil.which("node")
    assert node, "node is required for the JS verifier"
    out = subprocess.run([node, "--no-warnings", "--input-type=module", "-e", JS_PROBLEMS],
                         cwd=REPO / "js", input=json.dumps(documents), check=True,
                         capture_output=True, text=True).stdout
    found: list[str | None] = json.loads(out)
    return found


VC11 = "vc11-embedded-vc11-endorsement"
CASES: dict[str, tuple[dict[str, Any], str | None]] = {
    "vc11 endorsement in a vc11 badge": (credential(VC11), None),
    "vc11 endorsement in a vc2 badge": (credential("vc2-embedded-vc11-endorsement"), None),
    "vc2 endorsement in a vc11 badge": (credential("vc11-embedded-vc2-endorsement"), None),
    "vc11 endorsement of the issuer": (moved(VC11, "issuer"), None),
    "vc11 endorsement of the credential": (moved(VC11, "top"), None),
    "vc11 endorsement without dates": (
        credential("vc11-embedded-endorsement-without-dates"),
        f"{ENDORSED}/issuanceDate: {SCHEMA}required field missing"),
    "vc11 endorsement with validFrom only": (
        edited(VC11, issuanceDate=None, validFrom="2026-01-02T03:04:05Z"), None),
    "vc11 endorsement whose issuanceDate is a number": (
        edited(VC11, issuanceDate=5), f"{ENDORSED}/issuanceDate: {SCHEMA}must be a text"),
    "vc11 endorsement whose expirationDate is a number": (
        edited(VC11, expirationDate=5), f"{ENDORSED}/expirationDate: {SCHEMA}must be a text"),
    "vc11 endorsement of the issuer without dates": (  # issuer: a text or a Profile (oneOf)
        moved("vc11-embedded-endorsement-without-dates", "issuer"),
        f"/issuer: {SCHEMA}matches none of the allowed forms"),
    "vc11 endorsement of the credential without dates": (
        moved("vc11-embedded-endorsement-without-dates", "top"),
        f"/endorsement/0/issuanceDate: {SCHEMA}required field missing"),
    "vc2 endorsement with issuanceDate only": (
        credential("vc2-embedded-endorsement-issuance-date-only"),
        f"{ENDORSED}/validFrom: {SCHEMA}required field missing"),
    "vc2 endorsement whose expirationDate is a number": (
        edited("vc11-embedded-vc2-endorsement", expirationDate=5), None),
    "vc2 endorsement with validUntil a number beside expirationDate": (
        edited("vc11-embedded-vc2-endorsement", expirationDate="2027-01-01T00:00:00Z",
               validUntil=5), f"{ENDORSED}/validUntil: {SCHEMA}must be a text"),
}


@pytest.mark.parametrize("name", CASES)
def test_embedded_credential_is_read_by_its_own_data_model(name: str) -> None:
    document, expected = CASES[name]
    before = copy.deepcopy(document)
    assert python_problem(document) == expected
    assert document == before  # the proof covers the document as stored: never changed


def test_browser_format_check_words_every_case_identically() -> None:
    documents = [document for document, _ in CASES.values()]
    assert js_problems(documents) == [expected for _, expected in CASES.values()]


def test_vc2_endorsement_claiming_the_vc11_date_name_is_not_renamed() -> None:
    """Attack: the VC 1.1 reading is the endorsement's own context's, never its badge's: a
    VC 2.0 endorsement inside a VC 1.1 badge that carries only ``issuanceDate`` is refused."""
    document = edited("vc11-embedded-vc2-endorsement", validFrom=None,
                      issuanceDate="2026-01-02T03:04:05Z")
    expected = f"{ENDORSED}/validFrom: {SCHEMA}required field missing"
    assert python_problem(document) == expected
    assert js_problems([document]) == [expected]


def test_vc11_context_later_in_the_list_is_not_a_vc11_credential() -> None:
    """Attack: only the first context names the data model; a VC 2.0 endorsement that also
    lists the VC 1.1 context after its own is still read as VC 2.0."""
    document = credential("vc2-embedded-endorsement-issuance-date-only")
    endorsement_of(document)["@context"].insert(1, VC_V1)
    view, renamed = schema_view(document)
    assert endorsement_of(view)["@context"][0] == VC_V2
    assert "validFrom" not in endorsement_of(view)
    assert not any(p.startswith(ENDORSED) for p in renamed)


def test_clr_embedded_vc11_credentials_and_their_endorsement_pass_the_schema() -> None:
    """The field case 1edtech-clr-simple_v1: each embedded VC 1.1 credential, checked on its
    own, passes the schema, one with a VC 1.1 endorsement of its own."""
    record = json.loads((REPO / "tests/reference/field/cases/1edtech-clr-simple_v1.json")
                        .read_text(encoding="utf-8"))["credential"]
    embedded = record["credentialSubject"]["verifiableCredential"]
    assert any("endorsement" in e["credentialSubject"]["achievement"] for e in embedded)
    assert [python_problem(e) for e in embedded] == [None] * len(embedded)
    assert js_problems(embedded) == [None] * len(embedded)


STACK_CASES = sorted(p.stem for p in CASES_DIR.glob("*.json")
                     if json.loads(p.read_text(encoding="utf-8")).get("source", {})
                     .get("generator") == "tests/reference/stack/generate-vc11-embedded.mjs")


def test_reference_stack_verifies_each_case_as_recorded(tmp_path: Path) -> None:
    """Digital Bazaar's stack (run as a real Node process on the committed files) verifies
    every proof of these cases: their signatures are genuine, the verdicts above are the
    schema's. It reads no OB 3.0 JSON Schema, so it accepts the undated endorsement too."""
    node = shutil.which("node")
    if node is None or not (STACK / "node_modules" / "@digitalbazaar").is_dir():
        pytest.fail("the reference stack is not installed: cd tests/reference/stack && npm ci")
    assert len(STACK_CASES) == 5
    paths = [CASES_DIR / f"{name}.json" for name in STACK_CASES]
    done = subprocess.run([node, str(STACK / "verify.mjs"), *map(str, paths)],
                          capture_output=True, text=True, timeout=300, check=True)
    found = {item["name"]: item["verdict"] for item in json.loads(done.stdout)}
    assert found == {name: load_case(name)["stack"] for name in STACK_CASES}
    assert set(found.values()) == {"verified"}
