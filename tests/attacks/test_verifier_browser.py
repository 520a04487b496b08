"""The shared verdict table (and the field fixtures, tests/reference/field/) through the
browser verifier: headless Chromium on the /verify/
page of a built site, each case's credential given as a file, every other request answered
only from the case's DID documents and resources (nothing else is reachable), the page's
clock at the case's ``now``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from badgepress.did.web import url_from_did
from badgepress.keystore import KEY_DIR_ENV, SECRET_ENV, generate_key
from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.project import Project
from tests.conftest import write_project
from tests.integration.site_project import BUILT, add_achievement, build
from tests.reference.field.agreement import load_cases
from tests.reference.verdicts.table import case_names, credential_bytes, load_case, run_case

pytestmark = pytest.mark.browser
ORIGIN = "https://verifier.test"
SITE = f"{ORIGIN}/badges/"
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css",
         ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png"}
CORS = {"access-control-allow-origin": "*"}
FIELD = load_cases()


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site (for its /verify/ page), as published at ``SITE``."""
    work = tmp_path_factory.mktemp("verdicts-site")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
        monkeypatch.setenv(KEY_DIR_ENV, str(work / "keys"))
        monkeypatch.delenv(SECRET_ENV, raising=False)
        write_project(work / "repo", site_url=SITE)
        project = Project.load(work / "repo")
        generate_key(project.keys_dir, project.root, date(2026, 1, 1))
        add_achievement(project)
        return build(project, work / "site").site_dir


class Network:
    """Answers the page's requests: the site under ``SITE``, then the current case's map."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.known: dict[str, Any] = {}
        self.asked: list[str] = []

    def serve(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(SITE):
            path = self.folder / url.removeprefix(SITE).split("?")[0]
            path = path / "index.html" if path.is_dir() else path
            if path.is_file():
                route.fulfill(status=200, body=path.read_bytes(),
                              content_type=TYPES.get(path.suffix, ""))
                return
        self.asked.append(url)
        if url in self.known:
            route.fulfill(status=200, body=json.dumps(self.known[url]),
                          content_type="application/json", headers=CORS)
        else:
            route.fulfill(status=404, body="not found", headers=CORS)


@pytest.fixture(scope="module")
def verify_page(browser: Any, site_folder: Path) -> Iterator[tuple[Any, Network]]:
    """One /verify/ page for the module, with the case network behind it."""
    context = browser.new_context()
    network = Network(site_folder)
    context.route("**/*", network.serve)
    page = context.new_page()
    yield page, network
    context.close()


def fetch_map(case: dict[str, Any]) -> dict[str, Any]:
    """The URL -> JSON map of a case: its did:web documents where they live, its JWK sets
    and resources."""
    known = {**(case.get("resources") or {}), **(case.get("keySets") or {})}
    for did, document in (case.get("didDocuments") or {}).items():
        if did.startswith("did:web:"):
            known[url_from_did(did)] = document
        elif did.startswith("https://"):  # a controller document lives at its own URL
            known[did] = document
    return known


def browser_report(page: Any, network: Network, case: dict[str, Any]) -> dict[str, Any]:
    """Give the case's credential to the /verify/ page as a file; return what it shows."""
    network.known = fetch_map(case)
    page.clock.set_fixed_time(datetime.fromisoformat(case["now"].replace("Z", "+00:00")))
    page.goto(f"{SITE}verify/")
    page.set_input_files("#bp-file", files=[{"name": "credential.json",
                                             "mimeType": "application/json",
                                             "buffer": credential_bytes(case)}])
    page.wait_for_selector("#bp-verify[data-verdict]:not([aria-busy])", timeout=20_000)
    shown: dict[str, Any] = page.evaluate("""() => {
        const section = document.getElementById('bp-verify');
        const items = [...section.querySelectorAll(
            ':scope > .bp-checks-details > .bp-checks > li[data-check]')];
        const problem = items.find(li => li.dataset.state !== 'pass');
        return {verdict: section.dataset.verdict,
                check: problem ? problem.dataset.check : null,
                state: problem ? problem.dataset.state : null,
                headline: (section.querySelector('.bp-verdict') || {}).textContent || null,
                xss: window.__xss === undefined ? null : window.__xss};
    }""")
    return shown


