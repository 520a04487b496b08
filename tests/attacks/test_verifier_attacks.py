"""Attacks on the verdict, one test per attack (python-tuf ``test_updater_*`` style): the
library and the CLI give the exact verdict, the failing check names the file and the field,
and the build publishes nothing. The inputs are the shared verdict table's cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.crypto.keys import PublicKey
from badgepress.crypto.proof import select_proof, sign, without_proof
from badgepress.errors import ContextError
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.pages.badge import recipient_name
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.report import CHECKS_TABLE, Check, Report, State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import TEST_PUBLIC, signed_credential, unsigned_credential, write_json
from tests.integration.site_project import ISSUED, build, issue, site_project
from tests.reference.verdicts.generate_verifier import mallory, plain_hash_data
from tests.reference.verdicts.table import case_trust, load_case, run_case

__all__ = ["site_project"]
UNCONFIRMED = "Not verified — the signer could not be confirmed as the issuer"


def first_problem(report: Report) -> Check:
    problem = report.first_problem()
    assert problem is not None
    return problem


def check_of(report: Report, check_id: str) -> Check:
    return next(c for c in report.checks if c.id == check_id)


def cli_verify(tmp_path: Path, case: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """``badgepress verify --json`` on the case's credential, with its DID documents."""
    credential = write_json(tmp_path / "credential.json", case["credential"])
    args = ["verify", "--json", "--project", str(tmp_path), "--now", case["now"]]
    for index, document in enumerate(case["didDocuments"].values()):
        args += ["--did-document", str(write_json(tmp_path / f"did-{index}.json", document))]
    result = CliRunner().invoke(main, [*args, str(credential)])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)["credentials"][0]


def assert_proof_still_verifies(document: dict[str, Any], key: str = TEST_PUBLIC) -> None:
    """The re-spelt document's proof is still cryptographically valid (plain JSON-LD)."""
    proof = select_proof(document)
    data = plain_hash_data(without_proof(document), proof.options)
    assert PublicKey.from_multibase(key).verify(proof.signature, data)


# --- class 1: the signer must be confirmed as the issuer ----------------------------------

@pytest.mark.parametrize("case_name", [
    "forged-issuer-https-method",
    "https-issuer-key-only-in-fragment",
    "forged-key-not-in-did-document",
])
def test_forged_issuer_via_unconfirmed_key_is_not_verified(case_name: str,
                                                           tmp_path: Path) -> None:
    report = run_case(load_case(case_name))
    assert report.verdict is Verdict.NOT_VERIFIED
    assert report.headline == UNCONFIRMED
    signature, issuer_key = check_of(report, "signature"), check_of(report, "issuer_key")
    assert signature.state is State.PASS
    assert "says nothing about who made the badge" in signature.message  # never reassures
    assert (issuer_key.state, issuer_key.pointer) == (State.FAIL, "/proof/0/verificationMethod")
    assert "cannot confirm the signing key belongs to the issuer" in issuer_key.message
    code, shown = cli_verify(tmp_path, load_case(case_name))
    assert (code, shown["verdict"], shown["headline"]) == (1, "not-verified", UNCONFIRMED)
    assert shown["file"].endswith("credential.json")


def test_forged_issuer_via_https_method_is_not_published(site_project: Project,
                                                        tmp_path: Path) -> None:
    [path] = issue(site_project, ["Edsger Dijkstra"])
    key = mallory()
    document = without_proof(json.loads(path.read_bytes()))
    signer = key.signer(f"https://mallory.example/keys#{key.public.multibase}")
    write_json_atomic(path, sign(document, signer, bundled_loader(), ISSUED))
    with pytest.raises(SiteError) as caught:
        build(site_project, tmp_path / "out")
    [problem] = caught.value.problems
    assert problem.path == f"credentials/{path.name}"
    assert problem.pointer == "/proof/0/verificationMethod"
    assert "nothing was published" in str(caught.value)
    assert not (tmp_path / "out").exists()


# --- class 5: undefined type values are refused like undefined terms ----------------------

@pytest.mark.parametrize(("level", "pointer"), [
    ("credential", "/type/2"),
    ("subject", "/credentialSubject/type/1"),
    ("achievement", "/credentialSubject/achievement/type/1"),
    ("issuer", "/issuer/type/1"),
])
def test_undefined_type_value_is_refused_as_unsigned(level: str, pointer: str) -> None:
    report = run_case(load_case(f"undefined-type-value-{level}"))
    problem = first_problem(report)
    assert (report.verdict, problem.id, problem.pointer) == (
        Verdict.NOT_VERIFIED, "signature", pointer)
    assert problem.message == ("term 'Mallory Forger' is not defined by the document's "
                               "contexts, so it would not be signed")


def test_signing_an_undefined_type_value_is_refused() -> None:
    document = unsigned_credential(type=["VerifiableCredential", "OpenBadgeCredential",
                                         "Mallory Forger"])
    with pytest.raises(ContextError) as caught:
        signed_credential(document)
    assert caught.value.pointer == "/type/2"


# --- class 9: dates are XSD dateTimeStamps -------------------------------------------------

