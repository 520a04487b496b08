"""Attacks through redirects on the issuer's key document (issue 14): the controller document
an ``https://`` issuer publishes at its own URL, and a did:web DID document, fetched with
``--online`` from a real HTTPS site on loopback (``https://localhost:PORT`` and, as another
origin, ``https://127.0.0.1:PORT``). A document that claims the issuer's id but was served,
after a redirect, from another origin (an open redirect, a moved site whose new domain lapsed,
a link shortener) is the attacker's: its key is not the issuer's."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from badgepress.crypto.keys import KeyPair
from badgepress.report import Check, Report, State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.attacks.https_site import Site, https_site
from tests.helpers import did_document, signed_credential, unsigned_credential


def _signed_as(issuer_id: str, key: KeyPair) -> dict[str, Any]:
    """A credential of ``issuer_id``, signed with ``key`` named as one of the issuer's."""
    credential = unsigned_credential(issuer={"id": issuer_id, "type": ["Profile"],
                                             "name": "Example Academy"})
    return signed_credential(credential, key=key, did=issuer_id)


def _issuer_key(report: Report) -> Check:
    return next(c for c in report.checks if c.id == "issuer_key")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    with https_site(tmp_path) as (served, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        yield served


def _redirected_attack(issuer_id: str, url: str, attacker_url: str, site: Site) -> Report:
    """The issuer's document ``url`` redirects to ``attacker_url`` on another origin, which
    serves a document with the issuer's id and the attacker's key, who signed the badge."""
    attacker = KeyPair.generate()
    site.redirect(urlsplit(url).path, attacker_url)
    site.json(urlsplit(attacker_url).path, did_document(issuer_id, attacker.public.multibase))
    return check_credential(_signed_as(issuer_id, attacker), Trust.online())


def test_controller_document_redirected_to_another_origin_does_not_confirm_the_key(
        site: Site) -> None:
    issuer, mallory = f"{site.origin}/issuers/1", f"{site.other_origin}/mallory.json"
    report = _redirected_attack(issuer, issuer, mallory, site)
    assert report.verdict is Verdict.NOT_VERIFIED
    key = _issuer_key(report)
    assert (key.state, key.pointer) == (State.FAIL, "/proof/0/verificationMethod")
    assert (f"the issuer's key document at {issuer} was served from {mallory} after a "
            "redirect to another site, so it does not confirm the key") in key.message
    assert site.asked == ["/issuers/1", "/mallory.json"]


def test_did_web_document_redirected_to_another_origin_does_not_confirm_the_key(
        site: Site) -> None:
    # A did:web of host localhost is read over plain http (development), so here the DID's
    # host is 127.0.0.1 (the site's other_origin) and the attacker's is localhost.
    did = f"did:web:127.0.0.1%3A{site.port}:issuers:1"
    url, mallory = f"{site.other_origin}/issuers/1/did.json", f"{site.origin}/mallory/did.json"
    report = _redirected_attack(did, url, mallory, site)
    assert report.verdict is Verdict.NOT_VERIFIED
    key = _issuer_key(report)
    assert key.state is State.FAIL
    assert (f"the issuer's key document at {url} was served from {mallory} after a redirect "
            "to another site") in key.message
    assert key.hint == f"serve the document from {url} itself (a redirect within that site is fine)"


def test_controller_document_redirected_within_the_issuers_origin_still_confirms_the_key(
        site: Site) -> None:
    issuer = f"{site.origin}/issuers/1"
    key = KeyPair.generate()
    site.redirect("/issuers/1", "/issuers/1/")
    site.json("/issuers/1/", did_document(issuer, key.public.multibase))
    report = check_credential(_signed_as(issuer, key), Trust.online())
    assert report.verdict is Verdict.VERIFIED, report.checks
    assert site.asked == ["/issuers/1", "/issuers/1/"]


def test_did_web_document_redirected_within_its_origin_still_confirms_the_key(
        site: Site) -> None:
    did = f"did:web:127.0.0.1%3A{site.port}"  # its origin is the site's other_origin
    key = KeyPair.generate()
    site.redirect("/.well-known/did.json", f"{site.other_origin}/keys/2026/did.json")
    site.json("/keys/2026/did.json", did_document(did, key.public.multibase))
    report = check_credential(_signed_as(did, key), Trust.online())
    assert report.verdict is Verdict.VERIFIED, report.checks


def test_redirect_through_another_origin_back_to_the_issuers_is_judged_by_where_it_ends(
        site: Site) -> None:
    """The origin that finally answers decides (a browser sees only that one): a detour that
    lands back on the issuer's own site serves a document of the issuer's own site."""
    issuer = f"{site.origin}/issuers/1"
    key = KeyPair.generate()
    site.redirect("/issuers/1", f"{site.other_origin}/short/x")
    site.redirect("/short/x", f"{site.origin}/issuers/1/key.json")
    site.json("/issuers/1/key.json", did_document(issuer, key.public.multibase))
    report = check_credential(_signed_as(issuer, key), Trust.online())
    assert report.verdict is Verdict.VERIFIED, report.checks
