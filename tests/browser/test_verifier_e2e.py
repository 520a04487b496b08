"""The browser verifier end to end: a site built from fixtures, served under a sub-path on
loopback (``http://localhost:<port>/badges/``), checked by the system Chromium.

The site is built once per module. Its ``site_url`` is the test server itself, so the
issuer is ``did:web:localhost%3A<port>:badges`` and every file the verifier reads (DID
document, status list, revocation log) comes from that server. Attacks that need a
changed file (no status list, a key missing from the DID document) change it for one test
and put it back afterwards; the tampered badge is patched for good after the build.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from badgepress import lifecycle
from badgepress.baking import bake
from badgepress.issue import issue_one
from badgepress.keystore import KEY_DIR_ENV, SECRET_ENV, generate_key
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.conftest import REPO, write_project
from tests.integration.site_project import BUILT, ISSUED, add_achievement, build, issue

ARTIFACTS = REPO / "test-artifacts"
CHECK_IDS = ["format", "signature", "issuer_key", "status", "dates"]
PUBLIC_SITE = "https://org.github.io/badges/"  # the preview project's (unpublished) site
CREDENTIAL_SCRIPT = re.compile(
    r'(<script type="application/json" id="bp-credential">)(.*?)(</script>)', re.S)


@dataclass(frozen=True)
class Site:
    """The served test site: its base URL, folders and the badge of each case."""

    origin: str
    base: str  # origin + "/badges/"
    folder: Path  # the built site (served at base)
    preview_folder: Path  # a site of PUBLIC_SITE, served at origin + "/preview/"
    tokens: dict[str, str]  # case -> badge token
    preview_token: str
    baked_png: Path
    baked_svg: Path

    def badge_url(self, case: str) -> str:
        return f"{self.base}badges/{self.tokens[case]}/"

    def credential(self, case: str) -> dict[str, Any]:
        path = self.folder / "badges" / self.tokens[case] / "credential.json"
        return json.loads(path.read_text(encoding="utf-8"))


def _token(path: Path) -> str:
    return path.stem


def _new_project(root: Path, site_url: str, keys: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv(KEY_DIR_ENV, str(keys))
    write_project(root, site_url=site_url)
    project = Project.load(root)
    generate_key(project.keys_dir, root, date(2026, 1, 1))
    add_achievement(project)
    return project


def _embed(credential: dict[str, Any]) -> str:
    """Credential JSON as the page embeds it: compact, with no "<" that could end the script."""
    text = json.dumps(credential, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tamper(badge_dir: Path, new_name: str) -> None:
    """Change the recipient's name after signing, in credential.json and in the page."""
    credential_path = badge_dir / "credential.json"
    credential = json.loads(credential_path.read_text(encoding="utf-8"))
    old_name = credential["credentialSubject"]["identifier"][0]["identityHash"]
    credential["credentialSubject"]["identifier"][0]["identityHash"] = new_name
    credential_path.write_text(json.dumps(credential, indent=2, sort_keys=True) + "\n",
                               encoding="utf-8")
    page_path = badge_dir / "index.html"
    html = page_path.read_text(encoding="utf-8")
    html, count = CREDENTIAL_SCRIPT.subn(
        lambda m: m.group(1) + _embed(credential) + m.group(3), html)
    assert count == 1
    page_path.write_text(html.replace(old_name, new_name), encoding="utf-8")


def _badge_png() -> bytes:
    """A small round badge image (PNG), like the fixture achievement's SVG."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((2, 2, 61, 61), fill=(31, 95, 191, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the fixture site once and serve it on loopback for the whole module."""
    port = free_port()
    origin = f"http://localhost:{port}"
    work = tmp_path_factory.mktemp("e2e")
    www = work / "www"
    tokens: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
        monkeypatch.delenv(SECRET_ENV, raising=False)

        project = _new_project(work / "repo", f"{origin}/badges/", work / "keys", monkeypatch)
        valid, tampered, revoked = issue(project, ["Ada Lovelace", "Grace Hopper",
                                                   "Revoked Person"])
        expired = issue_one(project, load_achievement(project, "python"),
                            Recipient("Expired Person", expires=date(2026, 4, 1)),
                            now=ISSUED).path
        lifecycle.revoke(project, str(revoked), "issued in error", ISSUED)
        tokens = {"valid": _token(valid), "tampered": _token(tampered),
                  "revoked": _token(revoked), "expired": _token(expired)}
        folder = build(project, www / "badges").site_dir

        preview = _new_project(work / "preview-repo", PUBLIC_SITE, work / "preview-keys",
                               monkeypatch)
        [preview_badge] = issue(preview, ["Ada Lovelace"])
        preview_folder = build(preview, www / "preview").site_dir

    _tamper(folder / "badges" / tokens["tampered"], "Mallory Mallet")
    valid_json = (folder / "badges" / tokens["valid"] / "credential.json").read_text(
        encoding="utf-8")
    baked_png = work / "ada-lovelace.png"
    baked_png.write_bytes(bake(_badge_png(), "png", valid_json))
    baked_svg = work / "ada-lovelace.svg"
    svg = (folder / "images" / "python.svg").read_bytes()
    baked_svg.write_bytes(bake(svg, "svg", valid_json))

    with SiteServer(www, port):
        yield Site(origin, f"{origin}/badges/", folder, preview_folder, tokens,
                   _token(preview_badge), baked_png, baked_svg)