@pytest.mark.parametrize(("case_name", "check_id", "pointer"), [
    ("proof-created-not-a-date", "signature", "/proof/0/created"),
    ("proof-created-without-time-zone", "signature", "/proof/0/created"),
    ("proof-expires-not-a-date", "signature", "/proof/0/expires"),
    ("valid-from-without-time-zone", "format", "/validFrom"),
    ("valid-from-impossible-date", "format", "/validFrom"),
    ("awarded-date-not-a-date", "format", "/awardedDate"),
])
def test_malformed_date_is_refused(case_name: str, check_id: str, pointer: str) -> None:
    problem = first_problem(run_case(load_case(case_name)))
    assert (problem.id, problem.state, problem.pointer) == (check_id, State.FAIL, pointer)
    assert "date" in problem.message


# --- class 10: display integrity ------------------------------------------------------------

@pytest.mark.parametrize(("case_name", "pointer", "words"), [
    ("display-description-moved-to-criteria",
     "/credentialSubject/achievement/criteria/description", "described in more than one"),
    ("display-achievement-in-included", "/@included", "keyword @included"),
    ("display-name-as-value-object", "/name/@value", "keyword @value"),
    ("display-name-spelt-as-iri", "/https:~1~1schema.org~1name", "spelt as an IRI"),
    ("display-name-in-a-list", "/credentialSubject/achievement/name", "must be a text"),
    ("display-issuer-name-moved-to-creator", "/credentialSubject/achievement/creator/name",
     "described in more than one"),
])
def test_respelt_credential_is_refused_though_its_proof_verifies(
        case_name: str, pointer: str, words: str) -> None:
    case = load_case(case_name)
    assert_proof_still_verifies(case["credential"])
    report = run_case(case)
    problem = first_problem(report)
    assert (report.verdict, problem.id, problem.pointer) == (
        Verdict.NOT_VERIFIED, "format", pointer)
    assert words in problem.message


def test_respelt_credential_is_not_published(site_project: Project, tmp_path: Path) -> None:
    [path] = issue(site_project, ["Edsger Dijkstra"])
    document = json.loads(path.read_bytes())
    achievement = document["credentialSubject"]["achievement"]
    document["credentialSubject"]["achievement"] = {"id": achievement["id"]}
    document["@included"] = [achievement]
    write_json_atomic(path, document)
    with pytest.raises(SiteError) as caught:
        build(site_project, tmp_path / "out")
    [problem] = caught.value.problems
    assert (problem.path, problem.pointer) == (f"credentials/{path.name}", "/@included")
    assert not (tmp_path / "out").exists()


def test_reordered_identifiers_show_the_same_recipient() -> None:
    case = load_case("display-identifiers-reordered")
    assert run_case(case).verdict is Verdict.VERIFIED
    subject = case["credential"]["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Grace Hopper"
    assert recipient_name(subject) == "Ada Lovelace, Grace Hopper"


def _every_shown_field() -> dict[str, Any]:
    """An unsigned credential with every field a page shows."""
    document = unsigned_credential(validUntil="2027-01-01T00:00:00Z",
                                   awardedDate="2026-01-01T00:00:00Z")
    document["evidence"] = [
        {"id": "https://example.org/portfolio/1", "type": ["Evidence"], "name": "Project",
         "narrative": "Built a thing."},
        {"type": ["Evidence"], "name": "Talk", "narrative": "Gave a talk."}]
    subject = document["credentialSubject"]
    subject["narrative"] = "Did the work."
    subject["name"] = "Ada"
    subject["achievement"]["image"] = {"id": "https://example-academy.github.io/badges/a.png",
                                       "type": "Image"}
    subject["achievement"]["tag"] = ["python", "testing"]
    subject["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "Python", "targetUrl": "https://example.org/esco/1",
         "targetFramework": "ESCO", "targetCode": "S1.2"}]
    document["issuer"]["image"] = {"id": "https://example-academy.github.io/badges/logo.png",
                                   "type": "Image"}
    return document


def _changed(value: Any) -> Any:
    if isinstance(value, str):
        return value + " (edited)"
    if isinstance(value, list):
        return value[1:] if len(value) > 1 else [*value, copy.deepcopy(value[0])]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in ("name", "id")} | {"name": "Other"}
    raise AssertionError(value)


def _shown_places(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    places = []
    for pattern, fields in CHECKS_TABLE["shown"].items():
        parts = [p for p in pattern.split("/") if p]
        nodes: list[tuple[str, Any]] = [("", document)]
        for part in parts:
            nodes = [(f"{p}/{i}", item) for p, node in nodes
                     for i, item in (enumerate(node) if part == "*" else [(part, node.get(part))])
                     if item is not None]
        places += [(f"{p}/{f}", node, f) for p, node in nodes for f in sorted(fields)
                   if isinstance(node, dict) and f in node]
    return places


def test_every_field_a_page_shows_is_covered_by_the_signature() -> None:
    signed = signed_credential(_every_shown_field())
    places = _shown_places(signed)
    # each field of the base table exists (the embedded-credential places are the same fields)
    assert len(places) >= sum(len(f) for f in CHECKS_TABLE["shown"].values())
    for pointer, node, field in places:
        original = node[field]
        node[field] = _changed(original)
        report = check_credential(json.dumps(signed).encode(), _trust())
        node[field] = original
        assert first_problem(report).id in ("signature", "format"), pointer
        assert report.verdict is Verdict.NOT_VERIFIED, pointer


def _trust() -> Trust:
    return case_trust(load_case("genuine"))


def test_the_signed_fields_of_the_walk_verify_untouched() -> None:
    report = check_credential(json.dumps(signed_credential(_every_shown_field())).encode(),
                              _trust())
    assert report.verdict is Verdict.VERIFIED, report.to_json()
