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
from badgepress.pages.badge import REVOKED, BadgeView
from badgepress.planning.discover import Sources
from badgepress.planning.problems import Problems
from badgepress.status.store import LOG_FILE


def check_status_log(sources: Sources, badges: Iterable[BadgeView],
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


def bidi_warnings(sources: Sources, published: Sequence[BadgeView]) -> list[str]:
    """A warning for every field of a published credential holding a bidirectional
    control character (removed from the pages)."""
    tokens = {b.token for b in published}
    warnings = []
    for file in sources.credentials:
        if file.name not in tokens or not might_hold_bidi(file.data):
            continue
        for pointer, found in bidi_fields(json.loads(file.data)):
            warnings.append(f"{file.source}: {pointer}: holds bidirectional control "
                            f"characters ({found}) that reorder text; the pages leave "
                            "them out")
    return warnings
