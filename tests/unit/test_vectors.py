"""The W3C and 1EdTech eddsa-rdfc-2022 test vectors reproduce byte for byte."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from badgepress.crypto.keys import KeyPair, PublicKey
from badgepress.crypto.multibase import b58encode
from badgepress.crypto.proof import hash_data, select_proof, sign, verify_proof
from badgepress.errors import ProofError
from badgepress.jsonld import bundled_loader, canonicalize


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def w3c(reference: Path) -> Path:
    return reference / "test-vectors"


@pytest.fixture
def ob(reference: Path) -> Path:
    return reference / "test-vectors" / "ob-v3p0-eddsa-rdfc-2022"


def test_w3c_canonical_document_and_proof_config(w3c: Path) -> None:
    loader = bundled_loader()
    document = json.loads(read(w3c / "unsigned.json"))
    config = json.loads(read(w3c / "eddsa-rdfc-2022" / "proofConfigDataInt.json"))
    canon_doc = canonicalize(document, loader)
    canon_proof = canonicalize(config, loader)
    assert canon_doc == read(w3c / "eddsa-rdfc-2022" / "canonDocDataInt.txt")
    assert canon_proof == read(w3c / "eddsa-rdfc-2022" / "proofCanonDataInt.txt")
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == read(
        w3c / "eddsa-rdfc-2022" / "docHashDataInt.txt").strip()
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == read(
        w3c / "eddsa-rdfc-2022" / "proofHashDataInt.txt").strip()


def test_w3c_signature_and_proof_value(w3c: Path) -> None:
    keys = json.loads(read(w3c / "keyPair.json"))
    pair = KeyPair.from_secret_multibase(keys["privateKeyMultibase"])
    assert pair.public.multibase == keys["publicKeyMultibase"]
    document = json.loads(read(w3c / "unsigned.json"))
    options = json.loads(read(w3c / "eddsa-rdfc-2022" / "proofConfigDataInt.json"))
    options.pop("@context")
    data = hash_data(document, options, bundled_loader())
    assert data.hex() == read(w3c / "eddsa-rdfc-2022" / "combinedHashDataInt.txt").strip()
    signature = pair.signer(options["verificationMethod"]).sign(data)
    assert signature.hex() == read(w3c / "eddsa-rdfc-2022" / "sigHexDataInt.txt").strip()
    expected = read(w3c / "eddsa-rdfc-2022" / "sigBTC58DataInt.txt").strip()
    assert "z" + b58encode(signature) == expected


def test_w3c_signed_document_is_reproduced(w3c: Path) -> None:
    keys = json.loads(read(w3c / "keyPair.json"))
    pair = KeyPair.from_secret_multibase(keys["privateKeyMultibase"])
    expected = json.loads(read(w3c / "eddsa-rdfc-2022" / "signedDataInt.json"))
    options = expected["proof"]
    signed = sign(json.loads(read(w3c / "unsigned.json")),
                  pair.signer(options["verificationMethod"]), bundled_loader(),
                  datetime.fromisoformat(options["created"].replace("Z", "+00:00")))
    assert signed["proof"] == [options]
    verify_proof(expected, select_proof(expected), pair.public, bundled_loader())


def test_1edtech_open_badges_vector(ob: Path) -> None:
    loader = bundled_loader()
    keys = json.loads(read(ob / "keyPair.json"))
    pair = KeyPair.from_secret_multibase(keys["secretKeyMultibase"])  # 64-byte form
    assert pair.public.multibase == keys["publicKeyMultibase"]
    assert pair.seed.hex() == keys["privateKeyHex"][:64]
    unsigned = json.loads(read(ob / "unsigned.json"))
    options = json.loads(read(ob / "proofOptions.json"))
    assert canonicalize(unsigned, loader) == read(ob / "document-canon.txt")
    assert canonicalize({**options, "@context": unsigned["@context"]}, loader) == read(
        ob / "proof-canon.txt")
    data = hash_data(unsigned, options, loader)
    assert data[32:].hex() == read(ob / "documentHash.txt").strip()
    assert data[:32].hex() == read(ob / "proofHash.txt").strip()
    assert data.hex() == read(ob / "dataToSign.txt").strip()
    signature = pair.signer(options["verificationMethod"]).sign(data)
    assert signature.hex() == read(ob / "signatureHex.txt").strip()
    assert "z" + b58encode(signature) == read(ob / "proofValue.txt").strip()
    signed = json.loads(read(ob / "signed.json"))
    verify_proof(signed, select_proof(signed), PublicKey.from_multibase(
        keys["publicKeyMultibase"]), loader)


def test_signed_examples_verify(reference: Path) -> None:
    loader = bundled_loader()
    files = sorted((reference / "examples").glob("*.signed.json"))
    files += sorted((reference / "test-vectors" / "bitstring-status-list").glob("*.signed.json"))
    assert len(files) == 6
    for path in files:
        document = json.loads(path.read_bytes())
        proof = select_proof(document)
        fragment = proof.verification_method.split("#")[-1].removeprefix("did:key:")
        verify_proof(document, proof, PublicKey.from_multibase(fragment), loader)


def test_wrong_key_fails(reference: Path) -> None:
    document = json.loads((reference / "examples" / "ob3-simple-openbadgecredential.signed.json")
                          .read_bytes())
    other = KeyPair.generate().public
    with pytest.raises(ProofError, match="signature does not match"):
        verify_proof(document, select_proof(document), other, bundled_loader())


def test_w3c_ed25519_signature_2020_vector_verifies(w3c: Path) -> None:
    document = json.loads(read(w3c / "ed25519-signature-2020" / "signedEdSig.json"))
    key = PublicKey.from_multibase(json.loads(read(w3c / "keyPair.json"))["publicKeyMultibase"])
    proof = select_proof(document)
    assert proof.suite == "Ed25519Signature2020"
    verify_proof(document, proof, key, bundled_loader())
    tampered = {**document, "credentialSubject": {**document["credentialSubject"], "id": "x:y"}}
    with pytest.raises(ProofError, match="does not match"):
        verify_proof(tampered, proof, key, bundled_loader())


@pytest.mark.parametrize(("curve", "hash_name"), [("P256", "sha256"), ("P384", "sha384")])
def test_w3c_ecdsa_rdfc_2019_vectors_verify(w3c: Path, curve: str, hash_name: str) -> None:
    folder = w3c / "ecdsa-rdfc-2019"
    document = json.loads(read(folder / f"signedECDSA{curve}.json"))
    keys = json.loads(read(folder / f"{curve.lower()}KeyPair.json"))
    key = PublicKey.from_any_multibase(keys["publicKeyMultibase"])
    assert key.multibase == keys["publicKeyMultibase"] and key.hash_name == hash_name
    proof = select_proof(document)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    assert hash_data(unsecured, proof.options, bundled_loader(), hash_name).hex() == read(
        folder / f"combinedHashECDSA{curve}.txt").strip()
    verify_proof(document, proof, key, bundled_loader())
    with pytest.raises(ProofError, match="does not match"):
        verify_proof({**document, "name": "Another"}, proof, key, bundled_loader())


def test_an_ecdsa_proof_with_an_ed25519_key_is_refused(w3c: Path) -> None:
    document = json.loads(read(w3c / "ecdsa-rdfc-2019" / "signedECDSAP256.json"))
    ed = PublicKey.from_multibase(json.loads(read(w3c / "keyPair.json"))["publicKeyMultibase"])
    with pytest.raises(ProofError, match="needs a P-256 or P-384 key, not Ed25519"):
        verify_proof(document, select_proof(document), ed, bundled_loader())
