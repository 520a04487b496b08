"""Checks across the verified inputs before a site is planned: the public status log
against what the status lists say, and credential text that would reorder on a page.

The status lists are signed and decide whether a badge is revoked; ``status/log.json``
only gives the date and reason people read on the home page. An entry for a badge
whose bit is not set would list a valid badge as revoked: the build refuses it. A set
bit with no entry is shown without a reason: the build warns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from badgepress.errors import StatusError
from badgepress.model.text import bidi_fields, might_hold_bidi
from badgepress.pages.badge import REVOKED
from badgepress.planning.discover import Sources
from badgepress.planning.problems import Problems
from badgepress.planning.records import BadgeFacts
from badgepress.status.store import LOG_FILE


def check_status_log(sources: Sources, badges: Iterable[BadgeFacts],
                     problems: Problems) -> list[str]:
    """Add a problem for every log entry of a published badge its status list does not
    revoke; return a warning for every revoked badge the log does not list."""
    shown = sources.status_log.source if sources.status_log else f"status/{LOG_FILE}"
    entries = {r.credential: index for index, r in enumerate(sources.revocations)}
    warnings = []
    for badge in badges:
        index = entries.get(badge.credential_id)
        if index is not None and badge.status != REVOKED:
            problems.add(StatusError(
                f"says badge {badge.token} was revoked, but its status list does not: the "
                "home page would list a valid badge as revoked", path=shown,
                pointer=f"/revocations/{index}",
                hint="restore status/log.json from git, or revoke the badge with "
                "'badgepress revoke'"))
        elif index is None and badge.status == REVOKED:
            warnings.append(f"{shown}: badge {badge.token} is revoked by its status list "
                            "but has no log entry: the home page does not list it")
    return warnings


def bidi_in(data: bytes) -> tuple[tuple[str, str], ...]:
    """(JSON pointer, code points) of every field of a verified credential's bytes that
    holds a bidirectional control character."""
    if not might_hold_bidi(data):
        return ()
    return tuple(bidi_fields(json.loads(data)))


def bidi_warnings(sources: Sources, published: Sequence[BadgeFacts]) -> list[str]:
    """A warning for every field of a published credential holding a bidirectional
    control character (removed from the pages)."""
    shown = {f.name: f.source for f in sources.credentials}
    return [f"{shown[badge.token]}: {pointer}: holds bidirectional control characters "
            f"({found}) that reorder text; the pages leave them out"
            for badge in published for pointer, found in badge.bidi]


def missing_components(sources: Sources, published: Sequence[BadgeFacts]) -> list[str]:
    """A warning for every component credential a published stacked badge records that
    this build does not publish (its file deleted, renamed or refused): its page would
    show the component as unavailable."""
    shown = {f.name: f.source for f in sources.credentials}
    ids = {badge.credential_id for badge in published}
    return [f"{shown[badge.token]}: /evidence: the component credential {component} is not "
            "published on this site, so the badge page shows it as unavailable; restore its "
            "file (revoke a credential instead of deleting it)"
            for badge in published for component in badge.components if component not in ids]
