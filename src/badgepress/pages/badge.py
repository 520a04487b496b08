"""What a badge page shows, read from a verified credential. Every value is plain text
without bidirectional controls (``model.text``); the templates escape it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from badgepress.model.achievement import Achievement
from badgepress.model.certificate import CertificateSettings
from badgepress.model.credential import Credential
from badgepress.model.dates import format_datetime, human_date
from badgepress.model.text import without_bidi
from badgepress.pages.markdown_safe import credential_markdown
from badgepress.pathways import component_token
from badgepress.planning.context import BuildContext
from badgepress.report import Report, State
from badgepress.status.store import Revocation

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
PUBLISHABLE = {"status": {"revoked"}, "dates": {"expired"}}
"""Checks that may fail on a published badge, by the codes that are allowed: an expired
or revoked credential is still a genuine document, and its page says so."""
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class Link:
    """A label and, when it is a web address, where it points."""

    label: str
    href: str | None = None


@dataclass(frozen=True)
class Alignment:
    """A framework entry the achievement aligns to (ESCO, O*NET, CTDL...), shown by name."""

    name: str
    href: str | None
    framework: str | None
    code: str | None


@dataclass(frozen=True)
class Component:
    """A component credential of a stacked badge, published on this site."""

    name: str
    credential_id: str
    path: str
    """Its badge page, relative to the site root (``badges/<token>/``)."""


@dataclass(frozen=True)
class BadgeView:
    """One badge page's content."""

    token: str
    credential_id: str
    recipient: str
    achievement_name: str
    achievement_description: str
    achievement_slug: str | None
    achievement_id: str | None
    image: str | None
    """Path of the image relative to the site root, or a ``data:`` image."""
    issuer_name: str
    issued: str
    expires: str | None
    issued_human: str
    expires_human: str | None
    evidence: tuple[Link, ...]
    narrative_html: str | None
    """The recipient's narrative, Markdown rendered by ``credential_markdown``."""
    criteria_html: str | None
    """The first paragraph of the achievement's criteria, rendered the same way."""
    criteria_href: str | None
    tags: tuple[str, ...]
    alignments: tuple[Alignment, ...]
    status: str
    revocation: Revocation | None
    credential_json: str
    """The credential as compact JSON, safe inside ``<script type="application/json">``."""
    certificate: CertificateSettings | None = None
    """How its certificate PDF looks; ``None`` unless the badge is valid (no certificate)."""
    components: tuple[Component, ...] = ()
    """A stacked badge's component credentials (the browser verifies each)."""
    status_list: str | None = None
    """The site path of the status list the browser verifier reads (the page preloads it)."""

    @property
    def page_path(self) -> str:
        """Where the badge page is written."""
        return f"badges/{self.token}/index.html"

    @property
    def json_path(self) -> str:
        """Where the credential JSON is written (byte-identical to the stored file)."""
        return f"badges/{self.token}/credential.json"


def publishing_problem(report: Report) -> Report | None:
    """``None`` when the report allows publishing, else the report itself."""
    for check in report.checks:
        if check.state is State.PASS:
            continue
        if check.state is State.FAIL and check.code in PUBLISHABLE.get(check.id, set()):
            continue
        return report
    return None if report.checks else report


def status_of(report: Report) -> str:
    """``valid``, ``expired`` or ``revoked`` (revoked wins)."""
    codes = {c.code for c in report.checks if c.state is State.FAIL}
    return REVOKED if "revoked" in codes else EXPIRED if "expired" in codes else VALID


def script_json(document: Any) -> str:
    """Compact JSON with ``<``, ``>`` and ``&`` escaped, so no text inside it can close
    the ``<script>`` element or start markup."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def _text(value: Any) -> str | None:
    text = without_bidi(value).strip() if isinstance(value, str) else ""
    return text or None


def _markdown(value: Any) -> str | None:
    text = _text(value)
    return credential_markdown(text) if text else None


def _href(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(_SAFE_SCHEMES) else None


def _summary(markdown: str) -> str:
    """The first paragraph of a Markdown text (up to the first blank line)."""
    return markdown.split("\n\n", 1)[0]


def _criteria(achievement: Mapping[str, Any]) -> tuple[str | None, str | None]:
    criteria = achievement.get("criteria")
    if not isinstance(criteria, dict):
        return None, None
    narrative = _text(criteria.get("narrative"))
    return (credential_markdown(_summary(narrative)) if narrative else None,
            _href(criteria.get("id")))


def _tags(achievement: Mapping[str, Any]) -> tuple[str, ...]:
    raw = achievement.get("tag")
    items = raw if isinstance(raw, list) else [raw]
    return tuple(sorted({tag for item in items if (tag := _text(item))}))


def _alignments(achievement: Mapping[str, Any]) -> tuple[Alignment, ...]:
    raw = achievement.get("alignment")
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    out = {Alignment(name, _href(item.get("targetUrl")), _text(item.get("targetFramework")),
                     _text(item.get("targetCode")))
           for item in items if isinstance(item, dict) and (name := _text(item.get("targetName")))}
    # A set in the signed graph, like evidence: sorted, not in the holder's JSON order.
    return tuple(sorted(out, key=lambda a: (a.name, a.href or "", a.code or "")))


def recipient_name(subject: Mapping[str, Any]) -> str:
    """The recipient's name: every plain-text ``name`` identifier (sorted, since the
    signature does not fix their order), else ``name``."""
    identifiers = subject.get("identifier")
    names = sorted({
        name for identifier in (identifiers if isinstance(identifiers, list) else [])
        if isinstance(identifier, dict) and identifier.get("identityType") == "name"
        and identifier.get("hashed") is False
        and (name := _text(identifier.get("identityHash")))
    })
    return ", ".join(names) or _text(subject.get("name")) or "(recipient not named)"


def _site_path(url: Any, ctx: BuildContext) -> str | None:
    """The site-relative path of a URL on our own site, else ``None``."""
    if isinstance(url, str) and url.startswith(ctx.site_url) and ".." not in url:
        return url[len(ctx.site_url):]
    return None


def _status_list(raw: Mapping[str, Any], ctx: BuildContext) -> str | None:
    """The site path of the credential's (first) status list, if it is on our site."""
    entries = raw.get("credentialStatus")
    first = entries[0] if isinstance(entries, list) and entries else entries
    return _site_path(first.get("statusListCredential"), ctx) if isinstance(first, dict) else None


