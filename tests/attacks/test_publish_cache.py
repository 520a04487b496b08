"""Attacks on the build's caches: files planted in ``.badgepress-cache/`` (``git add -f``
in a pull request) must never make a tampered credential pass, or a planted page be
published as the page of a credential."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from badgepress.fsutil import write_json_atomic
from badgepress.planning.problems import SiteError
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.integration.site_project import build, tree

__all__ = ["published", "site_project"]

CACHE = ".badgepress-cache"


def tamper(path: Path) -> None:
    document = json.loads(path.read_bytes())
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    write_json_atomic(path, document)


def passing_verdicts(entries: dict[str, Any]) -> dict[str, Any]:
    """Every entry whose checks failed, turned into a copy of a passing one."""
    good = next(e for e in entries.values() if all(c[1] == "pass" for c in e["checks"]))
    return {key: (entry if all(c[1] == "pass" for c in entry["checks"])
                  else {**good, "path": entry["path"], "id": entry["id"]})
            for key, entry in entries.items()}


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
    entries = json.loads(raw["entries"]) if "entries" in raw else raw["verdicts"]
    cache.write_text(json.dumps({"format": 1, "verdicts": passing_verdicts(entries)}))
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
    index.write_text(json.dumps({"format": 3, "mac": "0" * 64, "entries": body}))
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
