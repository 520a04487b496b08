"""Attacks through ``endorsements/``: a tampered endorsement, one that borrows a domain's
name, an expired one, a badge passed off as an endorsement, markup in what the page shows,
and file names that would leave the site. The build refuses each (naming file and field) or
shows it as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badgepress.crypto.proof import without_proof
from badgepress.endorsements import ENDORSEMENTS_DIR, endorsement, sign_endorsement
from badgepress.jsonld import bundled_loader
from badgepress.keystore import load_signer
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from tests.integration.endorsing import ENDORSED, commit_endorsement, make_endorser
from tests.integration.site_project import build, site_project

__all__ = ["site_project"]

ACHIEVEMENT = "https://example-academy.github.io/badges/achievements/python/"


def _refused(project: Project) -> str:
    with pytest.raises(SiteError) as caught:
        build(project)
    return str(caught.value)


def test_tampered_endorsement_comment_fails_the_build_naming_file_and_field(
        site_project: Project, tmp_path: Path) -> None:
    path = commit_endorsement(site_project, make_endorser(tmp_path / "guild"), ACHIEVEMENT,
                              comment="Good enough for interns.")
    forged = json.loads(path.read_text())
    forged["credentialSubject"]["endorsementComment"] = "The best programme in the country."
    path.write_text(json.dumps(forged), encoding="utf-8")
    message = _refused(site_project)
    assert "endorsements/guild.json: /proof/0" in message
    assert "does not match" in message
    assert "The best programme" not in message


def test_endorsement_naming_a_did_web_endorser_but_signed_with_another_key_fails_the_build(
        site_project: Project, tmp_path: Path) -> None:
    guild = make_endorser(tmp_path / "guild")
    borrowed = {"id": "did:web:acme-industries.example", "type": ["Profile"],
                "name": "ACME Industries"}
    signer = load_signer(guild.active(), guild.did)
    signed = sign_endorsement(endorsement(borrowed, ACHIEVEMENT, "Hire them.", ENDORSED),
                              signer, bundled_loader(), ENDORSED)
    folder = site_project.root / ENDORSEMENTS_DIR
    folder.mkdir()
    (folder / "acme.json").write_text(json.dumps(signed), encoding="utf-8")
    message = _refused(site_project)
    assert "endorsements/acme.json: /proof/0/verificationMethod" in message
    assert "did:web:acme-industries.example" in message


def test_expired_endorsement_fails_the_build(site_project: Project, tmp_path: Path) -> None:
    guild = make_endorser(tmp_path / "guild")
    document = endorsement(guild.profile(), ACHIEVEMENT, "Valid for a year.", ENDORSED)
    document["validUntil"] = "2026-03-01T00:00:00Z"  # the build runs on 2026-08-29
    signed = sign_endorsement(document, load_signer(guild.active(), guild.did),
                              bundled_loader(), ENDORSED)
    folder = site_project.root / ENDORSEMENTS_DIR
    folder.mkdir()
    (folder / "old.json").write_text(json.dumps(signed), encoding="utf-8")
    assert "endorsements/old.json: /validUntil: expired on 2026-03-01" in _refused(site_project)


def test_badge_committed_as_an_endorsement_is_refused(site_project: Project) -> None:
    badge = next(site_project.credentials_dir.glob("*.json"))
    folder = site_project.root / ENDORSEMENTS_DIR
    folder.mkdir()
    (folder / "badge.json").write_bytes(badge.read_bytes())
    assert "endorsements/badge.json: /type: not an EndorsementCredential" \
        in _refused(site_project)


def test_unsigned_endorsement_is_refused(site_project: Project, tmp_path: Path) -> None:
    path = commit_endorsement(site_project, make_endorser(tmp_path / "guild"), ACHIEVEMENT)
    path.write_text(json.dumps(without_proof(json.loads(path.read_text()))), encoding="utf-8")
    assert "endorsements/guild.json" in _refused(site_project)


def test_markup_in_endorser_name_and_comment_is_shown_as_text(
        site_project: Project, tmp_path: Path) -> None:
    guild = make_endorser(tmp_path / "guild", name='<img src=x onerror="alert(1)">Guild')
    commit_endorsement(site_project, guild, ACHIEVEMENT,
                       comment='<script>alert(2)</script>[link](javascript:alert(3))')
    page = (build(site_project).site_dir / "achievements" / "python" / "index.html").read_text()
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Guild" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;[link](javascript:alert(3))" in page
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page


@pytest.mark.parametrize("name", ["Guild.json", "guild.v2.json", "-x.json", "a_b.json"])
def test_endorsement_file_name_not_fit_for_a_web_address_is_refused(
        site_project: Project, tmp_path: Path, name: str) -> None:
    path = commit_endorsement(site_project, make_endorser(tmp_path / "guild"), ACHIEVEMENT)
    path.rename(path.with_name(name))
    assert f"endorsements/{name}: the endorsement name (file name)" in _refused(site_project)
