"""Verification results are cached between builds: a rebuild verifies only what changed."""

from __future__ import annotations

import logging

import pytest

from badgepress import lifecycle
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
