"""Attacks on ``--online`` fetching: slow servers, huge answers, URL tricks to reach plain
http, each against a real HTTP server on loopback (issue 12, class 7)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from badgepress.did.resolver import Fetcher
from badgepress.errors import ResolutionError
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.attacks.limits_server import LoopbackServer, body, trickle
from tests.helpers import did_document, signed_credential, unsigned_credential, write_json

DEV = Fetcher(allow_http_localhost=True, deadline=1.0)


def test_trickling_server_is_cut_at_the_total_deadline() -> None:
    with LoopbackServer(trickle(0.05)) as server:
        started = time.monotonic()
        with pytest.raises(ResolutionError, match=r"no complete answer within 1 s"):
            DEV.get_json(server.url + "/.well-known/did.json")
        assert time.monotonic() - started < 2.0
        assert server.requests == 1


def test_trickling_did_server_does_not_hold_the_cli(tmp_path: Path) -> None:
    """The issue's case: one byte a second held ``verify --online`` 40 s; now 10 s at most."""
    with LoopbackServer(trickle(1.0)) as server:
        did = f"did:web:localhost%3A{server.port}"
        credential = signed_credential(unsigned_credential(
            issuer={"id": did, "type": ["Profile"], "name": "Slow"}), did=did)
        path = write_json(tmp_path / "slow-issuer.json", credential)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", "from badgepress.cli import main; main()", "verify",
             "--online", "--allow-http-localhost", "--json", "--project", str(tmp_path),
             str(path)], capture_output=True, text=True, timeout=60, check=False)
        elapsed = time.monotonic() - started
    assert elapsed < 14, f"held the CLI {elapsed:.0f} s"
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)["credentials"][0]
    assert report["verdict"] == "not-verified"
    key = next(c for c in report["checks"] if c["id"] == "issuer_key")
    assert key["state"] == "fail"
    assert "no complete answer within 10 s" in key["message"]
    assert key["pointer"] == "/proof/0/verificationMethod"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_oversized_answer_is_refused(length: bool) -> None:
    huge = b'{"id": "' + b"x" * (2 << 20) + b'"}'
    with (LoopbackServer(body(huge, length=length)) as server,
          pytest.raises(ResolutionError, match=r"larger than 1,048,576 bytes")):
        DEV.get_json(server.url + "/did.json")


def test_duplicate_keys_in_a_fetched_did_document_are_refused() -> None:
    text = b'{"id": "did:web:a", "id": "did:web:b"}'
    with (LoopbackServer(body(text)) as server,
          pytest.raises(ResolutionError, match=r"/id: this key appears twice")):
        DEV.get_json(server.url + "/did.json")


def test_redirect_to_plain_http_elsewhere_is_not_followed() -> None:
    redirect = body(b"", status="302 Found",
                    headers="Location: http://localhost.evil.example/did.json\r\n")
    with LoopbackServer(redirect) as server:
        with pytest.raises(ResolutionError, match=r"refusing to fetch http://localhost\.evil"):
            DEV.get_json(server.url + "/did.json")
        assert server.requests == 1


@pytest.mark.parametrize("url", [
    "http://localhost@evil.example/did.json",
    "http://localhost.evil.example/did.json",
    "http://127.0.0.1.nip.io/did.json",
    "http://evil.example/did.json",
    "http://user:pw@localhost/did.json",
    "https://localhost@evil.example/did.json",
    "ftp://localhost/did.json",
    "file:///etc/passwd",
    "http://localhost:99999/did.json",
    "http:///did.json",
], ids=["userinfo-localhost", "localhost-subdomain", "ip-lookalike-domain", "plain-http",
        "password-userinfo", "https-userinfo", "ftp", "file", "bad-port", "no-host"])
def test_url_trick_is_refused_even_with_the_dev_flag(url: str) -> None:
    with pytest.raises(ResolutionError, match=r"refusing to fetch"):
        DEV.get_json(url)


def test_plain_http_localhost_needs_the_dev_flag() -> None:
    document = did_document("did:web:localhost")
    with LoopbackServer(body(json.dumps(document).encode())) as server:
        url = server.url + "/.well-known/did.json"
        with pytest.raises(ResolutionError, match=r"only https URLs are fetched") as caught:
            Fetcher().get_json(url)
        assert caught.value.hint == "for a local test server pass --allow-http-localhost"
        assert server.requests == 0
        assert DEV.get_json(url) == document
        assert DEV.get_json(url.replace("localhost", "127.0.0.1")) == document


def test_online_verify_refuses_http_localhost_issuer_without_the_flag() -> None:
    did = "did:web:localhost%3A8"
    credential = signed_credential(unsigned_credential(
        issuer={"id": did, "type": ["Profile"], "name": "Local"}), did=did)
    report = check_credential(credential, Trust.online())
    key = next(c for c in report.checks if c.id == "issuer_key")
    assert report.verdict == "not-verified"
    assert "only https URLs are fetched" in key.message
