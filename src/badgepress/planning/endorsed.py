"""Verify the endorsements an issuer committed (``endorsements/``) for the build."""

from __future__ import annotations

from badgepress.endorsements import Endorsement, check_endorsement
from badgepress.errors import BadgeError, DocumentError
from badgepress.model.credential import load_json
from badgepress.planning.context import BuildContext
from badgepress.planning.discover import Sources
from badgepress.planning.problems import Problems
from badgepress.trust import Trust


def verify_endorsements(sources: Sources, ctx: BuildContext,
                        problems: Problems) -> tuple[Endorsement, ...]:
    """Every endorsement that verifies (offline, at the build's time) and endorses one of
    the site's achievements or its issuer; each other one is a problem naming its file."""
    documents = {}
    for file in sources.endorser_documents:
        try:
            document = load_json(file.data, path=file.source)
            did = document.get("id") if isinstance(document, dict) else None
            if not isinstance(did, str) or not did.startswith("did:web:"):
                raise DocumentError("a did:web endorser's DID document needs its DID as id",
                                    path=file.source, pointer="/id")
        except BadgeError as exc:
            problems.add(exc)
            continue
        documents[did] = document
    trust = Trust.offline(now=ctx.now, did_documents={**documents, ctx.did: ctx.did_document},
                          status=ctx.trust.status)
    subjects = {a.id(ctx.site_url): a.name for a in sources.achievements}
    subjects[ctx.did] = ctx.profile.name
    found = []
    for file in sources.endorsements:
        try:
            found.append(check_endorsement(file.name, file.source, file.data, trust, subjects))
        except BadgeError as exc:
            problems.add(exc)
    return tuple(found)
