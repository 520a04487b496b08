"""The frozen build context: what every stage of a build reads, made once per build."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from badgepress import __version__
from badgepress.errors import ConfigError
from badgepress.keystore import IssuerKey
from badgepress.project import IssuerProfile
from badgepress.status.store import Revocation
from badgepress.trust import Trust

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def build_now(environ: Mapping[str, str] | None = None) -> datetime:
    """Return the moment a build verifies at.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set — reproducible builds.
    Otherwise the **last second of today (UTC)**: every build on the same day uses the
    same moment, so it gives the same bytes, and a badge issued earlier today is
    already valid (with 00:00 it would be "not yet valid" until tomorrow). The price:
    a badge that expires later today shows as expired in today's build; the badge
    page's live verifier shows the exact state.

    Raises:
        ConfigError: ``SOURCE_DATE_EPOCH`` is not a whole number.
    """
    env = os.environ if environ is None else environ
    value = env.get(SOURCE_DATE_EPOCH)
    if value:
        try:
            return datetime.fromtimestamp(int(value), UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"{SOURCE_DATE_EPOCH}={value!r} is not a Unix time",
                              hint="unset it, or set it to whole seconds since 1970") from None
    today = datetime.now(UTC).date()
    return datetime.combine(today, time(23, 59, 59), UTC)


@dataclass(frozen=True)
class SiteOptions:
    """The plugin options that change what is published."""

    public_listing: bool = False
    """List badge pages in sitemap.xml and let search engines index them."""
    recipient_previews: bool = False
    """Draw a link preview card per badge, naming the recipient, instead of sharing the
    achievement's card (about 30 KB and 20 ms per badge)."""


@dataclass(frozen=True)
class BuildContext:
    """Everything the stages after discovery read; never changed once made."""

    now: datetime
    site_url: str
    profile: IssuerProfile
    did: str
    did_document: dict[str, Any]
    keys: tuple[IssuerKey, ...]
    status_lists: Mapping[str, dict[str, Any]]
    revocations: Mapping[str, Revocation]
    """The public status log by credential id, in log order."""
    trust: Trust
    options: SiteOptions = field(default_factory=SiteOptions)
    fingerprint: str = ""
    """sha256 over everything besides a credential that a verdict depends on."""


def fingerprint(did_document: bytes, status_files: Mapping[str, bytes], now: datetime) -> str:
    """Hash the inputs of every verdict besides the credential: the DID document, the
    status lists and log (by published path), the build moment and badgepress' version."""
    digest = hashlib.sha256()
    for part in (b"badgepress", __version__.encode(), now.isoformat().encode(),
                 did_document):
        digest.update(len(part).to_bytes(8, "big") + part)
    for name in sorted(status_files):
        for part in (name.encode(), status_files[name]):
            digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()
