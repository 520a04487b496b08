"""The machine-readable files: issuer profile, sitemap, robots.txt."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from badgepress.errors import BadgeError
from badgepress.model.credential import OB_CONTEXT, VC_V2_CONTEXT
from badgepress.model.profile import profile_json
from badgepress.project import IssuerProfile
from badgepress.schema import PROFILE, schema_errors

ISSUER_JSON = "issuer.json"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOJEKYLL = ".nojekyll"


def issuer_document(profile: IssuerProfile) -> tuple[dict[str, Any], list[BadgeError]]:
    """The OB 3.0 issuer Profile published at ``issuer.json``, and its schema problems."""
    document = {"@context": [VC_V2_CONTEXT, OB_CONTEXT], **profile_json(profile)}
    errors: list[BadgeError] = []
    for error in schema_errors(document, PROFILE):
        error.path = ISSUER_JSON
        error.hint = error.hint or "check the issuer settings in mkdocs.yml"
        errors.append(error)
    return document, errors


def sitemap(site_url: str, paths: Iterable[str]) -> bytes:
    """A sitemap listing ``paths`` (site-relative URLs), sorted, without dates."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(site_url + path)}</loc></url>" for path in sorted(set(paths))]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(site_url: str) -> bytes:
    """robots.txt: everything may be fetched (badge pages say ``noindex`` themselves, and
    link previews need to read them); the sitemap is named."""
    return f"User-agent: *\nAllow: /\nSitemap: {site_url}{SITEMAP}\n".encode()
