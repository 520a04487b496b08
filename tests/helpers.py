"""Helpers for tests: the published W3C test key and a quick way to sign credentials."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badgepress.crypto.keys import KeyPair
from badgepress.crypto.proof import sign
from badgepress.did.document import build_did_document, method_id
from badgepress.jsonld import bundled_loader
from badgepress.project import Project

# PUBLISHED TEST KEY (W3C vc-di-eddsa test vectors). Never use it for real badges.
TEST_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
TEST_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
ISSUER_DID = "did:web:example-academy.github.io:badges"
SIGNED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def published_test_key() -> KeyPair:
    """The published W3C test key pair."""
    return KeyPair.from_secret_multibase(TEST_SECRET)


def did_document(did: str = ISSUER_DID, key: str = TEST_PUBLIC) -> dict[str, Any]:
    """A DID document holding one assertion key."""
    return build_did_document(did, [key])


def unsigned_credential(**changes: Any) -> dict[str, Any]:
    """A complete, unsigned OpenBadgeCredential issued by ``ISSUER_DID``."""
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "https://example-academy.github.io/badges/badges/abc123/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER_DID, "type": ["Profile"], "name": "Example Academy"},
        "validFrom": "2026-01-02T03:04:05Z",
        "name": "Python Fundamentals",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name",
                            "hashed": False, "identityHash": "Ada Lovelace"}],
            "achievement": {
                "id": "https://example-academy.github.io/badges/achievements/python/",
                "type": ["Achievement"],
                "name": "Python Fundamentals",
                "description": "Writes small, tested Python programs.",
                "criteria": {"narrative": "Passed the final project."},
            },
        },
    }
    credential.update(changes)
    return credential


def signed_credential(document: dict[str, Any] | None = None, *, key: KeyPair | None = None,
                      did: str = ISSUER_DID) -> dict[str, Any]:
    """Sign a credential with the test key (or ``key``) as ``did``."""
    pair = key or published_test_key()
    signer = pair.signer(method_id(did, pair.public.multibase))
    return sign(document or unsigned_credential(), signer, bundled_loader(), SIGNED_AT)


def write_json(path: Path, document: Any) -> Path:
    """Write JSON the way badgepress does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def write_achievement(project: Project, slug: str, requires: str = "") -> None:
    """An achievement file ``slug`` (named from the slug) with the given ``requires:``
    YAML, or none, and a plain SVG image."""
    images = project.docs_dir / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "b.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.achievements_dir.mkdir(exist_ok=True)
    (project.achievements_dir / f"{slug}.md").write_text(
        f"---\nname: {slug.replace('-', ' ').title()}\ndescription: About {slug}.\n"
        "image: images/b.svg\n" + (f"requires: {requires}\n" if requires else "")
        + "---\nDo it.\n", "utf-8")
