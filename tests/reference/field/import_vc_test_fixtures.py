"""Write field cases from digitalcredentials/vc-test-fixtures (MIT): the signed Open Badges
3.0 credentials DCC publishes for testing verifiers, each named
``[registry]-[status]-[expiry]`` (its README), which states what a verifier must find: a
``revoked`` status, an ``expired`` or ``notYetValid`` credential, a ``tampered`` one, or
none of these (``noStatus``/``validStatus``, ``noExpiry``/``notExpired``). The registry
part (DCC's issuer registries) says nothing about the verdict here. Fixtures whose name
states no verdict are left out: the status-list faults (``expiredStatus``,
``missingTypeStatus``, ``notYetValidStatus``, ``tamperedStatus``: what a verifier should
then say is not stated), ``badDidWeb``, credentials that are not Open Badges (no
``OpenBadgeCredential``/``AchievementCredential``/``EndorsementCredential`` type), a file
that is empty at this commit (``v1/ed25519/didKey/legacy-noStatus-noExpiry.json``), and the
baked PNG/SVG copies of the JSON files (the same credentials again). Run with the
repository's git directory (a clone or a mirror), at the commit recorded below:

    .venv/bin/python -m tests.reference.field.import_vc_test_fixtures GIT_DIR
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from badgepress.did.web import url_from_did
from badgepress.model.credential import type_names
from tests.reference.field.agreement import CASES, load_cases

REPO = "digitalcredentials/vc-test-fixtures"
COMMIT = "0440d64c3af3c29e6caacac878c7eaf55cf7576f"
PAGES = "https://digitalcredentials.github.io/vc-test-fixtures/"
NOW = "2026-06-01T00:00:00Z"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})
STATES_NO_VERDICT = ("expiredStatus", "missingTypeStatus", "notYetValidStatus",
                     "tamperedStatus", "badDidWeb", "nonOBWithOBContext")


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True,
                          capture_output=True, text=True).stdout


def _show(git_dir: Path, path: str) -> Any:
    return json.loads(_git(git_dir, "show", f"{COMMIT}:{path}"))


def expectation(name: str) -> tuple[str, str] | None:
    """The verdict a fixture's name states, in its words and in badgepress's; ``None``
    when the name states none."""
    if any(state in name for state in STATES_NO_VERDICT):
        return None
    words = [w for w in re.split(r"[-\s]+", name) if w]
    faults = [w for w in words if re.fullmatch(r"revoked(Sta(t)?us)?|expired|notYetValid|"
                                               r"tampered", w)]
    return ", ".join(words[1:]), "not-verified" if faults else "verified"


def _resources(credential: dict[str, Any], git_dir: Path,
               known: dict[str, Any]) -> dict[str, Any]:
    """The status lists the credential names: this repository's (served at PAGES), or
    verifier-core's (as the dcc-* cases already hold them)."""
    entries = credential.get("credentialStatus")
    found = {}
    for entry in entries if isinstance(entries, list) else [entries] if entries else []:
        url = entry.get("statusListCredential", "")
        if url.startswith(PAGES):
            found[url] = _show(git_dir, url.removeprefix(PAGES))
        elif url in known:
            found[url] = known[url]
    return found


def _did_documents(credential: dict[str, Any], git_dir: Path) -> dict[str, Any]:
    issuer = credential.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(did, str) or not did.startswith("did:web:"):
        return {}
    url = url_from_did(did)
    return {did: _show(git_dir, url.removeprefix(PAGES))} if url.startswith(PAGES) else {}


def cases(git_dir: Path) -> dict[str, dict[str, Any]]:
    """Every fixture whose name states a verdict, as a field case."""
    known = {url: doc for case in load_cases().values()
             for url, doc in (case.get("resources") or {}).items()}
    out = {}
    paths = _git(git_dir, "ls-tree", "-r", "--name-only", COMMIT,
                 "verifiableCredentials").splitlines()
    for path in sorted(p for p in paths if p.endswith(".json")):
        stem = path.removesuffix(".json").split("/")[-1]
        stated = expectation(stem)
        if stated is None:
            continue
        if not _git(git_dir, "cat-file", "-s", f"{COMMIT}:{path}").strip().strip("0"):
            continue  # empty at this commit
        credential = _show(git_dir, path)
        if not OB_TYPES & type_names(credential.get("type")):
            continue  # a Verifiable Credential, not an Open Badge
        version, signature, did = path.split("/")[1:4]
        slug = re.sub(r"[^A-Za-z0-9-]+", "", f"{version}-{signature}-{did.lower()}-{stem}")
        words, verdict = stated
        out[f"dccfix-{slug}"] = {
            "description": f"{REPO} fixture {path.removeprefix('verifiableCredentials/')}: "
                           f"the name states {words}",
            "source": {"repo": REPO, "path": path, "commit": COMMIT, "licence": "MIT",
                       "expects": f"{verdict} (file name: {words})"},
            "expected": {"verdict": verdict},
            "now": NOW,
            "credential": credential,
            "didDocuments": _did_documents(credential, git_dir),
            "resources": _resources(credential, git_dir, known),
            "badgepress": {"python": verdict, "browser": verdict},
        }
    return out


def write(found: dict[str, dict[str, Any]], folder: Path = CASES) -> None:
    """Write each case, keeping the verdicts and reasons already recorded in it."""
    for name, case in found.items():
        path = folder / f"{name}.json"
        if path.exists():
            old = json.loads(path.read_text(encoding="utf-8"))
            case["badgepress"] = old.get("badgepress", case["badgepress"])
            if "reference" in old:
                case["reference"] = old["reference"]
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path.name)  # noqa: T201


if __name__ == "__main__":
    write(cases(Path(sys.argv[1])))
