"""Per-credential verification time for every proof type the verifiers accept, in Python
and in the browser verifier's code (the JS modules the bundle is built from, under Node).

Run: .venv/bin/python benchmarks/bench_proof_types.py [RUNS]   (default 30; --quick = 3)

The proof types come from the genuine cases (expected verdict ``verified``) of the shared
verdict table and the field fixtures, keyed by proof type / cryptosuite (a JWT input by its
``alg``), so a kind added later is measured without changing this file. For each kind the
first such case is verified RUNS times after one warm-up, from its text through the full
report (format, signature, issuer key, status, dates), with the case's offline DID
documents and status lists. The process (and the Node child) is pinned to one core; the
median wall time is printed in milliseconds. Repeating one document lets per-process caches
(the hash of a proof configuration, processed contexts) work as they do in a batch.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reference.verdicts.table import outcome, run_case  # noqa: E402

SOURCES = [REPO / "tests" / "reference" / "verdicts" / "cases",
           REPO / "tests" / "reference" / "field" / "cases"]
NODE_BENCH = """
import {readFileSync} from 'node:fs';
import {credentialTextFromFile} from '%(js)s/src/baked.js';
import {parseCredentialText} from '%(js)s/src/parse.js';
import {verifyCredential} from '%(js)s/src/verify.js';
import {caseFetchMap, fixtureFetch} from '%(js)s/test/helpers.js';
const [runs, ...paths] = process.argv.slice(2);
const out = {};
for(const path of paths) {
  const c = JSON.parse(readFileSync(path, 'utf8'));
  const text = 'credentialText' in c ? c.credentialText : JSON.stringify(c.credential, null, 2);
  const once = async () => {
    const bytes = new TextEncoder().encode(text);
    const credential = parseCredentialText(credentialTextFromFile(bytes).text);
    const fetchJson = fixtureFetch(caseFetchMap(c));
    return verifyCredential(credential, {now: new Date(c.now), fetchJson});
  };
  const first = await once();
  const times = [];
  for(let i = 0; i < Number(runs); i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  out[path] = {verdict: first.verdict, median: times[Math.floor(times.length / 2)]};
}
console.log(JSON.stringify(out));
"""


def _jwt_kind(text: str) -> str | None:
    head = text.strip().split(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except ValueError:
        return None
    return f"VC-JWT {header.get('alg')}" if isinstance(header, dict) else None


def proof_kind(case: dict[str, Any]) -> str | None:
    """The proof type / cryptosuite of a case's credential (several for a proof set)."""
    credential = case.get("credential")
    if isinstance(credential, str) or "credentialText" in case:
        text = credential if isinstance(credential, str) else str(case["credentialText"])
        if not text.lstrip("\ufeff \n").startswith("{"):
            kind = _jwt_kind(text)
            return f"{kind}, key in a JWK set" if kind and case.get("keySets") else kind
        try:
            credential = json.loads(text.lstrip("\ufeff"))
        except (ValueError, RecursionError):
            return None
    if not isinstance(credential, dict):
        return None
    proofs = credential.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs] if proofs else []
    kinds = sorted({str(p.get("cryptosuite") or p.get("type")) for p in proofs
                    if isinstance(p, dict)})
    return " + ".join(kinds) or None


def genuine_cases() -> dict[str, Path]:
    """The first genuine case of each proof kind."""
    found: dict[str, Path] = {}
    for folder in SOURCES:
        for path in sorted(folder.glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            kind = proof_kind(case)
            if kind and case["expected"]["verdict"] == "verified" and kind not in found:
                found[kind] = path
    return found


def python_median(path: Path, runs: int) -> tuple[str, float]:
    case = json.loads(path.read_text(encoding="utf-8"))
    verdict = outcome(run_case(case))["verdict"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_case(case)
        times.append((time.perf_counter() - start) * 1000)
    return verdict, statistics.median(times)


def js_medians(paths: list[Path], runs: int) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.mjs"
        script.write_text(NODE_BENCH % {"js": (REPO / "js").as_uri()}, encoding="utf-8")
        done = subprocess.run(["node", str(script), str(runs), *map(str, paths)],  # noqa: S603, S607
                              capture_output=True, text=True, check=True, cwd=REPO / "js")
    result: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return result


def main() -> None:
    args = sys.argv[1:]
    runs = 3 if "--quick" in args else int(next((a for a in args if a.isdigit()), "30"))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cases = genuine_cases()
    js = js_medians(list(cases.values()), runs)
    print(f"per-credential verification, median of {runs} runs after one warm-up, one core")
    print(f"{'proof type':44} {'case':44} {'Python ms':>10} {'JS ms':>8}")
    for kind, path in sorted(cases.items()):
        verdict, median = python_median(path, runs)
        measured = js[str(path)]
        flag = "" if verdict == measured["verdict"] == "verified" else (
            f"  (verdicts: python {verdict}, js {measured['verdict']})")
        print(f"{kind:44} {path.stem[:44]:44} {median:10.1f} {measured['median']:8.1f}{flag}")


if __name__ == "__main__":
    main()
