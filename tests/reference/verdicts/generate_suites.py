"""Write the cryptosuite cases of the shared verdict table (``cases/*.json``): derived
``ecdsa-sd-2023`` proofs attacked one way each, malformed sd proof values (the strict CBOR
subset both verifiers read), and ``eddsa-jcs-2022`` / ``ecdsa-jcs-2019`` credentials.

The sd cases start from the committed disclosure that Digital Bazaar's stack derived
(``field/cases/selfmade-sd-did-key-derived.json``, made by ``stack/generate-sd.mjs``); the
JCS cases are signed with the published W3C test keys (RFC 6979 for ECDSA), so the output
is reproducible. Run it after changing a case and commit the output:

    .venv/bin/python -m tests.reference.verdicts.generate_suites
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from badgepress.crypto import cbor
from badgepress.crypto.multibase import b58encode
from badgepress.crypto.proof import jcs_hash_data
from badgepress.did.document import method_id
from tests.helpers import ISSUER_DID, did_document, published_test_key
from tests.reference.verdicts.generate_interop import ecdsa_key
from tests.reference.verdicts.generate_verifier import CREATED, NOW, credential
from tests.reference.verdicts.table import print_written, write_cases

Json = dict[str, Any]
FIELD = Path(__file__).parent.parent / "field" / "cases"


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    size = next(n for n in (1, 2, 4, 8) if value < 1 << (8 * n))
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + value.to_bytes(size, "big")


def encode(value: Any) -> bytes:
    """CBOR of the shapes ``cbor.decode`` returns (and text, to test its refusal)."""
    if isinstance(value, tuple):
        return _head(6, value[0]) + encode(value[1])
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        return _head(3, len(value.encode())) + value.encode()
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    assert isinstance(value, dict)
    return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())


def proof_value(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).decode().rstrip("=")


def _field(name: str) -> Json:
    case: Json = json.loads((FIELD / f"{name}.json").read_text(encoding="utf-8"))
    return case


def _with_value(document: Json, value: str) -> Json:
    changed = copy.deepcopy(document)
    changed["proof"]["proofValue"] = value
    return changed


def _parts(document: Json) -> list[Any]:
    text = document["proof"]["proofValue"][1:]
    decoded = cbor.decode(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    parts: list[Any] = decoded[1]
    return parts


def _reencoded(document: Json, index: int, value: Any) -> Json:
    parts = _parts(document)
    parts[index] = value
    return _with_value(document, proof_value(encode((0x5D01, parts))))


def _edited(document: Json, pointer: str, value: Any = None) -> Json:
    changed = copy.deepcopy(document)
    *path, last = pointer.strip("/").split("/")
    node = changed
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return changed


def _ecdsa_signature(data: bytes, curve: str) -> bytes:
    private, _ = ecdsa_key(curve)
    der = private.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sign_jcs(document: Json, suite: str, *, context: Any = None) -> Json:
    """``document`` with a JCS proof: eddsa-jcs-2022 by the W3C Ed25519 test key (as the
    did:web issuer's method), or ecdsa-jcs-2019 by the P-256 test key (issuer: its did:key)."""
    if suite == "eddsa-jcs-2022":
        method = method_id(ISSUER_DID, published_test_key().public.multibase)
    else:
        did = f"did:key:{ecdsa_key('P-256')[1]}"
        document = {**document, "issuer": {**document["issuer"], "id": did}}
        method = f"{did}#{ecdsa_key('P-256')[1]}"
    options = {"type": "DataIntegrityProof", "cryptosuite": suite, "created": CREATED,
               "verificationMethod": method, "proofPurpose": "assertionMethod",
               "@context": document["@context"] if context is None else context}
    # as the spec's signer: the document's @context taken as the proof's (a prefix of it)
    data = jcs_hash_data({**document, "@context": options["@context"]}, options, "/proof/0")
    signature = (published_test_key().signer(method).sign(data) if suite == "eddsa-jcs-2022"
                 else _ecdsa_signature(data, "P-256"))
    return {**document, "proof": [{**options, "proofValue": "z" + b58encode(signature)}]}


def cases() -> dict[str, Json]:
    """Every cryptosuite case by name."""
    out: dict[str, Json] = {}

    def add(name: str, description: str, document: Json | None, check: str | None = "signature",
            *, verdict: str = "not-verified", text: str | None = None,
            did_documents: dict[str, Json] | None = None) -> None:
        out[name] = {
            "description": description,
            "expected": {"verdict": verdict, "check": check,
                         "state": "fail" if check else None},
            "now": NOW,
            **({"credentialText": text} if text is not None else {"credential": document}),
            "didDocuments": did_documents or {},
            "resources": {},
        }

    derived = _field("selfmade-sd-did-key-derived")["credential"]
    base = _field("selfmade-sd-base-proof")["credential"]
    parts = _parts(derived)
    add("sd-derived-genuine", "An ecdsa-sd-2023 disclosure derived by Digital Bazaar's stack "
        "from a did:key P-256 base proof: verified.", derived, None, verdict="verified")
    add("sd-disclosed-value-changed", "A disclosed (selectively disclosed) evidence name "
        "changed after derivation.", _edited(derived, "/evidence/0/name", "Forged project"))
    add("sd-mandatory-statement-dropped", "A mandatory statement (the achievement's "
        "achievementType) deleted: the base signature no longer matches.",
        _edited(derived, "/credentialSubject/achievement/achievementType"))
    add("sd-extra-statement-unsigned", "A statement added that no signature covers (an "
        "evidence description).", _edited(derived, "/evidence/0/description", "Added later."))
    labels = parts[3]
    first = next(iter(labels.values()))
    add("sd-label-map-merges-nodes", "A label map that gives two blank nodes one label "
        "(it would merge two nodes' statements).",
        _reencoded(derived, 3, dict.fromkeys(labels, first)))
    add("sd-signature-count-mismatch", "One statement signature removed from the proof.",
        _reencoded(derived, 2, parts[2][:-1]))
    add("sd-mandatory-index-out-of-range", "mandatoryIndexes names a statement the "
        "disclosure does not have.", _reencoded(derived, 4, [*parts[4], 999]))
    add("sd-ephemeral-key-p384", "The ephemeral key is a P-384 Multikey, not P-256.",
        _reencoded(derived, 1, b"\x81\x24" + bytes([2]) + bytes(48)))
    deep: Any = 0
    for _ in range(40):
        deep = [deep]
    add("sd-cbor-deep-nesting", "A proof value of 40 nested CBOR arrays (refused at depth 4, "
        "before any work).", _with_value(derived, proof_value(encode((0x5D01, deep)))))
    add("sd-cbor-oversized-array", "A CBOR array header claiming 2**40 items.",
        _with_value(derived, proof_value(b"\xd9\x5d\x01\x9b" + (1 << 40).to_bytes(8, "big"))))
    add("sd-cbor-indefinite-length", "A CBOR indefinite-length array (not in the subset).",
        _with_value(derived, proof_value(b"\xd9\x5d\x01\x9f\x00\xff")))
    add("sd-cbor-trailing-bytes", "The derived proof value with a byte appended after its "
        "CBOR value.", _with_value(derived, proof_value(encode((0x5D01, parts)) + b"\x00")))
    add("sd-cbor-non-minimal-length", "A CBOR array length written in two bytes (0x98 0x05) "
        "where one would do.", _with_value(
            derived, proof_value(b"\xd9\x5d\x01\x98\x05" + b"".join(map(encode, parts)))))
    add("sd-cbor-text-string", "A text string where the base signature's bytes belong.",
        _reencoded(derived, 0, "not a signature"))
    add("sd-cbor-wrong-tag", "The derived parts under another CBOR tag (0x5d02).",
        _with_value(derived, proof_value(encode((0x5D02, parts)))))
    add("sd-proof-value-not-base64url", "An ecdsa-sd-2023 proof value in base58btc ('z…').",
        _with_value(derived, "z" + b58encode(encode((0x5D01, parts)))))
    add("sd-base-proof-presented", "The issuer's base proof handed to the verifier instead of "
        "a disclosure derived from it.", base)
    p384 = f"did:key:{ecdsa_key('P-384')[1]}"
    on_p384 = copy.deepcopy(derived)
    on_p384["issuer"]["id"] = p384
    on_p384["proof"]["verificationMethod"] = f"{p384}#{ecdsa_key('P-384')[1]}"
    add("sd-p384-issuer-key", "An ecdsa-sd-2023 proof whose verification method is a P-384 "
        "key (the suite signs with P-256).", on_p384)

    issuer_docs = {ISSUER_DID: did_document()}
    eddsa_jcs = sign_jcs(credential(), "eddsa-jcs-2022")
    add("jcs-eddsa-genuine", "An eddsa-jcs-2022 proof (RFC 8785 JSON canonicalisation) by the "
        "issuer's Ed25519 key: verified.", eddsa_jcs, None, verdict="verified",
        did_documents=issuer_docs)
    add("jcs-ecdsa-p256-genuine", "An ecdsa-jcs-2019 proof by a did:key P-256 issuer: "
        "verified.", sign_jcs(credential(), "ecdsa-jcs-2019"), None, verdict="verified")
    add("jcs-tampered-name", "An eddsa-jcs-2022 credential whose name was changed after "
        "signing.", {**eddsa_jcs, "name": "Forged badge"}, did_documents=issuer_docs)
    text = json.dumps(eddsa_jcs, indent=2).replace(
        '"name": ', '"na\\u006de": "Forged badge",\n  "name": ', 1)
    add("jcs-duplicate-key-after-unescaping", "A JCS-signed credential whose text spells "
        "'name' twice (once as \"na\\u006de\"): refused by the loader, so no reader sees a "
        "value other than the signed one.", None, "format", text=text,
        did_documents=issuer_docs)
    add("jcs-proof-context-prefix", "An eddsa-jcs-2022 proof whose @context is only the "
        "first of the credential's contexts (the spec allows a prefix; badgepress wants "
        "all of them signed).", sign_jcs(credential(), "eddsa-jcs-2022",
                                         context=credential()["@context"][:1]),
        did_documents=issuer_docs)
    return out


if __name__ == "__main__":
    print_written(write_cases(cases()))
