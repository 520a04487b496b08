"""What a badge page offers for sharing: LinkedIn's "Add to profile" link, posts on
LinkedIn, X, Mastodon and by e-mail, an embed snippet, the live status shield and its
snippets, the link preview (Open Graph and Twitter card tags), the QR code and the
downloads. The home and verify pages get a link preview too.

Every address here is built from parts that are percent-encoded (``urlencode`` with
``quote``), every snippet from parts that are escaped for where they go (HTML, Markdown
link text), and the templates escape them once more as they print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode

from markupsafe import escape

from badgepress.pages.badge import REVOKED, VALID, BadgeView
from badgepress.pages.preview import CARD_HEIGHT, CARD_WIDTH, SITE_CARD, preview_path
from badgepress.pages.qr import qr_svg
from badgepress.pages.shield import SHIELD
from badgepress.planning.baked import BakeSlot
from badgepress.project import IssuerProfile
from badgepress.wallet import wallet_scan_url

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
LINKEDIN_POST = "https://www.linkedin.com/sharing/share-offsite/"
X_POST = "https://x.com/intent/tweet"
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#!|"})


@dataclass(frozen=True)
class Preview:
    """The link preview of one page (Open Graph, Twitter card, canonical link)."""

    title: str
    description: str
    url: str
    """The page's canonical absolute URL."""
    image: str
    """Absolute URL of the preview PNG."""
    image_alt: str
    site_name: str
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT


@dataclass(frozen=True)
class Download:
    """A file offered for download on a badge page."""

    file: str
    """The credential (``credential.json``, in the badge folder), or for a baked image the
    plain image, relative to the site root, that the page's script bakes."""
    save_as: str
    """The name the browser saves it under."""
    label: str
    explanation: str
    """What the file is for, in plain words (empty when the item before says it)."""
    slot: BakeSlot | None = None
    """Where the page's script bakes the credential into ``file``; ``None`` for JSON."""


@dataclass(frozen=True)
class Post:
    """Addresses that start a post about a valid badge, and the text they start with."""

    text: str
    """The post's text without the address (Mastodon's, made by the page's script)."""
    linkedin: str
    x: str
    email: str
    """A ``mailto:`` address with a subject and a body, and no recipient."""


@dataclass(frozen=True)
class Snippets:
    """Text to paste elsewhere: shown escaped on the page, copied by its buttons."""

    embed: str
    """HTML (no script) showing the badge image, its name and a link to the page."""
    shield_markdown: str
    shield_html: str
    shield_url: str


@dataclass(frozen=True)
class ShareView:
    """A badge page's sharing section."""

    page_url: str
    linkedin: str | None
    """LinkedIn's "Add to profile" address; ``None`` unless the badge is valid."""
    post: Post | None
    """Post about the badge; ``None`` unless the badge is valid."""
    snippets: Snippets
    qr_svg: str
    """Inline SVG markup of the QR code of ``page_url``."""
    downloads: tuple[Download, ...]
    preview: Preview
    wallet_url: str | None = None
    """The address a wallet's scanner imports (``credential.json``); ``None`` unless the
    badge is valid."""
    wallet_qr_svg: str | None = None
    """Inline SVG markup of the QR code of ``wallet_url``."""


def _year_month(day: str) -> tuple[str, str]:
    """``("2026", "3")`` from ``"2026-03-01"``: LinkedIn's months are 1-12, unpadded."""
    return day[:4], str(int(day[5:7]))


def linkedin_url(badge: BadgeView, profile: IssuerProfile, page_url: str) -> str | None:
    """LinkedIn's "Add to profile" (Licenses & Certifications) address for a valid badge.

    The organisation is named by its numeric LinkedIn id when the issuer configured
    one (LinkedIn then shows the company's logo and page), else by name. Every value
    is percent-encoded. Revoked and expired badges get ``None``: nobody should add
    them to a profile.
    """
    if badge.status != VALID:
        return None
    params: list[tuple[str, str]] = [("startTask", "CERTIFICATION_NAME"),
                                     ("name", badge.achievement_name)]
    if profile.linkedin_organization_id:
        params.append(("organizationId", profile.linkedin_organization_id))
    else:
        params.append(("organizationName", badge.issuer_name))
    year, month = _year_month(badge.issued)
    params += [("issueYear", year), ("issueMonth", month)]
    if badge.expires:
        year, month = _year_month(badge.expires)
        params += [("expirationYear", year), ("expirationMonth", month)]
    params += [("certUrl", page_url), ("certId", badge.token)]
    return _address(LINKEDIN_ADD, params)


