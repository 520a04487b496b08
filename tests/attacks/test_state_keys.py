"""Attacks on the issuer's keys: withdrawing the only key able to sign would leave
nothing to re-issue with, so it is refused (rotate first, as docs/pages/keys.md says)."""

from __future__ import annotations

from badgepress.keystore import read_issuer_keys
from badgepress.project import Project
from tests.attacks.state_repo import run, state_files


def test_marking_the_only_signing_key_compromised_is_refused(project: Project) -> None:
    [key] = read_issuer_keys(project.keys_dir)
    before = state_files(project)
    result = run(project, "keys", "revoke", key.multibase, "--compromised",
                 "--since", "2026-03-01")
    assert result.returncode == 1
    assert result.stderr == (
        f"error: issuer_keys/{key.path.name}: /status: {key.multibase} is the only key "
        "able to sign: marking it compromised would leave nothing to re-issue with (run "
        "'badgepress keys rotate' first, then revoke the old key)\n")
    assert state_files(project) == before


def test_compromised_key_is_withdrawn_once_another_key_signs(project: Project) -> None:
    [key] = read_issuer_keys(project.keys_dir)
    assert run(project, "keys", "rotate").returncode == 0
    result = run(project, "keys", "revoke", key.multibase, "--compromised",
                 "--since", "2026-03-01")
    assert result.returncode == 0, result.stderr
    statuses = {k.multibase: k.status for k in read_issuer_keys(project.keys_dir)}
    assert statuses[key.multibase] == "compromised"
    assert sorted(statuses.values()) == ["active", "compromised"]
