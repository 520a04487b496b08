"""The certificate PDF a valid badge's page offers: what it shows, handed to the page's
script, which makes the PDF in the visitor's browser when asked (``js/src/certificate*.js``).

Why in the browser, by measurement (see docs/pages/sharing.md, "Certificate"): a writer at
build time would make two PDFs per badge (A4, Letter), each with its own font subset. The
page-side writer takes 4-20 ms per certificate in Node, so 10,000 badges would add 80-400 s
to a build, against a budget of 2 s, and about 430 MB of PDFs to the site. In the browser,
a badge page loads 0.8 KB gzip more before the visitor asks (this data 0.32 KB, the loader
in the sharing script 0.34 KB, CSS 0.13 KB), within the 40 KB budget, and the build spends
about 20 us per badge making this data; the writer (8 KB gzip) and the fonts come only
with the click. Revoked and expired badges get no data and no button, and no
certificate file exists on the site for any badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from badgepress.pages.badge import VALID, BadgeView, script_json
from badgepress.pages.views import SiteView

BUNDLE = "badgepress-certificate.js"
FONTS = {"regular": "fonts/DejaVuSans.ttf", "bold": "fonts/DejaVuSans-Bold.ttf",
         "fallback": "fonts/DroidSansFallbackFull.ttf"}
"""The certificate's fonts under ``assets/``: DejaVu Sans (Latin, Greek, Cyrillic, Arabic,
Hebrew, …) and Droid Sans Fallback for Chinese, Japanese and Korean (fetched only when a
certificate has a character DejaVu lacks)."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def human_date(day: str) -> str:
    """``"2 December 2026"`` from ``"2026-12-02"``."""
    moment = date.fromisoformat(day)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


@dataclass(frozen=True)
class CertificateView:
    """The certificate section of a badge page."""

    bundle: str
    """The certificate script, relative to the page."""
    data_json: str
    """What the PDF shows, as JSON safe inside ``<script type="application/json">``."""


def certificate_view(badge: BadgeView, site: SiteView, root: str) -> CertificateView | None:
    """The certificate of a valid badge (``None`` for a revoked or expired one). ``root``
    is the way from the page to the site root (``../../``)."""
    settings = badge.certificate
    if badge.status != VALID or settings is None:
        return None
    profile = site.profile
    signatory = settings.signatory
    data = {
        "recipient": badge.recipient,
        "achievement": badge.achievement_name,
        "issuer": badge.issuer_name,
        "kind": "Certificate of achievement",
        "issued": human_date(badge.issued),
        "expires": human_date(badge.expires) if badge.expires else None,
        "criteria": settings.criteria,
        "signatory": signatory and {
            "name": signatory.name, "title": signatory.title,
            "image": signatory.image and root + signatory.image,
        },
        "credentialId": badge.credential_id,
        "verifyUrl": f"{profile.site_url}verify/",
        "design": settings.design,
        "color": profile.color,
        "accentColor": profile.accent_color,
        "logo": site.logo and root + site.logo,
        "fonts": {kind: f"{root}assets/{path}" for kind, path in FONTS.items()},
        "saveAs": f"certificate-{badge.achievement_slug or 'badge'}-{badge.token}",
    }
    return CertificateView(bundle=f"{root}assets/{BUNDLE}", data_json=script_json(data))