@lru_cache(maxsize=1024)
def _quoted(text: str, safe: str = "", encoding: str | None = None,
            errors: str | None = None) -> str:
    """``quote`` (every character but letters, digits and ``_.-~`` percent-encoded),
    remembered: names, dates and a page's own address recur in every badge's links."""
    return quote(text, safe, encoding, errors)


def _address(base: str, params: list[tuple[str, str]]) -> str:
    """``base`` with ``params`` as its query, every value percent-encoded (``%20``)."""
    return f"{base}?{urlencode(params, quote_via=_quoted, safe='')}"


def post_text(badge: BadgeView) -> str:
    """What a post about a badge says before its address."""
    return f"I earned the {badge.achievement_name} badge from {badge.issuer_name}."


def post_view(badge: BadgeView, page_url: str) -> Post | None:
    """The addresses that start a post about a valid badge (``None`` for the others:
    nobody should announce a badge that was revoked or has expired)."""
    if badge.status != VALID:
        return None
    text = post_text(badge)
    body = (f"{text}\n\nThe badge page checks the signed credential in your browser:\n"
            f"{page_url}\n")
    return Post(
        text=text,
        linkedin=_address(LINKEDIN_POST, [("url", page_url)]),
        x=_address(X_POST, [("text", text), ("url", page_url)]),
        email="mailto:" + _address("", [("subject", f"My {badge.achievement_name} badge"),
                                        ("body", body)]),
    )


def markdown_text(text: str) -> str:
    """``text`` as Markdown link or image text: every character with a meaning in
    Markdown or HTML is backslash-escaped, line breaks become spaces."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


def snippets(badge: BadgeView, profile: IssuerProfile, page_url: str) -> Snippets:
    """The embed snippet and the shield's snippets of a badge (escaped as they are built:
    they are pasted into other people's pages)."""
    shield = page_url + SHIELD
    name = badge.achievement_name
    image = (profile.site_url + badge.image
             if badge.image and not badge.image.startswith("data:") else shield)
    link, alt = escape(page_url), escape(f"{name} badge")
    embed = (f'<a href="{link}"><img src="{escape(image)}" alt="{alt}" width="120" '
             f'height="120"></a><br>\n<a href="{link}">{escape(name)}</a>, a badge from '
             f"{escape(badge.issuer_name)} (verify it on the badge page)")
    status_alt = f"{name} badge status"
    return Snippets(
        embed=embed,
        shield_markdown=f"[![{markdown_text(status_alt)}]({shield})]({page_url})",
        shield_html=f'<a href="{link}"><img src="{escape(shield)}" alt="{escape(status_alt)}"></a>',
        shield_url=shield,
    )


RECIPIENT_CARD = "preview.png"
"""A badge's own preview card, in its folder (with ``recipient_previews``)."""


def has_recipient_card(badge: BadgeView, recipient_previews: bool) -> bool:
    """Whether a badge gets its own preview card: when the issuer asks for them, except
    for revoked badges, where a card saying "earned" would mislead."""
    return recipient_previews and badge.status != REVOKED


