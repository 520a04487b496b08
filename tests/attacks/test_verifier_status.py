"""Attacks through status lists that someone other than the badge's issuer signs (issue 14):
a set bit in a list that verifies under its own signer's key revokes (fails closed, and names
the signer); a clear bit in such a list cannot vouch for the badge; a list that does not
verify, is expired, or whose signer cannot be confirmed says nothing. One test per attack,
on the shared verdict table's cases (made with Digital Bazaar's libraries by
``tests/reference/stack/generate-status.mjs``), read as the CLI reads a file."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from badgepress.report import Check, Report, State, Verdict
from badgepress.trust import LocalStatus
from badgepress.verify import check_credential
from tests.reference.verdicts.table import CASES, case_trust, credential_bytes, load_case, run_case

STACK = Path(__file__).parent.parent / "reference" / "stack"
LIST_URL = "https://status.example-service.org/lists/3"
SERVICE = "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
CASE_NAMES = sorted(p.stem for p in CASES.glob("status-list-by-*-*.json")
                    if "stack" in json.loads(p.read_text(encoding="utf-8")))


def status_of(name: str) -> tuple[Report, Check]:
    report = run_case(load_case(name))
    return report, next(c for c in report.checks if c.id == "status")


def test_list_signed_by_stranger_revokes_and_says_who_signed_it() -> None:
    report, status = status_of("status-list-by-status-service-revoked")
    assert report.verdict is Verdict.NOT_VERIFIED
    assert (status.state, status.code, status.facts) == (State.FAIL, "revoked",
                                                         {"signer": SERVICE})
    assert status.message == (f"Revoked per the status list at {LIST_URL}, signed by "
                              f"{SERVICE}, not by the issuer.")
    assert report.headline == (f"Genuine — revoked per a status list signed by {SERVICE}, "
                               "not by the issuer")


def test_list_signed_by_stranger_cannot_vouch_for_a_clear_bit() -> None:
    report, status = status_of("status-list-by-status-service-not-revoked")
    assert report.verdict is Verdict.WARNING
    assert (status.state, status.code, status.pointer) == (
        State.WARN, "status-unknown", "/credentialStatus/statusListCredential")
    assert status.message == (
        f"Status could not be checked: the status list at {LIST_URL} is signed by {SERVICE}, "
        "not by the issuer, so it cannot confirm the badge is not revoked.")


def test_list_signed_by_stranger_suspends() -> None:
    report, status = status_of("status-list-by-status-service-suspended")
    assert (status.state, status.code) == (State.FAIL, "suspended")
    assert status.message.startswith(f"Suspended per the status list at {LIST_URL}, signed by")
    assert report.headline.startswith("Genuine — suspended per a status list signed by")


def test_forged_list_signature_is_not_revocation() -> None:
    report, status = status_of("status-list-by-status-service-forged-set-bit")
    assert report.verdict is Verdict.WARNING
    assert (status.state, status.code) == (State.WARN, "status-unknown")
    assert "signature is invalid" in status.message


def test_list_whose_id_differs_from_its_url_still_revokes_as_the_recommendation_allows() -> None:
    # BSL v1.0 §2.2: the list "MAY express an id property that matches" the entry's URL.
    report, status = status_of("status-list-by-status-service-id-differs-revoked")
    assert (report.verdict, status.code) == (Verdict.NOT_VERIFIED, "revoked")
    assert LIST_URL in status.message  # the URL it was served at, the one the issuer signed


def test_expired_list_is_not_read() -> None:
    report, status = status_of("status-list-by-status-service-expired-revoked")
    assert report.verdict is Verdict.WARNING
    assert status.message == (f"status could not be checked: the status list {LIST_URL} "
                              "expired on 2026-03-01T00:00:00Z")


def test_expired_list_of_the_issuer_cannot_vouch_for_a_clear_bit() -> None:
    report, status = status_of("status-list-by-the-issuer-expired-not-revoked")
    assert report.verdict is Verdict.WARNING
    assert status.message.endswith("expired on 2026-03-01T00:00:00Z")


def test_list_naming_the_issuer_but_signed_by_a_stranger_cannot_vouch() -> None:
    report, status = status_of("status-list-by-status-service-claiming-the-issuer")
    assert report.verdict is Verdict.WARNING
    assert status.code == "status-unknown" and "signing key is not trusted" in status.message


def test_list_by_a_signer_that_cannot_be_resolved_revokes_nothing() -> None:
    report, status = status_of("status-list-by-unresolvable-signer-revoked")
    assert report.verdict is Verdict.WARNING
    assert status.code == "status-unknown"
    assert "did:web:status.example-service.org" in status.message


def test_json_report_says_revoked_and_names_the_lists_signer() -> None:
    shown = run_case(load_case("status-list-by-status-service-revoked")).to_json()
    assert shown["verdict"] == "not-verified"
    status = next(c for c in shown["checks"] if c["id"] == "status")
    assert (status["state"], status["code"]) == ("fail", "revoked")
    assert f"signed by {SERVICE}, not by the issuer" in status["message"]


@dataclass
class _ChangingServer(LocalStatus):
    """A status host that serves one list first and another on every later request (what
    ``OnlineStatus`` would fetch from a host that changes its answer)."""

    later: dict[str, Any] = field(default_factory=dict)
    served: int = 0

    def status_list(self, url: str) -> dict[str, Any]:
        self.served += 1
        return super().status_list(url) if self.served == 1 else self.later


def test_list_swapped_after_it_was_verified_cannot_pass_as_the_issuers() -> None:
    """The signer is the one of the list that was verified, never read again from a second
    fetch (which once let a host verify a stranger's clear list, then answer with a list
    naming the issuer)."""
    case = load_case("status-list-by-status-service-not-revoked")
    [(url, stranger)] = case["resources"].items()
    naming_the_issuer = load_case("status-list-by-status-service-claiming-the-issuer")
    trust = replace(case_trust(case), status=_ChangingServer(
        {url: stranger}, later=naming_the_issuer["resources"][url]))
    report = check_credential(credential_bytes(case), trust)
    assert report.verdict is Verdict.WARNING
    assert next(c for c in report.checks if c.id == "status").code == "status-unknown"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_reference_stack_verifies_each_proof_as_recorded(name: str, tmp_path: Path) -> None:
    """The stack's own verdict, run as a real Node process on the committed files: the badge
    verifies (its status is a warning to the stack, which refuses lists not by the issuer),
    and the list verifies as a credential exactly when the case records it does."""
    node = shutil.which("node")
    if node is None or not (STACK / "node_modules" / "@digitalbazaar").is_dir():
        pytest.fail("the reference stack is not installed: cd tests/reference/stack && npm ci")
    case = load_case(name)
    [status_list] = case["resources"].values()
    as_credential = {**case, "credential": status_list, "resources": {}}
    paths = [tmp_path / "badge.json", tmp_path / "list.json"]
    for path, value in zip(paths, (case, as_credential), strict=True):
        path.write_text(json.dumps(value), encoding="utf-8")
    done = subprocess.run([node, str(STACK / "verify.mjs"), *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=True)
    badge, listed = json.loads(done.stdout)
    assert badge["verdict"] == "warning", badge
    assert (listed["verdict"] == "verified") is case["stack"]["list"], listed
