"""Endorsements: an endorser's folder and ``badgepress endorse``, the build verifying,
showing and publishing what the issuer committed under ``endorsements/``, and newly issued
credentials embedding them; the endorsement verifies in all three verifiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.crypto.keys import KeyPair
from badgepress.did.document import build_did_document, method_id
from badgepress.did.key import DID_KEY_PREFIX
from badgepress.endorsements import (
    ENDORSEMENTS_DIR,
    ENDORSER_FILE,
    Endorser,
    endorsement,
    sign_endorsement,
)
from badgepress.jsonld import bundled_loader
from badgepress.keystore import did_document, read_issuer_keys
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.schema import ENDORSEMENT_CREDENTIAL, schema_errors
from tests.conftest import REPO
from tests.integration.endorsing import (
    COMMENT,
    ENDORSED,
    commit_endorsement,
    make_endorser,
    python_report,
    three_verdicts,
)
from tests.integration.site_project import (  # noqa: F401 - fixture
    add_achievement,
    build,
    issue,
    site_project,
)

ACHIEVEMENT = "https://example-academy.github.io/badges/achievements/python/"


def test_init_endorser_makes_a_folder_whose_did_is_the_did_key_of_its_new_key(
        tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "guild"), "--endorser",
                                       "--name", "Data Guild"])
    assert result.exit_code == 0, result.output
    endorser = Endorser.load(tmp_path / "guild")
    [key] = read_issuer_keys(endorser.keys_dir)
    assert endorser.did == DID_KEY_PREFIX + key.multibase
    assert f"endorser DID: {endorser.did}" in result.output
    assert "secretKeyMultibase" not in "".join(
        p.read_text() for p in (tmp_path / "guild").rglob("*") if p.is_file())


def test_endorse_signs_a_schema_valid_endorsement_with_the_endorsers_key(
        tmp_path: Path) -> None:
    endorser = make_endorser(tmp_path / "guild")
    out = tmp_path / "python.json"
    result = CliRunner().invoke(main, ["endorse", "--endorser", str(endorser.root),
                                       "--achievement", ACHIEVEMENT, "--comment", COMMENT,
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    signed = json.loads(out.read_text())
    assert schema_errors(signed, ENDORSEMENT_CREDENTIAL) == []
    assert signed["issuer"] == {"id": endorser.did, "type": ["Profile"], "name": "Data Guild",
                                "url": "https://guild.example/"}
    assert signed["credentialSubject"] == {"id": ACHIEVEMENT, "type": ["EndorsementSubject"],
                                           "endorsementComment": COMMENT}
    assert str(python_report(signed, {}, "2030-01-01T00:00:00Z").verdict) == "verified"


def test_endorse_needs_exactly_one_subject_and_an_endorsers_folder(tmp_path: Path) -> None:
    endorser = make_endorser(tmp_path / "guild")
    both = CliRunner().invoke(main, ["endorse", "--endorser", str(endorser.root),
                                     "--achievement", ACHIEVEMENT, "--issuer", "did:web:x.example",
                                     "--comment", "x", "--out", str(tmp_path / "e.json")])
    assert both.exit_code == 2
    elsewhere = CliRunner().invoke(main, ["endorse", "--endorser", str(tmp_path),
                                          "--achievement", ACHIEVEMENT, "--comment", "x",
                                          "--out", str(tmp_path / "e.json")])
    assert elsewhere.exit_code == 1
    assert f"no {ENDORSER_FILE} here" in elsewhere.output
    assert "badgepress init FOLDER --endorser" in elsewhere.output


def test_build_shows_and_publishes_the_endorsement_on_the_achievement_page(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    endorser = make_endorser(tmp_path / "guild")
    path = commit_endorsement(site_project, endorser, ACHIEVEMENT)
    result = build(site_project)
    page = (result.site_dir / "achievements" / "python" / "index.html").read_text()
    assert (f'Endorsed by <span data-field="endorser">Data Guild</span>, identified by its '
            f'own key only (no web domain confirms the name): <q data-field="comment">'
            f'{COMMENT}</q>') in page
    assert 'data-bp-endorsement="../../endorsements/guild.json"' in page
    assert (result.site_dir / "endorsements" / "guild.json").read_bytes() == path.read_bytes()


def test_endorsement_of_the_issuer_is_shown_on_the_home_page(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    commit_endorsement(site_project, make_endorser(tmp_path / "guild"), site_project.did,
                       name="of-academy", comment="A trusted training partner.")
    home = (build(site_project).site_dir / "index.html").read_text()
    assert '<q data-field="comment">A trusted training partner.</q>' in home
    assert 'data-bp-endorsement="./endorsements/of-academy.json"' in home


def test_endorsement_of_an_achievement_the_site_does_not_have_fails_the_build(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    missing = "https://example-academy.github.io/badges/achievements/rust/"
    commit_endorsement(site_project, make_endorser(tmp_path / "guild"), missing)
    with pytest.raises(SiteError) as caught:
        build(site_project)
    assert (f"endorsements/guild.json: /credentialSubject/id: endorses {missing}, which is "
            "neither an achievement of this site nor its issuer") in str(caught.value)


def test_newly_issued_credentials_embed_the_endorsement_and_older_ones_are_not_resigned(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    before = {p: p.read_bytes() for p in site_project.credentials_dir.glob("*.json")}
    path = commit_endorsement(site_project, make_endorser(tmp_path / "guild"), ACHIEVEMENT)
    [new] = issue(site_project, ["Katherine Johnson"])
    assert {p: p.read_bytes() for p in before} == before
    credential = json.loads(new.read_text())
    assert credential["credentialSubject"]["achievement"]["endorsement"] == [
        json.loads(path.read_text())]
    documents = {site_project.did: did_document(site_project.did,
                                                read_issuer_keys(site_project.keys_dir))}
    status = {u: json.loads(p.read_text())
              for p in (site_project.status_dir / "lists").glob("*.json")
              for u in [json.loads(p.read_text())["id"]]}
    assert three_verdicts(tmp_path, credential, documents, "2026-04-01T00:00:00Z",
                          status) == {"python": "verified", "browser": "verified",
                                      "reference": "verified"}
    build(site_project)


def test_endorsement_made_by_badgepress_endorse_verifies_in_all_three_verifiers(
        tmp_path: Path) -> None:
    endorser = make_endorser(tmp_path / "guild")
    out = tmp_path / "python.json"
    CliRunner().invoke(main, ["endorse", "--endorser", str(endorser.root), "--achievement",
                              ACHIEVEMENT, "--comment", COMMENT, "--out", str(out)])
    signed = json.loads(out.read_text())
    assert three_verdicts(tmp_path, signed, {}, "2030-01-01T00:00:00Z") == {
        "python": "verified", "browser": "verified", "reference": "verified"}
    signed["credentialSubject"]["endorsementComment"] += " Unreservedly."
    assert three_verdicts(tmp_path, signed, {}, "2030-01-01T00:00:00Z") == {
        "python": "not-verified", "browser": "not-verified", "reference": "not-verified"}


def test_an_endorsement_is_shown_only_on_the_page_of_the_achievement_it_endorses(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    add_achievement(site_project, "sql", "SQL Basics")
    commit_endorsement(site_project, make_endorser(tmp_path / "guild"), ACHIEVEMENT)
    page = (build(site_project).site_dir / "achievements" / "sql" / "index.html").read_text()
    assert "bp-endorsement" not in page


def test_demo_endorsement_verifies_in_all_three_verifiers(tmp_path: Path) -> None:
    demo = json.loads((REPO / "endorsements" / "northwind-data-guild.json").read_text())
    assert demo["credentialSubject"]["id"] == \
        "https://badgepress-demo.github.io/badges/achievements/data-literacy/"
    assert three_verdicts(tmp_path, demo, {}, "2026-01-01T00:00:00Z") == {
        "python": "verified", "browser": "verified", "reference": "verified"}


def _did_web_endorsement(project: Project, tmp_path: Path) -> tuple[dict[str, object], Path]:
    """An endorsement by did:web:guild.example, signed with a key its DID document lists."""
    pair = KeyPair.generate()
    did = "did:web:guild.example"
    profile = {"id": did, "type": ["Profile"], "name": "Data Guild"}
    signed = sign_endorsement(endorsement(profile, ACHIEVEMENT, COMMENT, ENDORSED),
                              pair.signer(method_id(did, pair.public.multibase)),
                              bundled_loader(), ENDORSED)
    folder = project.root / ENDORSEMENTS_DIR
    folder.mkdir()
    (folder / "guild.json").write_text(json.dumps(signed), encoding="utf-8")
    return build_did_document(did, [pair.public.multibase]), folder


def test_did_web_endorser_is_confirmed_by_its_domain_with_its_did_document_committed(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    document, folder = _did_web_endorsement(site_project, tmp_path)
    (folder / "guild.did.json").write_text(json.dumps(document), encoding="utf-8")
    result = build(site_project)
    page = (result.site_dir / "achievements" / "python" / "index.html").read_text()
    assert 'Data Guild</span>, confirmed by guild.example: <q' in page
    assert not (result.site_dir / "endorsements" / "guild.did.json").exists()


def test_did_web_endorser_without_its_did_document_fails_the_build(
        site_project: Project, tmp_path: Path) -> None:  # noqa: F811
    _did_web_endorsement(site_project, tmp_path)
    with pytest.raises(SiteError) as caught:
        build(site_project)
    assert "endorsements/guild.json: /proof/0/verificationMethod" in str(caught.value)
