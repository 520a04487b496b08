"""A badge that is no longer valid must not be handed to a wallet: its page offers neither
the wallet deep link nor the wallet QR code (a holder would carry a revoked or expired badge
as if it were good), while a valid badge's page offers both."""

from __future__ import annotations

from pathlib import Path

from badgepress import lifecycle
from badgepress.project import Project
from tests.integration.site_project import ISSUED, add_achievement, build, issue, site_project

__all__ = ["site_project"]

WALLET_MARKERS = ("data-bp-wallet", "bp-wallet-qr")


def _page(site: Path, credential: Path) -> str:
    return (site / "badges" / credential.stem / "index.html").read_text("utf-8")


def test_revoked_or_expired_badge_page_offers_no_wallet_import(site_project: Project) -> None:
    [valid] = issue(site_project, ["Ada"])
    [revoked] = issue(site_project, ["Mallory"])
    lifecycle.revoke(site_project, str(revoked), "issued in error", now=ISSUED)
    add_achievement(site_project, "short", "Short Course", extra="valid_for_days: 10\n")
    [expired] = issue(site_project, ["Eve"], slug="short")
    site = build(site_project).site_dir
    assert all(marker in _page(site, valid) for marker in WALLET_MARKERS)
    for path in (revoked, expired):
        page = _page(site, path)
        assert not any(marker in page for marker in WALLET_MARKERS), path.name
