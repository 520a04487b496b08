"""Write the interoperability cases of the shared verdict table (``cases/*.json``):
credentials shaped as other issuers publish them (issue 14), deterministically.

Signed with the published W3C test key (``tests.helpers``); nothing here is a real key.
Run it after changing a case and commit the output:

    .venv/bin/python -m tests.reference.verdicts.generate_interop
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import ISSUER_DID, did_document
from tests.reference.verdicts.generate_verifier import CASES, NOW, credential, edited, sign

Json = dict[str, Any]
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"
ISSUED = "2026-01-02T03:04:05Z"


def vc11_credential(**changes: Any) -> Json:
    """An OB 3.0 credential on the VC 1.1 data model: ``issuanceDate``, no ``validFrom``,
    and the Data Integrity context VC 1.1 documents need for a DataIntegrityProof."""
    document = credential(**{"@context": [VC_V1, OB_CONTEXT, DATA_INTEGRITY_V1],
                             "issuanceDate": ISSUED})
    del document["validFrom"]
    document.update(changes)
    return document


def cases() -> dict[str, Json]:
    """Every interoperability case by name."""
    out: dict[str, Json] = {}
    issuer_docs = {ISSUER_DID: did_document()}

    def add(name: str, description: str, verdict: str, check: str | None, state: str | None,
            document: Json, *, did_documents: dict[str, Json] | None = None,
            resources: dict[str, Json] | None = None) -> None:
        out[name] = {
            "description": description,
            "expected": {"verdict": verdict, "check": check, "state": state},
            "now": NOW,
            "credential": document,
            "didDocuments": issuer_docs if did_documents is None else did_documents,
            "resources": resources or {},
        }

    nv, fail = "not-verified", "fail"
    vc11 = sign(vc11_credential())
    add("vc11-genuine", "OB 3.0 on the VC 1.1 data model (credentials/v1 context, "
        "issuanceDate) signed with eddsa-rdfc-2022: verified.", "verified", None, None, vc11)
    add("vc11-tampered-issuance-date", "issuanceDate changed after signing.", nv, "signature",
        fail, edited(vc11, lambda d: d.update(issuanceDate="2020-01-01T00:00:00Z")))
    add("vc11-expired", "expirationDate (VC 1.1) before now: genuine but expired.", nv,
        "dates", fail, sign(vc11_credential(expirationDate="2026-03-01T00:00:00Z")))
    add("vc11-not-yet-valid", "issuanceDate after now.", nv, "dates", fail,
        sign(vc11_credential(issuanceDate="2027-01-01T00:00:00Z")))
    add("vc11-expiration-date-after-now", "expirationDate after now: verified.", "verified",
        None, None, sign(vc11_credential(expirationDate="2026-09-01T00:00:00Z")))
    add("vc11-valid-until-before-expiration-date", "Both validUntil (before now) and "
        "expirationDate (after now): the earlier end counts, so it is expired.", nv, "dates",
        fail, sign(vc11_credential(expirationDate="2026-09-01T00:00:00Z",
                                   validUntil="2026-03-01T00:00:00Z")))
    add("vc11-no-issuance-date", "A VC 1.1 credential without issuanceDate (signed).", nv,
        "format", fail, sign(edited(vc11_credential(), lambda d: d.pop("issuanceDate"))))
    add("vc11-issuance-date-not-a-date", "issuanceDate 'last spring' (signed).", nv, "format",
        fail, sign(vc11_credential(issuanceDate="last spring")))
    add("vc11-expiration-date-not-a-date", "expirationDate 'never' (signed): pages show it.",
        nv, "format", fail, sign(vc11_credential(expirationDate="never")))
    return out


def write(folder: Path = CASES) -> list[Path]:
    """Write every case into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, case in cases().items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path.name)  # noqa: T201
