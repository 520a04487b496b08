"""Attacks on the build's caches: files planted in ``.badgepress-cache/`` (``git add -f``
in a pull request) must never make a tampered credential pass, or a planted page be
published as the page of a credential; a record of a published badge (the output
index's source key and facts) must never stand in for an edited credential."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from badgepress.errors import BadgeError
from badgepress.fsutil import write_json_atomic
from badgepress.planning.cache import CACHE_FORMAT, cache_key
from badgepress.planning.context import BuildContext
from badgepress.planning.problems import SiteError
from badgepress.planning.records import source_key
from badgepress.site import pipeline
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.integration.site_project import build, tree

__all__ = ["published", "site_project"]

CACHE = ".badgepress-cache"


def tamper(path: Path) -> None:
    document = json.loads(path.read_bytes())
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    write_json_atomic(path, document)


def passing_verdicts(entries: dict[str, str]) -> dict[str, str]:
    """Every entry (the JSON text of a report) whose checks failed, turned into a copy of
    a passing one."""
    reports = {key: json.loads(text) for key, text in entries.items()}
    good = next(e for e in reports.values() if all(c[1] == "pass" for c in e["checks"]))
    return {key: json.dumps(entry if all(c[1] == "pass" for c in entry["checks"])
                            else {**good, "path": entry["path"], "id": entry["id"]})
            for key, entry in reports.items()}


def failed_build_and_cache(published: Published) -> tuple[Path, Path]:
    """Tamper a credential and let a build fail on it (its verdict enters the cache)."""
    target = sorted(published.project.credentials_dir.glob("*.json"))[0]
    tamper(target)
    published.refused()
    return target, published.project.root / CACHE / "verification.json"


def assert_tampered_refused(published: Published, target: Path) -> None:
    error = published.refused()
    assert isinstance(error, SiteError)
    found = problems(error)[f"credentials/{target.name}"]
    assert "signature does not match" in found.message
    assert found.pointer == "/proof/0/proofValue"
    assert "Mallory" not in "".join(p.read_text("utf-8", "replace")
                                    for p in published.site_dir.rglob("*.html"))


def test_planted_verdict_cache_does_not_make_a_tampered_credential_verified(
        published: Published) -> None:
    """The cache file in the format builds used to trust: plain JSON, no MAC."""
    target, cache = failed_build_and_cache(published)
    raw = json.loads(cache.read_bytes())
    cache.write_text(json.dumps({"format": 1,
                                 "verdicts": passing_verdicts(json.loads(raw["entries"]))}))
    assert_tampered_refused(published, target)


def test_edited_verdict_cache_entry_does_not_make_a_tampered_credential_verified(
        published: Published) -> None:
    """The attacker keeps the file's MAC and changes the entry: the MAC no longer fits."""
    target, cache = failed_build_and_cache(published)
    raw = json.loads(cache.read_bytes())
    raw["entries"] = json.dumps(passing_verdicts(json.loads(raw["entries"])),
                                separators=(",", ":"))
    cache.write_text(json.dumps(raw))
    assert_tampered_refused(published, target)


def forge_site_and_index(published: Published) -> tuple[Path, dict[str, Any], Path]:
    """Forge a badge page in the previous site, and record the forged file's stamp in a
    copy of the output index's entries: (page, entries, index file)."""
    page = sorted(published.site_dir.glob("badges/*/index.html"))[0]
    forged = page.read_bytes()
    for name in (b"Ada Lovelace", b"Grace Hopper", b"Alan Turing"):
        forged = forged.replace(name, b"Mallory Forger")
    assert forged != page.read_bytes()
    index = published.project.root / CACHE / "outputs.json"
    raw = json.loads(index.read_bytes())
    entries = json.loads(raw["entries"])
    page.write_bytes(forged)
    found = page.stat()
    entries[f"badges/{page.parent.name}"][1]["index.html"] = [
        found.st_size, found.st_mtime_ns, found.st_ino]
    return page, entries, index


def assert_forged_page_replaced(published: Published, page: Path, tmp_path: Path) -> None:
    build(published.project, published.site_dir)
    assert b"Mallory Forger" not in page.read_bytes()
    fresh = build(published.project, tmp_path / "fresh").site_dir
    assert tree(published.site_dir) == tree(fresh)


def test_planted_output_index_and_old_site_do_not_publish_a_forged_page(
        published: Published, tmp_path: Path) -> None:
    """A planted previous site (``site/`` committed with ``git add -f``) holding a forged
    badge page, and an ``outputs.json`` without a valid MAC recording the forged file."""
    page, entries, index = forge_site_and_index(published)
    body = json.dumps(entries, separators=(",", ":"))
    index.write_text(json.dumps({"format": CACHE_FORMAT, "mac": "0" * 64, "entries": body}))
    assert_forged_page_replaced(published, page, tmp_path)


