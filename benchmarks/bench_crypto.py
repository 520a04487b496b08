"""Sign and verify 1,000 Open Badges credentials; print milliseconds per credential.

Run: .venv/bin/python benchmarks/bench_crypto.py [N]
Single process, one core; CPU time (time.process_time), so other load on the machine
skews it less. Compares badgepress' canonicalisation (general path and compiled shapes)
with pyld as shipped, and times the JavaScript reference stack (Digital Bazaar's
@digitalbazaar/vc with eddsa-rdfc-2022, ``tests/reference/stack``, Node) verifying the same
credentials in the same run (skipped with a note if Node or the stack is missing).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyld import jsonld

from badgepress.crypto.keys import KeyPair, PublicKey
from badgepress.crypto.proof import select_proof, sign, verify_proof
from badgepress.did.document import build_did_document, method_id
from badgepress.jsonld import BundledLoader, bundled_loader, canonicalize
from badgepress.jsonld.shape import ShapeCache
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import ISSUER_DID, published_test_key, unsigned_credential
from tests.reference.verdicts.generate_interop import (
    ED25519_2020_CONTEXT,
    ecdsa_key,
    sign_2020,
    sign_ecdsa,
)


def credentials(n: int) -> list[dict[str, Any]]:
    """N distinct credentials of the shape badgepress issues."""
    out = []
    for i in range(n):
        doc = unsigned_credential(id=f"https://example-academy.github.io/badges/badges/b{i}/",
                                  validUntil="2030-01-01T00:00:00Z")
        doc["credentialSubject"]["identifier"].append({
            "type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
            "identityHash": f"sha256${i:064x}", "salt": f"{i:032x}"})
        doc["credentialStatus"] = {
            "id": f"https://example-academy.github.io/badges/status/1.json#{i}",
            "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(i),
            "statusListCredential": "https://example-academy.github.io/badges/status/1.json"}
        out.append(doc)
    return out


def proof_types(docs: list[dict[str, Any]], loader: BundledLoader) -> list[tuple[str, float]]:
    """Seconds per credential to verify one proof of each proof type (issue 14)."""
    key_2020 = published_test_key().public
    with_2020 = [{**d, "@context": [*d["@context"], ED25519_2020_CONTEXT]} for d in docs]
    kinds = [("Ed25519Signature2020", [sign_2020(d) for d in with_2020], key_2020)]
    for curve in ("P-256", "P-384"):
        key = PublicKey.from_any_multibase(ecdsa_key(curve)[1])
        kinds.append((f"ecdsa-rdfc-2019 {curve}", [sign_ecdsa(d, curve) for d in docs], key))
    out = []
    for name, signed, key in kinds:
        start = time.process_time()
        for doc in signed:
            verify_proof(doc, select_proof(doc), key, loader)
        out.append((name, (time.process_time() - start) / len(signed)))
    return out


def per_item_ms(seconds: float, n: int) -> str:
    return f"{seconds / n * 1000:7.3f} ms"


STACK = Path(__file__).resolve().parents[1] / "tests" / "reference" / "stack"


def reference_stack_ms(signed: list[dict[str, Any]], did_document: dict[str, Any]) -> float | None:
    """CPU milliseconds per credential for the JS reference stack to verify ``signed``
    (one Node process, so one core), or ``None`` if Node or the stack is not installed."""
    node = shutil.which("node")
    if node is None or not (STACK / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return None
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "input.json"
        data.write_text(json.dumps({"now": "2026-06-01T00:00:00Z",
                                    "didDocuments": {ISSUER_DID: did_document},
                                    "credentials": signed}), encoding="utf-8")
        result = subprocess.run([node, str(STACK / "bench-verify.mjs"), str(data)],  # noqa: S603
                                capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    if out["verified"] != len(signed):
        raise SystemExit(f"the reference stack verified {out['verified']} of {len(signed)}")
    return float(out["msPerCredential"])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    docs = credentials(n)
    loader = bundled_loader()
    pair = KeyPair.generate()
    signer = pair.signer(method_id(ISSUER_DID, pair.public.multibase))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    canonicalize(docs[0], loader)  # warm caches

    start = time.process_time()
    for doc in docs:
        canonicalize(doc, loader)
    canon = time.process_time() - start

    plain_opts = {"algorithm": "URDNA2015", "format": "application/n-quads", "base": None,
                  "documentLoader": BundledLoader()}
    sample = docs[: max(1, n // 5)]
    start = time.process_time()
    for doc in sample:
        jsonld.normalize(copy.deepcopy(doc), plain_opts)
    plain = time.process_time() - start

    start = time.process_time()
    shapes = ShapeCache(loader)
    for doc in docs:
        shapes.canonicalize(doc)
    shaped = time.process_time() - start

    start = time.process_time()
    signed = [sign(doc, signer, loader, now) for doc in docs]
    signing = time.process_time() - start

    start = time.process_time()
    shapes = ShapeCache(loader)
    signed_shaped = [sign(doc, signer, loader, now, shapes) for doc in docs]
    signing_shaped = time.process_time() - start
    if signed_shaped != signed:
        raise SystemExit("signing through compiled shapes gave other proofs")

    start = time.process_time()
    for doc in signed:
        verify_proof(doc, select_proof(doc), pair.public, loader)
    verifying = time.process_time() - start

    start = time.process_time()
    shapes = ShapeCache(loader)
    for doc in signed:
        verify_proof(doc, select_proof(doc), pair.public, loader, shapes)
    verifying_shaped = time.process_time() - start

    did_document = build_did_document(ISSUER_DID, [pair.public.multibase])
    trust = Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC),
                          did_documents={ISSUER_DID: did_document})
    unlisted = [{k: v for k, v in doc.items() if k != "credentialStatus"} for doc in docs]
    checked_docs = [sign(doc, signer, loader, now) for doc in unlisted]
    checked = [json.dumps(doc).encode() for doc in checked_docs]
    start = time.process_time()
    reports = [check_credential(data, trust) for data in checked]
    full = time.process_time() - start
    if not all(report.ok for report in reports):
        raise SystemExit("a benchmark credential did not verify")
    js_ms = reference_stack_ms(checked_docs, did_document)

    print(f"{n} credentials, one core")
    print(f"canonicalise document (badgepress): {per_item_ms(canon, n)}")
    print(f"canonicalise document (pyld as shipped): {per_item_ms(plain, len(sample))}")
    print(f"canonicalise document (compiled shapes): {per_item_ms(shaped, n)}")
    print(f"sign (2 canonicalisations + Ed25519):  {per_item_ms(signing, n)}")
    print(f"sign, compiled shapes:                 {per_item_ms(signing_shaped, n)}")
    print(f"verify proof:                          {per_item_ms(verifying, n)}")
    print(f"verify proof, compiled shapes:         {per_item_ms(verifying_shaped, n)}")
    print(f"check_credential (all five checks):    {per_item_ms(full, n)}")
    if js_ms is None:
        print("JS reference stack: not installed (cd tests/reference/stack && npm ci)")
    else:
        ours = verifying_shaped / n * 1000
        print(f"verify, JS reference stack (Node):     {js_ms:7.3f} ms")
        print(f"JS reference / badgepress verify proof (shapes): {js_ms / ours:5.1f}x; "
              f"/ check_credential: {js_ms / (full / n * 1000):5.1f}x")
    for name, seconds in proof_types(docs, loader):
        print(f"verify proof, {name + ':':24} {per_item_ms(seconds, 1)}")


if __name__ == "__main__":
    main()
