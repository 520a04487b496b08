"""Attacks through other credential types: CLR 2.0 records whose embedded credentials are
tampered, forged or too many, and endorsements with markup or a borrowed issuer name
(library, CLI and the /verify/ page in Chromium). Cases: tests/reference/verdicts/
(generate_types.py)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from badgepress.report import State, Verdict
from badgepress.verify import MAX_EMBEDDED, check_credential
from tests.attacks.test_verifier_browser import (  # noqa: F401 - fixtures
    browser_report,
    site_folder,
    verify_page,
)
from tests.reference.verdicts.table import case_names, case_trust, load_case, outcome, run_case

RECORDS = [n for n in case_names() if "expectedEmbedded" in load_case(n)]
EMBEDDED = "/credentialSubject/verifiableCredential"


def verify_cli(tmp_path: Path, case: dict[str, Any],
               *extra: str) -> subprocess.CompletedProcess[str]:
    """``badgepress verify`` on the case's credential, trusting only its DID documents."""
    (tmp_path / "record.json").write_text(json.dumps(case["credential"]), encoding="utf-8")
    args = []
    for index, document in enumerate(case["didDocuments"].values()):
        (tmp_path / f"did-{index}.json").write_text(json.dumps(document), encoding="utf-8")
        args += ["--did-document", f"did-{index}.json"]
    return subprocess.run(
        [str(Path(sys.executable).parent / "badgepress"), "verify", "record.json",
         "--now", case["now"], *args, *extra],
        cwd=tmp_path, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name", RECORDS)
def test_each_embedded_credential_gets_the_verdict_the_table_states(name: str) -> None:
    case = load_case(name)
    report = run_case(case)
    assert outcome(report) == case["expected"]
    assert [outcome(child) for child in report.children] == case["expectedEmbedded"]
    good = sum(e["verdict"] == "verified" for e in case["expectedEmbedded"])
    assert report.headline.endswith(f"({good} of {len(report.children)} achievements verified)")


def test_clr_with_genuine_outer_proof_but_a_tampered_embedded_credential_shows_it_failed(
        tmp_path: Path) -> None:
    case = load_case("clr-embedded-tampered")
    report = run_case(case)
    tampered = report.children[1]
    assert (report.verdict, tampered.verdict) == (Verdict.VERIFIED, Verdict.NOT_VERIFIED)
    assert report.headline == "Verified (1 of 2 achievements verified)"
    assert tampered.pointer == f"{EMBEDDED}/1"
    assert tampered.first_problem().id == "signature"  # type: ignore[union-attr]
    assert ("Achievement", "Rocket Science — issued by Example Academy "
            "(did:web:example-academy.github.io:badges) on 2026-01-02") in tampered.about
    text = verify_cli(tmp_path, case)
    assert "Verified (1 of 2 achievements verified)  record.json" in text.stdout
    assert f"\n    Not verified — the content does not match its signature  {EMBEDDED}/1" \
        in text.stdout
    nested = json.loads(verify_cli(tmp_path, case, "--json").stdout)["credentials"][0]
    assert [c["verdict"] for c in nested["credentials"]] == ["verified", "not-verified"]
    assert nested["credentials"][1]["pointer"] == f"{EMBEDDED}/1"


def test_clr_embedded_credential_whose_issuer_differs_and_is_forged_is_not_verified(
        tmp_path: Path) -> None:
    case = load_case("clr-embedded-forged-issuer")
    report = run_case(case)
    forged = report.children[1]
    problem = forged.first_problem()
    assert problem is not None
    assert (forged.verdict, problem.id, problem.state, problem.code) == (
        Verdict.NOT_VERIFIED, "issuer_key", State.FAIL, "wrong-issuer")
    assert problem.pointer == "/proof/0/verificationMethod"
    assert "did:web:mallory.example" in problem.message
    assert forged.issuer == "did:web:other-college.example"
    text = verify_cli(tmp_path, case).stdout
    assert f"at record.json: {EMBEDDED}/1/proof/0/verificationMethod" in text


def test_clr_of_100000_embedded_credentials_is_refused_before_any_is_checked() -> None:
    case = load_case("clr-genuine")
    record = copy.deepcopy(case["credential"])
    record["credentialSubject"]["verifiableCredential"] = [{}] * 100_000
    started = time.perf_counter()
    report = check_credential(record, case_trust(case))
    elapsed = time.perf_counter() - started
    problem = report.first_problem()
    assert problem is not None
    assert (report.verdict, problem.id, problem.pointer) == (
        Verdict.NOT_VERIFIED, "format", EMBEDDED)
    assert f"embeds 100,000 credentials; this verifier checks at most {MAX_EMBEDDED:,}" \
        in problem.message
    assert report.children == []
    assert elapsed < 10, elapsed


@pytest.mark.browser
def test_markup_in_endorsement_comment_is_shown_as_text(
        tmp_path: Path, verify_page: tuple[Any, Any]) -> None:  # noqa: F811
    case = load_case("endorsement-comment-markup")
    comment = case["credential"]["credentialSubject"]["endorsementComment"]
    report = run_case(case)
    assert report.verdict is Verdict.VERIFIED
    assert ("Comment", comment) in report.about
    assert f"  Comment: {comment}\n" in verify_cli(tmp_path, case).stdout
    page, network = verify_page
    shown = browser_report(page, network, case)
    assert (shown["verdict"], shown["xss"]) == ("verified", None)
    rows = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#bp-content dd[data-field]')].map(dd => [dd.dataset.field, dd.textContent]))""")
    assert rows["comment"] == comment
    assert rows["endorsed-by"] == "Example Academy (did:web:example-academy.github.io:badges)"
    assert rows["endorses"] == case["credential"]["credentialSubject"]["id"]
    assert page.evaluate("""() => document.querySelectorAll(
        '#bp-content script, #bp-content img, #bp-content a').length""") == 0


def test_endorsement_naming_the_badge_issuer_but_signed_by_another_key_is_not_verified(
        tmp_path: Path) -> None:
    case = load_case("endorsement-issuer-signed-by-other-key")
    report = run_case(case)
    problem = report.first_problem()
    assert problem is not None
    assert (report.verdict, problem.id, problem.code, problem.pointer) == (
        Verdict.NOT_VERIFIED, "issuer_key", "wrong-issuer", "/proof/0/verificationMethod")
    assert "belongs to did:web:mallory.example, not to the issuer " \
        "did:web:example-academy.github.io:badges" in problem.message
    result = verify_cli(tmp_path, case)
    assert result.returncode == 1
    assert "Not verified — the signer could not be confirmed as the issuer" in result.stdout


@pytest.mark.browser
def test_browser_lists_each_embedded_credential_with_its_own_headline(
        verify_page: tuple[Any, Any]) -> None:  # noqa: F811
    case = load_case("clr-embedded-forged-issuer")
    page, network = verify_page
    shown = browser_report(page, network, case)
    assert shown["verdict"] == "verified"
    assert shown["headline"] == "Verified (1 of 2 achievements verified)"
    items = page.evaluate("""() => [...document.querySelectorAll(
        '#bp-verify .bp-embedded > li')].map(li => ({verdict: li.dataset.verdict,
        pointer: li.dataset.pointer, headline: li.querySelector('.bp-verdict').textContent,
        failed: [...li.querySelectorAll('li[data-state="fail"]')].map(c => c.dataset.check)}))""")
    assert items == [
        {"verdict": "verified", "pointer": f"{EMBEDDED}/0", "headline": "Verified",
         "failed": []},
        {"verdict": "not-verified", "pointer": f"{EMBEDDED}/1",
         "headline": "Not verified — the signer could not be confirmed as the issuer",
         "failed": ["issuer_key"]},
    ]
