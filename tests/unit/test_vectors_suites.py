"""The W3C vectors of the other suites reproduce: ecdsa-rdfc-2019 and ecdsa-jcs-2019 (P-256,
P-384), eddsa-jcs-2022 (canonical forms, hashes, signatures) and ecdsa-sd-2023 (the derived
proof value's parts, the statements and the mandatory hash; its vectors use a context
badgepress does not ship, so the canonical statements are taken from the vector)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from badgepress.crypto import sd
from badgepress.crypto.jcs import canonical_json
from badgepress.crypto.keys import PublicKey
from badgepress.crypto.multibase import decode_multibase_z
from badgepress.crypto.proof import select_proof, verify_proof, without_proof
from badgepress.errors import CanonicalizationError, ProofError
from badgepress.jsonld import bundled_loader, canonicalize

RDFC = [("ecdsa-rdfc-2019", "ECDSAP256", "sha256"), ("ecdsa-rdfc-2019", "ECDSAP384", "sha384")]
JCS = [("ecdsa-jcs-2019", "JCSECDSAP256", "sha256"), ("ecdsa-jcs-2019", "JCSECDSAP384", "sha384"),
       ("eddsa-jcs-2022", "JCS", "sha256")]


def _text(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def _json(folder: Path, name: str) -> Any:
    return json.loads(_text(folder, name))


def _method_key(document: dict[str, Any]) -> PublicKey:
    method = document["proof"]["verificationMethod"]
    return PublicKey.from_any_multibase(method.split("#")[1])


@pytest.mark.parametrize(("suite", "tag", "hash_name"), RDFC + JCS,
                         ids=[f"{s}-{t}" for s, t, _ in RDFC + JCS])
def test_w3c_vector_canonical_forms_hashes_and_signature(
    reference: Path, suite: str, tag: str, hash_name: str
) -> None:
    folder = reference / "test-vectors" / suite
    signed = _json(folder, f"signed{tag}.json")
    config = _json(folder, f"proofConfig{tag}.json")
    unsecured = without_proof(signed)
    if suite.endswith("jcs-2019") or suite.endswith("jcs-2022"):
        canon_doc, canon_proof = canonical_json(unsecured), canonical_json(config)
    else:
        canon_doc = canonicalize(unsecured, bundled_loader())
        canon_proof = canonicalize(config, bundled_loader())
    assert canon_doc == _text(folder, f"canonDoc{tag}.txt")
    assert canon_proof == _text(folder, f"proofCanon{tag}.txt")
    doc_hash = hashlib.new(hash_name, canon_doc.encode()).hexdigest()
    proof_hash = hashlib.new(hash_name, canon_proof.encode()).hexdigest()
    assert doc_hash == _text(folder, f"docHash{tag}.txt").strip()
    assert proof_hash == _text(folder, f"proofHash{tag}.txt").strip()
    assert proof_hash + doc_hash == _text(folder, f"combinedHash{tag}.txt").strip()
    proof = signed["proof"]
    assert proof["proofValue"] == _text(folder, f"sigBTC58{tag}.txt").strip()
    signature = decode_multibase_z(proof["proofValue"])
    assert signature.hex() == _text(folder, f"sigHex{tag}.txt").strip()
    verify_proof(signed, select_proof(signed), _method_key(signed), bundled_loader())


@pytest.mark.parametrize("suite", ["ecdsa-jcs-2019", "eddsa-jcs-2022"])
def test_w3c_jcs_vector_fails_once_a_value_changes(reference: Path, suite: str) -> None:
    folder = reference / "test-vectors" / suite
    signed = next(_json(folder, p.name) for p in sorted(folder.glob("signed*.json")))
    changed = {**signed, "name": signed["name"] + "!"}
    with pytest.raises(ProofError, match="signature does not match"):
        verify_proof(changed, select_proof(changed), _method_key(changed), bundled_loader())


@pytest.mark.parametrize("variant", ["prc", "employ"])
def test_w3c_sd_derived_proof_value_parts(reference: Path, variant: str) -> None:
    folder = reference / "test-vectors" / "ecdsa-sd-2023" / variant
    document = _json(folder, "derivedRevealDocument.json")
    expected = _json(folder, "verifyDerivedProofValue.json")
    derived = sd.parse_derived(document["proof"]["proofValue"], "/proof")
    assert derived.base_signature.hex() == expected["baseSignature"]
    assert PublicKey(derived.public_key[2:], "P-256").multibase == expected["publicKey"]
    assert [s.hex() for s in derived.signatures] == expected["signatures"]
    assert derived.labels == dict(expected["labelMap"])
    assert list(derived.mandatory_indexes) == expected["mandatoryIndexes"]


@pytest.mark.parametrize("variant", ["prc", "employ"])
def test_w3c_sd_statements_relabel_and_verify(reference: Path, variant: str) -> None:
    folder = reference / "test-vectors" / "ecdsa-sd-2023" / variant
    document = _json(folder, "derivedRevealDocument.json")
    data = _json(folder, "verifyCreateVerifyData.json")
    statements: list[str] = _json(folder, "verifyNQuads.json")
    derived = sd.parse_derived(document["proof"]["proofValue"], "/proof")
    # The canonical form the verifier computes names blank nodes c14nN: undo the renaming.
    canonical = "".join(statements)
    for c14n, label in derived.labels.items():
        canonical = canonical.replace(f"_:{label}", f"_:{c14n}")
    assert sd.relabel(canonical, derived.labels, "/proof") == statements
    chosen = set(derived.mandatory_indexes)
    mandatory = "".join(s for i, s in enumerate(statements) if i in chosen)
    assert hashlib.sha256(mandatory.encode()).hexdigest() == data["mandatoryHash"]
    assert [s for i, s in enumerate(statements) if i not in chosen] == data["nonMandatory"]
    key = _method_key(document)
    sd.verify_statements(statements, bytes.fromhex(data["proofHash"]), derived, key, "/proof")
    with pytest.raises(ProofError, match="does not match"):
        sd.verify_statements([*statements[:-1], statements[-1].replace('"', "'", 1)],
                             bytes.fromhex(data["proofHash"]), derived, key, "/proof")


def test_w3c_sd_base_proof_is_refused(reference: Path) -> None:
    base = _json(reference / "test-vectors" / "ecdsa-sd-2023" / "prc", "addSignedSDBase.json")
    with pytest.raises(ProofError, match="base proof, which is meant for the holder"):
        sd.parse_derived(base["proof"]["proofValue"], "/proof")


def test_relabel_leaves_blank_node_text_in_literals_alone() -> None:
    labels = {"c14n0": "uAAAA"}
    canonical = '_:c14n0 <http://schema.org/name> "_:c14n0 is not a node" .\n'
    assert sd.relabel(canonical, labels, "/proof") == [
        '_:uAAAA <http://schema.org/name> "_:c14n0 is not a node" .\n']


@pytest.mark.parametrize(("value", "text"), [
    (0.1, "0.1"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (123.0, "123"),
    (1e-7, "1e-7"), (0.000001, "0.000001"), (5e-324, "5e-324"), (-0.0, "0"),
    (1.7976931348623157e308, "1.7976931348623157e+308"), (12345678901234567890.0,
                                                          "12345678901234567000"),
    (333333333.33333329, "333333333.3333333"), (-12.5, "-12.5")])
def test_jcs_numbers_are_written_as_ecmascript_writes_them(value: float, text: str) -> None:
    assert canonical_json(value) == text


def test_jcs_sorts_members_by_utf16_code_units() -> None:
    # U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 (by code points it would not)
    assert canonical_json({"\ufb33": 1, "\U0001f600": 2, "b": 3, "a": [None, True, "é\n\x01"]}) \
        == '{"a":[null,true,"é\\n\\u0001"],"b":3,"\U0001f600":2,"\ufb33":1}'


def test_jcs_refuses_a_number_javascript_cannot_hold_and_names_it() -> None:
    with pytest.raises(CanonicalizationError, match="no exact JSON canonical form") as caught:
        canonical_json({"credentialSubject": {"result": [{"value": 2**60}]}})
    assert caught.value.pointer == "/credentialSubject/result/0/value"
