"""Regenerate the demo's endorsement: a second demo organisation, the "Northwind Data Guild
(demo endorser)", endorses the demo issuer's Data Literacy achievement.

    .venv/bin/python scripts/regenerate_demo_endorsement.py

It calls the same library functions as ``badgepress endorse``, with a fixed clock and a
fixed credential id, so running it again gives the same file byte for byte
(``endorsements/northwind-data-guild.json``; the build verifies it and shows it on the
achievement page). Credentials issued before it are not re-signed; ones issued after it
embed it in ``achievement.endorsement``.

########################################################################################
# WARNING: the key below is the PUBLISHED RFC 8032 TEST KEY (§7.1, "TEST 1"). Anyone   #
# can sign with it. It exists here only so the demo endorsement can be regenerated.    #
# NEVER use it, or anything signed with it, for real endorsements.                     #
########################################################################################
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from badgepress.crypto.keys import KeyPair
from badgepress.did.document import method_id
from badgepress.did.key import DID_KEY_PREFIX
from badgepress.endorsements import ENDORSEMENTS_DIR, endorsement, sign_endorsement
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.model.achievement import load_achievement
from badgepress.project import Project

# PUBLISHED TEST KEY (RFC 8032 §7.1 TEST 1) — see the warning above.
DEMO_ENDORSER_SECRET_KEY = "z3u2bpACJXYj89Vh7HqHn8oVv2A2niEy9FcQUzzuQTYJ61AX"  # published test key
ENDORSED_AT = datetime(2025, 11, 3, 10, 0, tzinfo=UTC)
ENDORSEMENT_ID = "urn:uuid:2f0c9e4a-6b1d-4d38-9a57-3c1e8f5b7d21"
COMMENT = ("The Data Literacy assessment covers what we look for in junior analysts: "
           "reading charts critically, sampling and averages. (A demo endorsement.)")
ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Rewrite the demo endorsement."""
    project = Project.load(ROOT)
    pair = KeyPair.from_secret_multibase(DEMO_ENDORSER_SECRET_KEY)
    did = DID_KEY_PREFIX + pair.public.multibase
    endorser = {"id": did, "type": ["Profile"], "name": "Northwind Data Guild (demo endorser)",
                "url": "https://example.org/northwind-data-guild"}
    subject = load_achievement(project, "data-literacy").id(project.profile.site_url)
    document = endorsement(endorser, subject, COMMENT, ENDORSED_AT, credential_id=ENDORSEMENT_ID)
    signed = sign_endorsement(document, pair.signer(method_id(did, pair.public.multibase)),
                              bundled_loader(), ENDORSED_AT)
    path = project.root / ENDORSEMENTS_DIR / "northwind-data-guild.json"
    path.parent.mkdir(exist_ok=True)
    write_json_atomic(path, signed)
    print(f"wrote {project.relative(path)}: {endorser['name']} endorses {subject}")


if __name__ == "__main__":
    main()
