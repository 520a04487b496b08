"""Serve the built site under a sub-path on loopback and follow every link."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from badgepress import lifecycle
from badgepress.project import Project
from tests.integration.site_project import ISSUED, build, issue, site_project

__all__ = ["site_project"]
PREFIX = "/badges/"  # the path of the test site_url


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(site_project: Project, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """The site built and served at http://127.0.0.1:<port>/badges/, and the badge
    tokens (badge pages are linked from nowhere but the revocation log)."""
    [revoked] = issue(site_project, ["Revoked Person"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", ISSUED)
    www = tmp_path / "www"
    site = build(site_project, www / PREFIX.strip("/")).site_dir
    tokens = sorted(p.name for p in (site / "badges").iterdir())
    handler = functools.partial(_Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", tokens
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def test_every_internal_link_resolves(served: tuple[str, list[str]]) -> None:
    base, tokens = served
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    seen: set[str] = set()
    queue = [base, base + "404.html"] + [f"{base}badges/{t}/" for t in tokens]
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = fetch(url)
        if status != 200:
            broken.append(url)
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urldefrag(urljoin(url, link)).url
            if target.startswith(origin):
                assert target.startswith(base), f"{url} links outside the site: {link}"
                queue.append(target)
            else:
                assert target.startswith(("https://", "mailto:")), f"{url}: {link}"
    assert broken == []
    assert len(tokens) == 4
    assert any(u.endswith("/credential.json") for u in seen)
    assert any(u.endswith("/did.json") for u in seen)


def test_badge_page_served_under_sub_path(served: tuple[str, list[str]]) -> None:
    base, tokens = served
    _, _, home = fetch(base)
    parser = _Links()
    parser.feed(home.decode("utf-8"))
    # The home page lists the revoked badge by its token, unlinked.
    [token] = [t for t in tokens if f"<code>{t}</code>" in home.decode("utf-8")]
    assert not [link for link in parser.links if token in link]
    revoked = f"./badges/{token}/"
    status, _, page = fetch(urljoin(base, revoked))
    text = page.decode("utf-8")
    assert status == 200
    assert "Revoked Person" in text and "Python Basics" in text and "Example Academy" in text
    assert 'data-status="revoked"' in text and "issued in error" in text
    for asset in ("../../assets/badgepress-verifier.js", "../../assets/badgepress.css"):
        assert fetch(urljoin(urljoin(base, revoked), asset))[0] == 200
    assert fetch(base + "no/such/page/")[0] == 404
