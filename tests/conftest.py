"""Shared fixtures: the reference data beside the repo, an isolated key folder, a
fresh issuer repository, and no network beyond loopback."""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import badgepress
from badgepress.keystore import KEY_DIR_ENV, SECRET_ENV, generate_key
from badgepress.outbox import OUTBOX_ENV
from badgepress.project import Project

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "reference"
"""Published test vectors and signed examples (see its README for sources and licences)."""
SITE_URL = "https://example-academy.github.io/badges/"
RELEASE = "1.2.3"
"""The version the ``release_version`` fixture runs as."""

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless system Chromium driven by Playwright, one per session (shared by the
    browser tests and the verdict table's browser runner). A missing browser is a
    failure, never a skip: these tests are part of CI."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is required at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def reference() -> Path:
    """The folder of published test vectors and signed examples."""
    return REFERENCE


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps private keys in its own folder, outside any project."""
    folder = tmp_path_factory.mktemp("private-keys")
    monkeypatch.setenv(KEY_DIR_ENV, str(folder))
    monkeypatch.delenv(SECRET_ENV, raising=False)
    return folder


@pytest.fixture(autouse=True)
def outbox_folder(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its outbox (plain e-mail addresses) in its own folder."""
    folder = tmp_path_factory.mktemp("outbox")
    monkeypatch.setenv(OUTBOX_ENV, str(folder))
    return folder


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") \
            and not (isinstance(address, str | bytes) and self.family == socket.AF_UNIX):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests reach loopback only."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


def write_project(root: Path, site_url: str = SITE_URL, extra: str = "") -> Path:
    """Write a minimal issuer repository into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Example Academy Badges
        site_url: {site_url}
        docs_dir: site_src
        plugins:
          - badgepress:
              issuer:
                name: Example Academy
                description: A demo issuer used in tests.
                email: badges@example.org
                url: https://example.org/
        """) + extra, encoding="utf-8")
    (root / "site_src").mkdir(exist_ok=True)
    (root / "site_src" / "index.md").write_text("# Example Academy\n", encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A fresh issuer repository with one active signing key."""
    root = write_project(tmp_path / "repo")
    loaded = Project.load(root)
    generate_key(loaded.keys_dir, root, date(2026, 1, 1))
    yield loaded


@pytest.fixture
def release_version(monkeypatch: pytest.MonkeyPatch) -> str:
    """Run as badgepress release ``RELEASE``, as a user who installed it does: the source
    tree is a development version, which ``init`` cannot pin without --install-source."""
    monkeypatch.setattr(badgepress, "__version__", RELEASE)
    return RELEASE


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
