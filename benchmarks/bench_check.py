"""check_credential alone, for instruction counts that machine load does not skew.

Run: .venv/bin/python benchmarks/bench_check.py [N] [setup|full]
``full`` checks N credentials of ``bench_crypto``'s kind (signed with the published test
key, so runs repeat exactly) with one fresh ``Trust.offline``, as ``bench_crypto`` does, and
prints CPU milliseconds per credential; ``setup`` does everything but the checks. Under
``PYTHONHASHSEED=0 valgrind --tool=callgrind``, (full - setup) / N is the number of
instructions one check costs.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_crypto import credentials

from badgepress.crypto.proof import sign
from badgepress.did.document import build_did_document, method_id
from badgepress.jsonld import bundled_loader
from badgepress.jsonld.shape import ShapeCache
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import ISSUER_DID, published_test_key


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    mode = sys.argv[2] if len(sys.argv) > 2 else "full"
    pair, loader = published_test_key(), bundled_loader()
    signer = pair.signer(method_id(ISSUER_DID, pair.public.multibase))
    shapes = ShapeCache(loader)
    signed_at = datetime(2026, 1, 1, tzinfo=UTC)
    checked = [json.dumps(sign({k: v for k, v in doc.items() if k != "credentialStatus"},
                               signer, loader, signed_at, shapes)).encode()
               for doc in credentials(n)]
    trust = Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC), did_documents={
        ISSUER_DID: build_did_document(ISSUER_DID, [pair.public.multibase])})
    if mode == "setup":
        return
    start = time.process_time()
    reports = [check_credential(data, trust) for data in checked]
    seconds = time.process_time() - start
    if not all(report.ok for report in reports):
        raise SystemExit("a benchmark credential did not verify")
    print(f"check_credential: {seconds / n * 1000:.3f} ms per credential ({n}, one core)")


if __name__ == "__main__":
    main()
