"""``badgepress clr``: a signed CLR 2.0 learner record of one learner's valid credentials,
written outside the repository; it verifies in all three verifiers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from badgepress.clr import CLR_CONTEXT, associations, prerequisites
from badgepress.issue import issue_one
from badgepress.keystore import did_document, read_issuer_keys
from badgepress.lifecycle import revoke
from badgepress.model.achievement import load_achievement, load_achievements
from badgepress.model.recipient import Recipient, holds_email
from badgepress.project import Project
from tests.integration.endorsing import three_verdicts
from tests.integration.site_project import ISSUED, add_achievement

NOW = "2026-06-01"
ADA = "ada@example.com"


def _clr(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "badgepress"), "clr", *args,
                           "--now", NOW], cwd=project.root, capture_output=True, text=True,
                          check=False)


def _award(project: Project, slug: str, recipient: Recipient) -> str:
    return issue_one(project, load_achievement(project, slug), recipient, now=ISSUED).path.name


def _learner(project: Project) -> dict[str, str]:
    """Ada holds python and sql (valid), testing (revoked) and first-aid (expired); Bo holds
    python."""
    for slug in ("python", "sql", "testing", "first-aid"):
        add_achievement(project, slug, slug.title())
    ada = Recipient("Ada Lovelace", ADA)
    files = {slug: _award(project, slug, ada) for slug in ("python", "sql", "testing")}
    files["first-aid"] = _award(project, "first-aid", Recipient("Ada Lovelace", ADA,
                                                                 expires=date(2026, 4, 30)))
    files["bo"] = _award(project, "python", Recipient("Bo", "bo@example.com"))
    revoke(project, files["testing"].removesuffix(".json"), "issued in error",
           datetime(2026, 3, 2, tzinfo=UTC))
    return files


def _documents(project: Project) -> dict[str, Any]:
    return {project.did: did_document(project.did, read_issuer_keys(project.keys_dir))}


def _status(project: Project) -> dict[str, Any]:
    lists = [json.loads(p.read_text()) for p in (project.status_dir / "lists").glob("*.json")]
    return {status_list["id"]: status_list for status_list in lists}


def test_clr_embeds_every_valid_credential_of_the_learner_whole_and_verifies_everywhere(
        project: Project, tmp_path: Path) -> None:
    files = _learner(project)
    out = tmp_path / "records" / "ada.json"
    done = _clr(project, " Ada@Example.COM ", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "learner record of 2 credential(s)" in done.stdout
    record = json.loads(out.read_text())
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert CLR_CONTEXT in record["@context"]
    assert record["issuer"]["id"] == project.did
    embedded = record["credentialSubject"]["verifiableCredential"]
    stored = [json.loads((project.credentials_dir / files[s]).read_text())
              for s in ("python", "sql")]
    assert sorted(embedded, key=lambda c: c["id"]) == sorted(stored, key=lambda c: c["id"])
    assert holds_email(record["credentialSubject"], ADA)
    assert ADA not in out.read_text()
    verdicts = three_verdicts(tmp_path, record, _documents(project), f"{NOW}T00:00:00Z",
                              _status(project))
    assert verdicts == {"python": "verified", "browser": "verified", "reference": "verified"}


def test_clr_whose_embedded_credential_was_edited_fails_in_all_three_verifiers(
        project: Project, tmp_path: Path) -> None:
    _learner(project)
    out = tmp_path / "ada.json"
    _clr(project, ADA, "--out", str(out))
    record = json.loads(out.read_text())
    record["credentialSubject"]["verifiableCredential"][0]["name"] = "Rocket Science"
    verdicts = three_verdicts(tmp_path, record, _documents(project), f"{NOW}T00:00:00Z",
                              _status(project))
    assert verdicts == {"python": "not-verified", "browser": "not-verified",
                        "reference": "not-verified"}


def test_clr_out_inside_the_repository_is_refused(project: Project) -> None:
    _learner(project)
    done = _clr(project, ADA, "--out", "records/ada.json")
    assert done.returncode == 1
    assert done.stderr.startswith("error: records/ada.json: refusing to write a learner "
                                  "record inside the repository")
    assert "write it outside the repository" in done.stderr
    assert not (project.root / "records").exists()


def test_clr_for_an_address_holding_nothing_valid_is_an_error(project: Project,
                                                             tmp_path: Path) -> None:
    _learner(project)
    done = _clr(project, "nobody@example.com", "--out", str(tmp_path / "x.json"))
    assert done.returncode == 1
    assert "no valid credential of this issuer names nobody@example.com" in done.stderr
    assert not (tmp_path / "x.json").exists()


def test_associations_link_each_held_stacked_achievement_to_the_held_ones_it_requires(
        ) -> None:
    site = "https://example-academy.github.io/badges/achievements/"
    held = [{"credentialSubject": {"achievement": {"id": site + slug + "/"}}}
            for slug in ("data", "python", "sql")]
    requires = {site + "data/": [site + "python/", site + "sql/", site + "stats/"]}
    assert associations(held, requires) == [
        {"type": "Association", "associationType": "isParentOf", "sourceId": site + "data/",
         "targetId": site + child + "/"} for child in ("python", "sql")]
    assert associations(held[1:], requires) == []


def test_prerequisites_map_each_stacked_achievement_to_the_ids_it_requires(
        project: Project) -> None:
    add_achievement(project, "python", "Python")
    add_achievement(project, "sql", "SQL")
    add_achievement(project, "data", "Data", extra="requires:\n  all: [python, sql]\n")
    site = project.profile.site_url
    achievements = load_achievements(project)
    by_slug = {a.slug: a.id(site) for a in achievements}
    assert prerequisites(achievements, site) == {
        by_slug["data"]: (by_slug["python"], by_slug["sql"])}
