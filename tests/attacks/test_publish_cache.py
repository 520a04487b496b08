"""Attacks on the build's caches: files planted in ``.badgepress-cache/`` (``git add -f``
in a pull request) must never make a tampered credential pass, or a planted page be
published as the page of a credential."""

from __future__ import annotations

import hashlib
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


def test_planted_page_digests_and_old_site_do_not_publish_a_forged_page(
        published: Published, tmp_path: Path) -> None:
    """A planted previous site (``site/`` committed with ``git add -f``) holding a forged
    badge page, and a ``pages.json`` recording the forged page's digest."""
    page = sorted(published.site_dir.glob("badges/*/index.html"))[0]
    forged = page.read_bytes().replace(b"Ada Lovelace", b"Mallory Forger")
    forged = forged.replace(b"Grace Hopper", b"Mallory Forger")
    forged = forged.replace(b"Alan Turing", b"Mallory Forger")
    assert forged != page.read_bytes()
    pages = published.project.root / CACHE / "pages.json"
    raw = json.loads(pages.read_bytes())
    entries = json.loads(raw["entries"]) if "entries" in raw else raw["pages"]
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    entries = {k: hashlib.sha256(forged).hexdigest() if v == digest else v
               for k, v in entries.items()}
    page.write_bytes(forged)
    pages.write_text(json.dumps({"format": 1, "pages": entries}))
    build(published.project, published.site_dir)
    assert b"Mallory Forger" not in page.read_bytes()
    fresh = build(published.project, tmp_path / "fresh").site_dir
    assert tree(published.site_dir) == tree(fresh)
