"""What the rest of a site needs to know about one published badge, and the key that
says a credential is the one an earlier build published as it.

A rebuild after one new credential must not parse, verify and lay out the 10,000 it
published before. The build's output index (``planning.cache.OutputIndex``, with an
HMAC) records, for each badge folder, the :func:`source_key` of the credential it was
made from and its :class:`BadgeFacts`. The key hashes the credential's bytes, its badge
token, the verdict's fingerprint (DID document, status lists and log, the build moment,
badgepress' version) and :func:`plan_digest` (the code that lays out pages and
everything of the site a badge folder is made from besides its credential). A
credential whose key is recorded is therefore one this user's build verified, found
free of private keys, and published as that folder from exactly these inputs: the
rebuild takes its facts from the index and reuses the folder when its files still have
their stamps, and lays it out again only when they do not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from badgepress.model.achievement import Achievement
from badgepress.planning.baked import BadgeArt
from badgepress.planning.context import BuildContext

Bit = tuple[str, str]
"""A status bit: the status list's URL and the index in it."""


@dataclass(frozen=True)
class BadgeFacts:
    """One published badge as the site-wide parts of a build see it."""

    token: str
    credential_id: str
    achievement_slug: str | None
    status: str
    """``valid``, ``expired`` or ``revoked``."""
    bits: tuple[Bit, ...]
    """The status bits its credential names (``status.conflicts``)."""
    bidi: tuple[tuple[str, str], ...]
    """(JSON pointer, what) of each field holding bidirectional controls."""
    components: tuple[str, ...] = ()
    """The ids of the component credentials a stacked badge records as evidence."""

    def to_json(self) -> dict[str, Any]:
        """The facts as plain JSON, for the output index (the token is its folder)."""
        return {"id": self.credential_id, "slug": self.achievement_slug,
                "status": self.status, "bits": [list(b) for b in self.bits],
                "bidi": [list(b) for b in self.bidi], "components": list(self.components)}

    @classmethod
    def from_json(cls, token: str, data: Mapping[str, Any]) -> BadgeFacts | None:
        """The facts written by :meth:`to_json`; ``None`` when they are malformed."""
        try:
            slug = data["slug"]
            components = tuple(data["components"])
            if not all(isinstance(c, str) for c in components):
                return None
            facts = cls(token, str(data["id"]), None if slug is None else str(slug),
                        str(data["status"]), _pairs(data["bits"]), _pairs(data["bidi"]),
                        components)
        except (KeyError, TypeError, ValueError):
            return None
        return facts


def _pairs(items: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    out = []
    for first, second in items:
        if not isinstance(first, str) or not isinstance(second, str):
            raise TypeError("a pair of strings")
        out.append((first, second))
    return tuple(out)


def plan_digest(code: str, ctx: BuildContext, achievements: Iterable[Achievement],
                arts: Mapping[str, BadgeArt]) -> str:
    """A digest of everything a badge folder is made from besides its credential:
    ``code`` (the digest of the code and templates that lay out pages), the build
    context's fingerprint, site, issuer profile and options, every achievement and its
    art. It must cover every input of ``pages.badge.badge_view``, of
    ``Renderer.badge_key`` and of ``site.outputs.BadgeLayout`` besides the credential:
    anything it misses would let a rebuild keep a stale page."""
    art = sorted((slug, a.slots, hashlib.sha256(a.png or b"").hexdigest())
                 for slug, a in arts.items())
    shared = (code, ctx.fingerprint, ctx.site_url, ctx.did, ctx.profile, ctx.options,
              tuple(achievements), art)
    return hashlib.sha256(repr(shared).encode()).hexdigest()


def source_key(plan: str, token: str, verdict_key: str) -> str:
    """The key of the credential published as ``badges/<token>/`` (``verdict_key``:
    its bytes under the build's fingerprint) in a site with :func:`plan_digest` ``plan``."""
    return hashlib.sha256(f"{plan}\0{token}\0{verdict_key}".encode()).hexdigest()
