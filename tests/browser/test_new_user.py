"""Acceptance: a new user goes from an empty folder to a live, verifiable badge with the
documented commands only — init, keys generate, issue, build — with no file edited by
hand. The site is served on loopback under its sub-path; the badge page verifies itself
in headless Chromium, and a verifier who knows nothing but the badge checks it against
the published site with ``badgepress verify --online``."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from badgepress.cli import main

pytestmark = pytest.mark.usefixtures("release_version")  # as an installed release


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A folder served over http://localhost:<port>/ while the test runs."""
    root = tmp_path / "www"
    root.mkdir()
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler,
                                                              directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, port
    server.shutdown()
    server.server_close()
    thread.join()


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_empty_folder_to_a_badge_that_verifies_in_the_browser_and_online(
        tmp_path: Path, web_root: tuple[Path, int], monkeypatch: pytest.MonkeyPatch,
        page: Any) -> None:
    www, port = web_root
    url = f"http://localhost:{port}/badges/"
    repo = tmp_path / "my-badges"

    run("init", str(repo), "--name", "Example Org", "--url", url)
    monkeypatch.chdir(repo)
    run("keys", "generate")
    issued = run("issue", "example-badge", "--name", "Ada")
    run("build")

    credentials = sorted(Path("credentials").glob("*.json"))
    assert len(credentials) == 1
    token = credentials[0].stem
    assert f"{url}badges/{token}/" in issued
    site = repo / "site"
    assert (site / "did.json").is_file()
    assert (site / "badges" / token / "index.html").is_file()
    assert (site / "achievements" / "example-badge" / "index.html").is_file()

    # Publish: the site is now served at the address it was built for.
    (www / "badges").symlink_to(site, target_is_directory=True)
    page.goto(f"{url}badges/{token}/")
    page.wait_for_selector("#bp-verify[data-verdict]", timeout=15_000)
    assert page.get_attribute("#bp-verify", "data-verdict") == "verified"
    states = page.eval_on_selector_all(".bp-checks li", "items => items.map(i => i.dataset.state)")
    assert states == ["pass"] * 5
    assert page.inner_text(".bp-issuer-domain") == f"localhost:{port}/badges"
    assert page.inner_text(".bp-recipient") == "Ada"
    badge = tmp_path / "received.json"
    badge.write_bytes(credentials[0].read_bytes())
    monkeypatch.chdir(tmp_path)  # the verifier is not in the issuer's repository
    result = CliRunner().invoke(main, ["verify", "--online", "--allow-http-localhost", "--json",
                                         str(badge)])
    report = json.loads(result.output)["credentials"][0]
    assert result.exit_code == 0, result.output
    assert report["verdict"] == "verified"
    assert report["issuer"] == f"did:web:localhost%3A{port}:badges"
    assert [c["state"] for c in report["checks"]] == ["pass"] * 5