@contextmanager
def changed_file(path: Path, content: bytes | None) -> Iterator[None]:
    """Replace (or, with None, remove) a file of the served site for one test."""
    original = path.read_bytes()
    try:
        if content is None:
            path.unlink()
        else:
            path.write_bytes(content)
        yield
    finally:
        path.write_bytes(original)


# --- helpers ------------------------------------------------------------------------------

def wait_for_report(page: Any) -> dict[str, Any]:
    """Wait for the verifier's verdict on the page; return what it shows."""
    page.wait_for_selector("#bp-verify[data-verdict]", timeout=15_000)
    return page.evaluate("""() => {
        const section = document.getElementById('bp-verify');
        const checks = {};
        const messages = {};
        for (const li of section.querySelectorAll('li[data-check]')) {
            checks[li.dataset.check] = li.dataset.state;
            messages[li.dataset.check] = li.textContent;
        }
        const domain = section.querySelector('.bp-issuer-domain');
        const note = section.querySelector('[data-note="local-preview"]');
        return {
            verdict: section.dataset.verdict,
            ms: section.dataset.verifyMs === undefined ? null : Number(section.dataset.verifyMs),
            headline: (section.querySelector('.bp-verdict') || {}).textContent || null,
            order: [...section.querySelectorAll('li[data-check]')].map(li => li.dataset.check),
            checks, messages,
            domain: domain ? domain.textContent : null,
            note: note ? note.textContent : null,
            text: section.textContent,
        };
    }""")


