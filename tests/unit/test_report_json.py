"""A report survives the verdict cache and worker processes with every field of every check
(the headline of a genuine revoked badge needs its facts; a short status list its note)."""

from __future__ import annotations

import json
from dataclasses import fields

from badgepress.planning.cache import report_from_json, report_to_json
from badgepress.report import Check, Report, State


def test_report_round_trips_every_check_field() -> None:
    report = Report(path="credentials/a.json", credential_id="urn:x", issuer="did:web:x", checks=[
        Check("format", State.PASS, "ok"),
        Check("status", State.FAIL, "revoked", "/credentialStatus", "hint", "revoked",
              {"date": "2026-03-03", "reason": "left"}, "short list"),
    ])
    back = report_from_json(json.loads(json.dumps(report_to_json(report))))
    assert back == report
    assert back.headline == "Genuine — revoked by the issuer on 3 March 2026 (left)"
    assert {f.name for f in fields(Check)} == {
        "id", "state", "message", "pointer", "hint", "code", "facts", "note"}