@pytest.mark.parametrize("name", case_names())
def test_browser_verdict_matches_the_table(verify_page: tuple[Any, Network], name: str) -> None:
    page, network = verify_page
    case = load_case(name)
    shown = browser_report(page, network, case)
    outcome = {k: shown[k] for k in ("verdict", "check", "state")}
    assert outcome == case["expected"], case["description"]
    assert shown["xss"] is None  # no markup from a credential ever runs
    assert shown["headline"] == run_case(case).headline  # one headline, in both verifiers


def test_vc11_credential_shows_its_issuance_and_expiration_dates(
        verify_page: tuple[Any, Network]) -> None:
    page, network = verify_page
    case = load_case("vc11-expiration-date-after-now")
    assert browser_report(page, network, case)["verdict"] == "verified"
    rows = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#bp-content dd[data-field]')].map(dd => [dd.dataset.field, dd.textContent]))""")
    assert rows["issued"] == case["credential"]["issuanceDate"]
    assert rows["expires"] == case["credential"]["expirationDate"]
    assert "valid-from" not in rows and "valid-until" not in rows


def test_baked_jwt_svg_shows_the_jwts_credential_not_the_text_beside_it(
        verify_page: tuple[Any, Network]) -> None:
    page, network = verify_page
    case = load_case("jwt-baked-svg-beside-other-credential-text")
    assert browser_report(page, network, case)["verdict"] == "verified"
    shown = page.inner_text("#bp-content")
    assert "JOSE Fundamentals" in shown and "Forged Name" not in shown
    assert "Secured as a JWT (ES256)" in page.text_content("#bp-verify")


@pytest.mark.parametrize("name", sorted(FIELD))
def test_browser_verdict_on_a_field_fixture_is_the_recorded_one(
        verify_page: tuple[Any, Network], name: str) -> None:
    page, network = verify_page
    case = FIELD[name]
    assert browser_report(page, network, case)["verdict"] == case["badgepress"]["browser"]


@pytest.mark.parametrize(("name", "headline", "issuer"), [
    ("expired", "Genuine — expired on 1 March 2026", "confirmed"),
    ("status-revoked", "Genuine — revoked by the issuer", "confirmed"),
    ("tampered-name", "Not verified — the content does not match its signature", "confirmed"),
    ("genuine-did-key-issuer", "Genuine signature — the issuer's name is self-asserted",
     "self-asserted"),
])
def test_expired_revoked_forged_and_self_asserted_badges_each_get_their_own_headline(
        verify_page: tuple[Any, Network], name: str, headline: str, issuer: str) -> None:
    page, network = verify_page
    shown = browser_report(page, network, load_case(name))
    assert shown["headline"] == headline
    result = page.evaluate("""() => {
        const section = document.getElementById('bp-verify');
        const live = document.querySelector('[role=status].bp-sr');
        return {issuer: section.dataset.issuer, live: live.textContent,
                liveOutside: !section.contains(live),
                focused: document.activeElement === section.querySelector('.bp-verdict'),
                folded: !section.querySelector('details.bp-checks-details').open,
                checksInside: section.querySelectorAll('details li[data-check]').length};
    }""")
    assert result == {"issuer": issuer, "live": headline, "liveOutside": True, "focused": True,
                      "folded": True, "checksInside": 5}


def test_self_asserted_issuer_line_shows_the_key_before_the_claimed_name(
        verify_page: tuple[Any, Network]) -> None:
    page, network = verify_page
    case = load_case("genuine-did-key-issuer")
    browser_report(page, network, case)
    line = page.locator("#bp-verify .bp-issuer")
    text = line.inner_text()
    issuer = case["credential"]["issuer"]
    assert text.index(issuer["id"]) < text.index(issuer["name"])
    assert "no web domain confirms that name" in text
    assert line.locator("bdi.bp-issuer-claimed").inner_text() == issuer["name"]
    colour = "e => getComputedStyle(e).color"
    self_asserted = page.eval_on_selector("#bp-verify .bp-verdict", colour)
    assert browser_report(page, network, load_case("genuine"))["verdict"] == "verified"
    confirmed = page.eval_on_selector("#bp-verify .bp-verdict", colour)
    assert self_asserted != confirmed  # never the green headline of a confirmed issuer


def test_short_status_list_note_is_shown_beside_the_revoked_verdict(
        verify_page: tuple[Any, Network]) -> None:
    page, network = verify_page
    shown = browser_report(page, network, load_case("status-list-short-revoked"))
    assert (shown["verdict"], shown["check"]) == ("not-verified", "status")
    note = page.text_content("#bp-verify .bp-note[data-note='short-status-list']")
    assert note == ("The issuer's list has 100,000 entries, fewer than the 131,072 the "
                    "Bitstring Status List Recommendation asks for; this weakens holders' "
                    "privacy, not the answer.")


