"""In Chromium: the achievement page and the home page verify each endorsement in place
(fetched from the site, the same checks as a badge) and show its verdict; an endorsement
changed on the host after the build shows as not verified."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from badgepress.keystore import KEY_DIR_ENV, generate_key
from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.conftest import write_project
from tests.integration.endorsing import commit_endorsement, make_endorser
from tests.integration.site_project import BUILT, add_achievement, build, issue

VERDICTS = """() => [...document.querySelectorAll('[data-bp-endorsement]')].map(li => ({
    verdict: li.dataset.verdict || null,
    shown: li.querySelector('.bp-endorsement-verdict').textContent,
    comment: li.querySelector('[data-field=comment]').textContent}))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose python achievement has a genuine endorsement and whose sql achievement
    has one that is edited after the build; its issuer is endorsed too."""
    port = free_port()
    work = tmp_path_factory.mktemp("endorsed")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
        monkeypatch.setenv(KEY_DIR_ENV, str(work / "keys"))
        project = Project.load(write_project(work / "repo",
                                             site_url=f"http://localhost:{port}/badges/"))
        generate_key(project.keys_dir, project.root, date(2026, 1, 1))
        add_achievement(project)
        add_achievement(project, "sql", "SQL Basics")
        issue(project, ["Ada Lovelace"])
        guild = make_endorser(work / "guild")
        base = project.profile.site_url + "achievements/"
        commit_endorsement(project, guild, base + "python/", "python",
                           "Rigorous <b>and</b> fair.")
        commit_endorsement(project, guild, base + "sql/", "sql", "Good enough for interns.")
        commit_endorsement(project, guild, project.did, "academy", "A trusted partner.")
        folder = build(project, work / "www" / "badges").site_dir
    edited = folder / "endorsements" / "sql.json"
    forged = json.loads(edited.read_text())
    forged["credentialSubject"]["endorsementComment"] = "The best programme in the country."
    edited.write_text(json.dumps(forged), encoding="utf-8")
    with SiteServer(work / "www", port):
        yield f"http://localhost:{port}/badges/"


def _shown(page: Any, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-bp-endorsement]')]
        .every(li => li.dataset.verdict)""", timeout=60000)
    result: list[dict[str, Any]] = page.evaluate(VERDICTS)
    return result


def test_achievement_page_shows_the_endorsement_as_verified(site: str, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    [shown] = _shown(page, site + "achievements/python/")
    assert shown["verdict"] == "verified"
    assert shown["shown"] == "Genuine signature — the issuer's name is self-asserted"
    assert shown["comment"] == "Rigorous <b>and</b> fair."
    assert page.evaluate("() => document.querySelectorAll('.bp-endorsement b').length") == 0
    assert errors == []


def test_endorsement_edited_on_the_host_after_the_build_shows_as_not_verified(
        site: str, page: Any) -> None:
    [shown] = _shown(page, site + "achievements/sql/")
    assert shown["verdict"] == "not-verified"
    assert shown["shown"] == "Not verified — the content does not match its signature"


def test_home_page_verifies_the_endorsement_of_the_issuer(site: str, page: Any) -> None:
    [shown] = _shown(page, site)
    assert (shown["verdict"], shown["comment"]) == ("verified", "A trusted partner.")
