"""Attacks on the home page's list of revoked badges: ``status/log.json`` disagreeing
with the signed status lists (which alone decide whether a badge is revoked)."""

from __future__ import annotations

import json

import pytest

from badgepress import lifecycle
from badgepress.errors import BadgeError, StatusError
from badgepress.fsutil import write_json_atomic
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.integration.site_project import ISSUED, build, tree

__all__ = ["published", "site_project"]


def test_forged_log_entry_does_not_list_a_valid_badge_as_revoked(
        published: Published) -> None:
    """A log entry added by hand (or a pull request) for a badge nobody revoked."""
    project = published.project
    victim = json.loads(sorted(project.credentials_dir.glob("*.json"))[0].read_bytes())
    path = project.status_dir / "log.json"
    write_json_atomic(path, {"revocations": [
        {"credential": victim["id"], "date": "2026-04-01T00:00:00Z",
         "reason": "cheated in the final exam"}]})
    found = problems(published.refused())["status/log.json"]
    assert isinstance(found, StatusError)
    assert found.pointer == "/revocations/0"
    assert "its status list does not" in found.message


def test_revoked_badge_missing_from_the_log_fails_a_strict_build(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    project = published.project
    token = sorted(project.credentials_dir.glob("*.json"))[0].stem
    lifecycle.revoke(project, token, "issued in error", ISSUED)
    build(project, published.site_dir)  # the real revocation is published
    published.before = tree(published.site_dir)
    write_json_atomic(project.status_dir / "log.json", {"revocations": []})
    with pytest.raises(BadgeError, match="strict mode"):
        build(project, published.site_dir)
    published.assert_unchanged()
    assert (f"status/log.json: badge {token} is revoked by its status list but has no "
            "log entry") in caplog.text
