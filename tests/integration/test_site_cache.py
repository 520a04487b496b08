"""Verification results are cached between builds: a rebuild verifies only what changed."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from badgepress import lifecycle
from badgepress.keystore import KEY_DIR_ENV
from badgepress.planning.cache import SECRET_FILE
from badgepress.project import Project
from tests.integration.site_project import ISSUED, build, issue, site_project

__all__ = ["site_project"]


def test_rebuild_verifies_only_new_credentials(site_project: Project,
                                               caplog: pytest.LogCaptureFixture) -> None:
    assert build(site_project).stats.verified == 3
    second = build(site_project).stats
    assert (second.verified, second.cached) == (0, 3)
    issue(site_project, ["Newcomer"])
    third = build(site_project).stats
    assert (third.verified, third.cached) == (1, 3)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(site_project)
    assert "badgepress: verified 0 credential(s), 4 unchanged (cached)" in caplog.text


def test_changed_status_or_date_verifies_again(site_project: Project,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    build(site_project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build(site_project).stats.verified == 3
    [newcomer] = issue(site_project, ["Newcomer"])  # a new index: the list is unchanged
    assert build(site_project).stats.verified == 1
    lifecycle.revoke(site_project, str(newcomer), "test", ISSUED)  # the list is re-signed
    assert build(site_project).stats.verified == 4


def test_a_corrupt_cache_is_ignored(site_project: Project) -> None:
    build(site_project)
    (site_project.root / ".badgepress-cache" / "verification.json").write_text("{not json")
    assert build(site_project).stats.verified == 3


def test_cache_files_are_authenticated_with_a_secret_outside_the_tree(
        site_project: Project, private_key_folder: Path) -> None:
    build(site_project)
    secret = private_key_folder / SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_bytes()) == 32
    cached = json.loads((site_project.root / ".badgepress-cache" / "verification.json")
                        .read_bytes())
    assert set(cached) == {"format", "mac", "entries"}
    secret.write_bytes(b"\0" * 32)  # another user's secret: this cache is not theirs
    assert build(site_project).stats.verified == 3


def test_no_cache_when_the_key_folder_is_inside_the_repository(
        site_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_DIR_ENV, str(site_project.root / "keys"))
    build(site_project)
    assert build(site_project).stats.verified == 3
    assert not (site_project.root / "keys").exists()