def save_screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (gitignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def open_badge(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_selector("#bp-verify[data-verify-ms]", timeout=15_000)
    return wait_for_report(page)


# --- badge pages --------------------------------------------------------------------------

def test_valid_badge_is_verified_with_every_check_passing(page: Any, site: Site) -> None:
    report = open_badge(page, site.badge_url("valid"))
    assert report["verdict"] == "verified"
    assert report["headline"] == "Verified"
    assert report["order"] == CHECK_IDS
    assert report["checks"] == dict.fromkeys(CHECK_IDS, "pass")
    port = site.origin.rsplit(":", 1)[1]
    assert report["domain"] == f"localhost:{port}/badges"
    assert report["note"] is None  # the site URL is this server: no preview rewriting
    assert "has not been revoked" in report["messages"]["status"]


def test_tampered_name_fails_the_signature(page: Any, site: Site) -> None:
    assert site.credential("tampered")["credentialSubject"]["identifier"][0][
        "identityHash"] == "Mallory Mallet"
    report = open_badge(page, site.badge_url("tampered"))
    assert page.text_content(".bp-recipient") == "Mallory Mallet"
    assert report["verdict"] == "not-verified"
    assert report["headline"] == "Not verified — the content does not match its signature"
    assert report["checks"]["signature"] == "fail"
    assert "changed after it was signed" in report["messages"]["signature"]
    assert report["checks"]["issuer_key"] == "pass"
    assert report["checks"]["format"] == "pass"


def test_revoked_badge_fails_status_with_the_reason(page: Any, site: Site) -> None:
    report = open_badge(page, site.badge_url("revoked"))
    assert report["verdict"] == "not-verified"
    assert report["checks"]["status"] == "fail"
    assert report["checks"]["signature"] == "pass"
    message = report["messages"]["status"]
    assert "Revoked on 2026-03-01" in message
    assert "Reason given: issued in error" in message
    save_screenshot(page, "revoked-badge")


def test_expired_badge_fails_dates(page: Any, site: Site) -> None:
    assert site.credential("expired")["validUntil"].startswith("2026-04-01")
    report = open_badge(page, site.badge_url("expired"))
    assert report["verdict"] == "not-verified"
    assert report["checks"]["dates"] == "fail"
    assert "Expired on 2026-04-01" in report["messages"]["dates"]
    assert {k: v for k, v in report["checks"].items() if k != "dates"} == dict.fromkeys(
        ["format", "signature", "issuer_key", "status"], "pass")


def test_unreachable_status_list_is_a_warning_never_a_pass(page: Any, site: Site) -> None:
    status_url = site.credential("valid")["credentialStatus"]["statusListCredential"]
    assert status_url.startswith(site.base)
    status_file = site.folder / status_url.removeprefix(site.base)
    with changed_file(status_file, None):
        report = open_badge(page, site.badge_url("valid"))
    assert report["verdict"] == "warning"
    assert report["headline"] == "Genuine — but whether it was revoked could not be checked"
    assert report["checks"]["status"] == "warn"
    assert "could not be loaded" in report["messages"]["status"]
    assert report["checks"]["signature"] == "pass"
    assert report["checks"]["issuer_key"] == "pass"


def test_key_missing_from_did_document_assertion_method_fails_issuer_key(
        page: Any, site: Site) -> None:
    did_file = site.folder / "did.json"
    document = json.loads(did_file.read_text(encoding="utf-8"))
    assert document["assertionMethod"]
    document["assertionMethod"] = []
    with changed_file(did_file, json.dumps(document).encode()):
        report = open_badge(page, site.badge_url("valid"))
    assert report["verdict"] == "not-verified"
    assert report["checks"]["issuer_key"] == "fail"
    assert "assertionMethod" in report["messages"]["issuer_key"]


def test_verifying_a_badge_page_requests_nothing_from_other_origins(
        page: Any, site: Site) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    report = open_badge(page, site.badge_url("revoked"))  # reads the log too
    assert report["checks"]["status"] == "fail"
    assert requests, "no request recorded"
    outside = [url for url in requests if not url.startswith(site.origin + "/")]
    assert outside == []
    assert f"{site.base}did.json" in requests
    assert f"{site.base}status/log.json" in requests



def test_badge_page_preloads_the_did_document_and_status_list_and_the_verifier_reads_them(
        page: Any, site: Site) -> None:
    """The page asks for both while it loads; the verifier gets those answers (one request
    each, none from its own fetch) and still checks them: a verdict on every check."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    report = open_badge(page, site.badge_url("valid"))
    assert report["checks"] == dict.fromkeys(CHECK_IDS, "pass")
    status_list = site.credential("valid")["credentialStatus"]["statusListCredential"]
    for url in (f"{site.base}did.json", status_list):
        assert requests.count(url) == 1, url
    assert page.locator('head link[rel="preload"][as="fetch"][crossorigin]').count() == 2

# --- local preview ------------------------------------------------------------------------

def test_local_preview_reads_the_issuer_files_from_the_preview_server(
        page: Any, site: Site) -> None:
    """A site built for https://org.github.io/badges/, opened on localhost (here under
    /preview/): did.json and the status list come from this server, and the report says so."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    report = open_badge(page, f"{site.origin}/preview/badges/{site.preview_token}/")
    assert report["verdict"] == "verified", report["messages"]
    assert report["domain"] == "org.github.io/badges"
    assert report["note"] == ("Local preview: the issuer's files were read from this "
                              "preview server, not from org.github.io.")
    assert f"{site.origin}/preview/did.json" in requests
    save_screenshot(page, "local-preview-badge")
    assert all(url.startswith(site.origin + "/") for url in requests)


def test_no_preview_rewriting_on_any_other_host(page: Any, site: Site) -> None:
    """The same preview site served as http://badges.test/preview/ (not localhost): the
    verifier asks the real site URL, which is not reachable here."""
    requests: list[str] = []

    def serve(route: Any) -> None:
        url = route.request.url
        requests.append(url)
        prefix = "http://badges.test/preview/"
        if not url.startswith(prefix):
            route.abort()
            return
        path = site.preview_folder / url.removeprefix(prefix).split("?")[0]
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            route.fulfill(status=404, body="not found")
            return
        kind = {".html": "text/html", ".js": "text/javascript", ".css": "text/css",
                ".json": "application/json", ".svg": "image/svg+xml"}.get(path.suffix, "")
        route.fulfill(status=200, body=path.read_bytes(), content_type=kind)

    page.route("**/*", serve)
    report = open_badge(page, f"http://badges.test/preview/badges/{site.preview_token}/")
    assert f"{PUBLIC_SITE}did.json" in requests
    # The page preloads its own site's DID document (once, a <link rel="preload">); the
    # verifier does not read it: the key is looked up at the real site, so it fails here.
    assert requests.count("http://badges.test/preview/did.json") <= 1
    assert report["note"] is None
    assert report["checks"]["issuer_key"] == "fail"
    assert report["verdict"] == "not-verified"


# --- the standalone verify page -----------------------------------------------------------

def test_verify_page_pasted_json_shows_report_and_content(page: Any, site: Site) -> None:
    page.goto(f"{site.base}verify/")
    page.fill("#bp-paste", json.dumps(site.credential("valid"), indent=2))
    page.click("#bp-paste-verify")
    report = wait_for_report(page)
    assert report["verdict"] == "verified"
    assert report["checks"] == dict.fromkeys(CHECK_IDS, "pass")
    assert page.text_content("#bp-content dd[data-field=recipient]") == "Ada Lovelace"
    assert page.text_content("#bp-content dd[data-field=achievement]") == "Python Basics"
    assert "Example Academy" in page.text_content("#bp-content dd[data-field=issuer]")
    save_screenshot(page, "verify-page-pasted")


def test_verify_page_pasted_tampered_json_is_not_verified(page: Any, site: Site) -> None:
    page.goto(f"{site.base}verify/")
    page.fill("#bp-paste", json.dumps(site.credential("tampered")))
    page.click("#bp-paste-verify")
    report = wait_for_report(page)
    assert report["verdict"] == "not-verified"
    assert report["checks"]["signature"] == "fail"
    assert page.text_content("#bp-content dd[data-field=recipient]") == "Mallory Mallet"


def test_verify_page_picked_baked_png_shows_report(page: Any, site: Site) -> None:
    page.goto(f"{site.base}verify/")
    page.set_input_files("#bp-file", str(site.baked_png))
    report = wait_for_report(page)
    assert report["verdict"] == "verified"
    assert report["checks"] == dict.fromkeys(CHECK_IDS, "pass")
    assert page.text_content("#bp-content dd[data-field=recipient]") == "Ada Lovelace"


def test_verify_page_dropped_baked_svg_shows_report(page: Any, site: Site) -> None:
    page.goto(f"{site.base}verify/")
    page.wait_for_selector("#bp-drop")
    svg = site.baked_svg.read_text(encoding="utf-8")
    page.evaluate("""(svg) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([svg], 'ada-lovelace.svg', {type: 'image/svg+xml'}));
        const drop = document.getElementById('bp-drop');
        const init = {dataTransfer: transfer, bubbles: true, cancelable: true};
        drop.dispatchEvent(new DragEvent('dragover', init));
        drop.dispatchEvent(new DragEvent('drop', init));
    }""", svg)
    report = wait_for_report(page)
    assert report["verdict"] == "verified"
    assert page.text_content("#bp-content dd[data-field=recipient]") == "Ada Lovelace"


def test_verify_page_badge_page_url_shows_report(page: Any, site: Site) -> None:
    page.goto(f"{site.base}verify/")
    page.fill("#bp-url", site.badge_url("revoked"))
    page.click("#bp-url-verify")
    report = wait_for_report(page)
    assert report["verdict"] == "not-verified"
    assert report["checks"]["status"] == "fail"


# --- how it looks, how fast it is ---------------------------------------------------------

@pytest.mark.parametrize(("name", "viewport"), [
    ("desktop", {"width": 1280, "height": 900}),
    ("phone", {"width": 375, "height": 812}),
])
def test_screenshot_of_a_verified_badge_page(browser: Any, site: Site, name: str,
                                             viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                  is_mobile=name == "phone")
    try:
        page = context.new_page()
        report = open_badge(page, site.badge_url("valid"))
        assert report["verdict"] == "verified"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"page scrolls sideways at {viewport['width']} px"
        target = save_screenshot(page, f"verified-badge-{name}")
        assert target.stat().st_size > 10_000
    finally:
        context.close()