def _image(credential: Credential, achievement: Achievement | None,
           ctx: BuildContext) -> str | None:
    if achievement is not None:
        return achievement.image
    image = credential.achievement.get("image")
    url = image.get("id") if isinstance(image, dict) else image
    local = _site_path(url, ctx)
    if local:
        return local
    if isinstance(url, str) and url.startswith(("data:image/png;", "data:image/svg+xml;")):
        return url
    return None  # images elsewhere are not loaded: the page makes no third-party requests


def _items(raw: Any) -> list[dict[str, Any]]:
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    return [item for item in items if isinstance(item, dict)]


def _component(item: dict[str, Any], ctx: BuildContext) -> Component | None:
    """The component credential an evidence entry records, when it is one of this site's
    badges."""
    token = component_token(item, ctx.site_url)
    if token is None:
        return None
    return Component(_text(item.get("name")) or "A component badge", str(item["id"]),
                     f"badges/{token}/")


def _components(raw: Any, ctx: BuildContext) -> tuple[Component, ...]:
    found = (_component(item, ctx) for item in _items(raw))
    return tuple(sorted((c for c in found if c is not None), key=lambda c: (c.name, c.path)))


def _evidence(raw: Any, ctx: BuildContext) -> tuple[Link, ...]:
    out = []
    for item in _items(raw):
        if _component(item, ctx) is not None:
            continue  # listed as a component, verified in the browser
        url = item.get("id")
        href = _href(url)
        label = _text(item.get("name")) or _text(item.get("narrative")) or href or "Evidence"
        out.append(Link(label, href))
    # Evidence is a set in the signed graph: its JSON order is the holder's, not the issuer's.
    return tuple(sorted(out, key=lambda link: (link.label, link.href or "")))


def badge_view(token: str, credential: Credential, report: Report,
               achievements: Mapping[str, Achievement], ctx: BuildContext) -> BadgeView:
    """Read what the badge page shows from a credential that verified."""
    raw = credential.raw
    achievement_id = _text(credential.achievement.get("id"))
    achievement = achievements.get(achievement_id or "")
    status = status_of(report)
    issued = format_datetime(credential.awarded or credential.valid_from)[:10]
    expires = format_datetime(credential.valid_until)[:10] if credential.valid_until else None
    criteria_html, criteria_href = _criteria(credential.achievement)
    return BadgeView(
        token=token,
        credential_id=credential.id,
        recipient=recipient_name(credential.subject),
        achievement_name=_text(credential.achievement_name) or "(unnamed achievement)",
        achievement_description=_text(credential.achievement.get("description")) or "",
        achievement_slug=achievement.slug if achievement else None,
        achievement_id=achievement_id,
        image=_image(credential, achievement, ctx),
        issuer_name=_text(credential.issuer_name) or ctx.profile.name,
        issued=issued,
        expires=expires,
        issued_human=human_date(issued),
        expires_human=human_date(expires) if expires else None,
        evidence=_evidence(raw.get("evidence"), ctx),
        narrative_html=_markdown(credential.subject.get("narrative")),
        criteria_html=criteria_html,
        criteria_href=criteria_href,
        tags=_tags(credential.achievement),
        alignments=_alignments(credential.achievement),
        status=status,
        revocation=ctx.revocations.get(credential.id) if status == REVOKED else None,
        credential_json=script_json(raw),
        certificate=((achievement.certificate if achievement else CertificateSettings())
                     if status == VALID else None),
        components=_components(raw.get("evidence"), ctx),
        status_list=_status_list(raw, ctx),
    )