def badge_preview(badge: BadgeView, profile: IssuerProfile, page_url: str,
                  own_card: bool = False) -> Preview:
    """The link preview of a badge page: who earned what, from whom. ``own_card``: the
    badge has its own card (``RECIPIENT_CARD``), else it shows its achievement's."""
    if badge.status == REVOKED:  # a revoked badge was not earned: no name, no "earned"
        return Preview(
            title=f"Revoked badge: {badge.achievement_name} · {badge.issuer_name}",
            description=(f"{badge.issuer_name} revoked this {badge.achievement_name} badge. "
                         "This page checks the signed credential and its status."),
            url=page_url,
            image=profile.site_url + preview_path(badge.achievement_slug),
            image_alt=f"{badge.achievement_name}, a badge from {badge.issuer_name}",
            site_name=profile.name,
        )
    state = f" It expired on {badge.expires}." if badge.status != VALID else ""
    description = (f"{badge.issuer_name} awarded {badge.recipient} the "
                   f"{badge.achievement_name} badge on {badge.issued}.{state} "
                   "This page checks the signed credential.")
    return Preview(
        title=f"{badge.recipient} earned {badge.achievement_name}",
        description=description,
        url=page_url,
        image=(page_url + RECIPIENT_CARD if own_card
               else profile.site_url + preview_path(badge.achievement_slug)),
        image_alt=(f"{badge.recipient} earned {badge.achievement_name}, a badge from "
                   f"{badge.issuer_name}" if own_card
                   else f"{badge.achievement_name}, a badge from {badge.issuer_name}"),
        site_name=profile.name,
    )


def achievement_preview(name: str, description: str, slug: str,
                        profile: IssuerProfile) -> Preview:
    """The link preview of an achievement page."""
    return Preview(
        title=f"{name} · {profile.name}",
        description=description,
        url=f"{profile.site_url}achievements/{slug}/",
        image=profile.site_url + preview_path(slug),
        image_alt=f"{name}, a badge from {profile.name}",
        site_name=profile.name,
    )


def home_preview(profile: IssuerProfile) -> Preview:
    """The link preview of the home page: the issuer's card."""
    return Preview(
        title=f"{profile.name}: Open Badges",
        description=profile.description or (
            f"Open Badges 3.0 credentials from {profile.name}: every badge is signed, "
            "and its page checks it in your browser."),
        url=profile.site_url,
        image=profile.site_url + SITE_CARD,
        image_alt=f"Open Badges from {profile.name}",
        site_name=profile.name,
    )


def verify_preview(profile: IssuerProfile) -> Preview:
    """The link preview of the verify page."""
    return Preview(
        title=f"Verify a badge · {profile.name}",
        description=("Check an Open Badges 3.0 credential from any issuer in your browser: "
                     "its signature, the issuer's key, its status and its dates. Nothing "
                     "is uploaded."),
        url=f"{profile.site_url}verify/",
        image=profile.site_url + SITE_CARD,
        image_alt=f"Open Badges from {profile.name}",
        site_name=profile.name,
    )


def share_view(badge: BadgeView, profile: IssuerProfile, slots: tuple[BakeSlot, ...],
               own_card: bool = False) -> ShareView:
    """Everything the badge page shows for sharing. ``slots`` are the achievement's
    images that the page offers baked; ``own_card``: see ``badge_preview``."""
    page_url = badge.credential_id  # the credential id is its page (checked when planned)
    stem = badge.achievement_slug or "badge"
    downloads = [Download("credential.json", f"{stem}-{badge.token}.json",
                          "Download the credential (JSON)",
                          "This file proves your badge: keep it. Anyone can check it on "
                          "the verify page or with badgepress verify.")]
    for index, slot in enumerate(slots):
        downloads.append(Download(
            slot.image, f"{stem}-{badge.token}.{slot.kind}",
            f"Download the badge image ({slot.kind.upper()})",
            "" if index else "The image carries your credential inside it: upload it "
            "where you show your badges, and anyone can still verify it.", slot))
    wallet = wallet_scan_url(page_url) if badge.status == VALID else None
    return ShareView(
        page_url=page_url,
        linkedin=linkedin_url(badge, profile, page_url),
        post=post_view(badge, page_url),
        snippets=snippets(badge, profile, page_url),
        qr_svg=qr_svg(page_url, label="QR code of this page's address"),
        downloads=tuple(downloads),
        preview=badge_preview(badge, profile, page_url, own_card),
        wallet_url=wallet,
        wallet_qr_svg=wallet and qr_svg(wallet, label="QR code for a wallet app: the "
                                        "address of this badge's credential"),
    )
