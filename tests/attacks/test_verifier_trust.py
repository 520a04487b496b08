"""Verification state lives on the ``Trust`` a caller made, never in module globals: a new
trust never sees another one's status lists (python-tuf's TrustedMetadataSet)."""

from __future__ import annotations

import gc
import json
import sys
from datetime import datetime
from typing import Any

from badgepress.report import State
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential
from tests.reference.verdicts.table import credential_bytes, load_case

STATUS_URL = "https://example-academy.github.io/badges/status/1.json"


def _trust(status_list: dict[str, Any]) -> Trust:
    case = load_case("status-revoked")
    return Trust.offline(now=datetime.fromisoformat(case["now"].replace("Z", "+00:00")),
                         did_documents=case["didDocuments"],
                         status=LocalStatus({STATUS_URL: status_list}))


def test_stale_revocation_through_a_reused_trust_id_is_not_served() -> None:
    """A revocation published after a first check is seen by the next trust, also when
    Python gives the new trust the old one's id (the old module cache was keyed by
    ``id(trust)``: on that code this fails in the first round)."""
    revoked_case = load_case("status-revoked")
    data = credential_bytes(revoked_case)
    not_revoked = load_case("status-not-revoked")["resources"][STATUS_URL]
    revoked = revoked_case["resources"][STATUS_URL]
    for _ in range(100):
        before = _trust(not_revoked)
        status = next(c for c in check_credential(data, before).checks if c.id == "status")
        assert status.state is State.PASS
        del before
        gc.collect()
        status = next(c for c in check_credential(data, _trust(revoked)).checks
                      if c.id == "status")
        assert (status.state, status.code) == (State.FAIL, "revoked")


def _module_state() -> dict[str, int]:
    """The size of every mutable container held by a badgepress module global."""
    sizes = {}
    for name, module in list(sys.modules.items()):
        if name == "badgepress" or name.startswith("badgepress."):
            for attr, value in vars(module).items():
                if isinstance(value, dict | list | set):
                    sizes[f"{name}.{attr}"] = len(value)
    return sizes


def test_verifying_leaves_no_state_in_module_globals() -> None:
    case = load_case("status-revoked")
    before = _module_state()
    report = check_credential(credential_bytes(case), _trust(case["resources"][STATUS_URL]))
    assert next(c for c in report.checks if c.id == "status").code == "revoked"
    assert _module_state() == before


def test_each_trust_keeps_the_status_lists_it_verified() -> None:
    revoked = load_case("status-revoked")["resources"][STATUS_URL]
    trust = _trust(revoked)
    check_credential(credential_bytes(load_case("status-revoked")), trust)
    assert set(trust.verified_status_lists) == {STATUS_URL}
    assert _trust(revoked).verified_status_lists == {}
    assert json.dumps(sorted(trust.verified_status_lists))  # plain URLs as keys