def test_edited_output_index_entry_does_not_publish_a_forged_page(
        published: Published, tmp_path: Path) -> None:
    """The attacker keeps the index file's MAC and changes the forged page's entry."""
    page, entries, index = forge_site_and_index(published)
    raw = json.loads(index.read_bytes())
    raw["entries"] = json.dumps(entries, separators=(",", ":"))
    index.write_text(json.dumps(raw))
    assert_forged_page_replaced(published, page, tmp_path)


def test_planted_spare_site_does_not_publish_a_forged_page(
        published: Published, tmp_path: Path) -> None:
    """A forged badge folder planted where the build keeps its spare copy of the site
    (``.badgepress-cache/spare-site/``, ``git add -f``), with a stray file beside it."""
    page = sorted(published.site_dir.glob("badges/*/index.html"))[0]
    spare = published.project.root / CACHE / "spare-site" / "badges"
    forged = spare / page.parent.name
    forged.mkdir(parents=True, exist_ok=True)
    for item in page.parent.iterdir():
        data = item.read_bytes()
        for name in (b"Ada Lovelace", b"Grace Hopper", b"Alan Turing"):
            data = data.replace(name, b"Mallory Forger")
        (forged / item.name).unlink(missing_ok=True)
        (forged / item.name).write_bytes(data)
    (spare / "planted" / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (spare / "planted" / "index.html").write_text("<p>planted</p>")
    assert_forged_page_replaced(published, page, tmp_path)
    assert not (published.site_dir / "badges" / "planted").exists()


def recorded_key(monkeypatch: pytest.MonkeyPatch, published: Published, target: Path) -> str:
    """The source key a build computes for ``target`` as it now is (what an attacker
    can work out too: no secret goes into it)."""
    seen: list[tuple[str, BuildContext]] = []
    original = pipeline.plan_digest

    def spying(code: str, ctx: BuildContext, *rest: Any) -> str:
        seen.append((original(code, ctx, *rest), ctx))
        return seen[-1][0]

    with monkeypatch.context() as patched, pytest.raises(BadgeError):
        patched.setattr(pipeline, "plan_digest", spying)
        build(published.project, published.site_dir)
    digest, ctx = seen[-1]
    return source_key(digest, target.stem, cache_key(ctx.fingerprint, target.read_bytes()))


def index_entries(published: Published) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The output index file, its document and its entries."""
    index = published.project.root / CACHE / "outputs.json"
    raw = json.loads(index.read_bytes())
    return index, raw, json.loads(raw["entries"])


@pytest.mark.parametrize("mac", ["kept", "planted"])
def test_forged_record_does_not_publish_a_credential_whose_verdict_failed(
        published: Published, monkeypatch: pytest.MonkeyPatch, mac: str) -> None:
    """The attacker tampers a credential (a build fails on it: its failing verdict is in
    the cache) and records it in the output index as the badge the previous build
    published from those very bytes, with that badge's facts: the index's MAC no longer
    fits (or a planted one never did), so the credential is verified and refused."""
    target, _ = failed_build_and_cache(published)
    key = recorded_key(monkeypatch, published, target)
    index, raw, entries = index_entries(published)
    entry = entries[f"badges/{target.stem}"]
    assert entry[2] != key  # the index knows the credential as it was
    entry[2] = key
    raw["entries"] = json.dumps(entries, separators=(",", ":"))
    if mac == "planted":
        raw["mac"] = "0" * 64
    index.write_text(json.dumps(raw))
    assert_tampered_refused(published, target)


def test_edited_facts_in_the_output_index_do_not_reach_the_site(
        published: Published, tmp_path: Path) -> None:
    """The attacker keeps the index's MAC and changes what it records about a badge
    (revoked, another achievement, another credential id): the whole index is ignored and
    the site is what a build from nothing makes."""
    build(published.project, published.site_dir)
    index, raw, entries = index_entries(published)
    for entry in entries.values():
        entry[3].update(status="revoked", slug="forged", id="https://evil.example/")
    raw["entries"] = json.dumps(entries, separators=(",", ":"))
    index.write_text(json.dumps(raw))
    build(published.project, published.site_dir)
    fresh = build(published.project, tmp_path / "fresh").site_dir
    assert tree(published.site_dir) == tree(fresh)
    assert b"evil.example" not in b"".join(tree(published.site_dir).values())


def test_edited_credential_with_same_size_mtime_and_inode_is_verified_again(
        published: Published) -> None:
    """A credential rewritten in place to the same size, its modification time set back
    to the nanosecond: a record is keyed by the credential's bytes, not its stamp, so the
    edit is verified and refused."""
    build(published.project, published.site_dir)  # every badge recorded
    target = sorted(published.project.credentials_dir.glob("*.json"))[0]
    before = target.stat()
    data = target.read_bytes()
    for name in (b"Ada Lovelace", b"Grace Hopper", b"Alan Turing"):
        data = data.replace(name, b"Mallory Forge"[:len(name)].ljust(len(name), b"r"))
    assert data != target.read_bytes() and len(data) == before.st_size
    with target.open("r+b") as handle:
        handle.write(data)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    published.before = tree(published.site_dir)
    error = published.refused()
    found = problems(error)[f"credentials/{target.name}"]
    assert "signature does not match" in found.message