# The badge page's bundle carries only the contexts badgepress issues with and reads the
# others from assets/badgepress-contexts.json: cases naming other contexts, on a badge page.
OTHER_CONTEXT_CASES = ["vc11-genuine", "vc11-tampered-issuance-date", "ed25519-2020-genuine",
                       "status-list-2021-revoked", "clr-genuine", "remote-context"]
CONTEXT_FILE = "assets/badgepress-contexts.json"


def badge_page_with(site_folder: Path, case: dict[str, Any], name: str) -> str:
    """A badge page (the built site's policy, its verifier bundle) carrying the case's
    credential, in a badge folder; its URL."""
    policy = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>',
                       (site_folder / "verify" / "index.html").read_text("utf-8"))
    assert policy is not None
    embedded = json.dumps(case["credential"]).replace("<", "\\u003c")
    page = site_folder / "badges" / "cases" / f"{name}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
{policy.group(0)}<title>{name}</title></head><body>
<section id="bp-verify" class="bp-verify"></section>
<script type="application/json" id="bp-credential">{embedded}</script>
<script src="../../assets/badgepress-verifier.js" defer></script></body></html>""", "utf-8")
    return SITE + page.relative_to(site_folder).as_posix()


def badge_page_report(page: Any, network: Network, url: str,
                      case: dict[str, Any]) -> dict[str, Any]:
    network.known = fetch_map(case)
    page.clock.set_fixed_time(datetime.fromisoformat(case["now"].replace("Z", "+00:00")))
    requested: list[str] = []

    def record(request: Any) -> None:
        requested.append(request.url)

    page.on("request", record)
    page.goto(url)
    page.wait_for_selector("#bp-verify[data-verify-ms]", timeout=20_000)
    report: dict[str, Any] = page.evaluate("""() => {
        const section = document.getElementById('bp-verify');
        const problem = [...section.querySelectorAll('li[data-check]')]
            .find(li => li.dataset.state !== 'pass');
        return {verdict: section.dataset.verdict,
                check: problem ? problem.dataset.check : null,
                state: problem ? problem.dataset.state : null,
                message: problem ? problem.textContent : null,
                headline: section.querySelector('.bp-verdict').textContent};
    }""")
    page.remove_listener("request", record)
    report["contextFile"] = SITE + CONTEXT_FILE in requested
    return report


@pytest.mark.parametrize("name", OTHER_CONTEXT_CASES)
def test_badge_page_verdict_with_a_context_from_the_context_file_matches_the_table(
        verify_page: tuple[Any, Network], site_folder: Path, name: str) -> None:
    page, network = verify_page
    case = load_case(name)
    shown = badge_page_report(page, network, badge_page_with(site_folder, case, name), case)
    assert {k: shown[k] for k in ("verdict", "check", "state")} == case["expected"]
    assert shown["headline"] == run_case(case).headline
    # Read from the context file, except a context no file holds (refused by its URL).
    assert shown["contextFile"] is (name != "remote-context")


def test_changed_context_file_is_refused_by_the_badge_page(
        browser: Any, site_folder: Path) -> None:
    """A context file whose VC 1.1 context gains an @vocab: every undefined term of a badge
    would then look defined. The bundle holds the file's SHA-256 and refuses it."""
    context = browser.new_context()
    network = Network(site_folder)
    documents = json.loads((site_folder / CONTEXT_FILE).read_text("utf-8"))
    documents["https://www.w3.org/2018/credentials/v1"]["@context"]["@vocab"] = "https://evil.test/#"
    changed = json.dumps(documents).encode()

    def serve(route: Any) -> None:
        if route.request.url == SITE + CONTEXT_FILE:
            route.fulfill(status=200, body=changed, content_type="application/json")
        else:
            network.serve(route)

    context.route("**/*", serve)
    try:
        case = load_case("vc11-genuine")
        page = context.new_page()
        shown = badge_page_report(page, network, badge_page_with(site_folder, case, "cf"), case)
    finally:
        context.close()
    assert (shown["verdict"], shown["check"], shown["state"]) == (
        "not-verified", "signature", "fail")
    assert "badgepress-contexts.json could not be used: its content is not the one" in (
        shown["message"])
