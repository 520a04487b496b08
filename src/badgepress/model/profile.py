"""The issuer's OB 3.0 ``Profile`` object, as embedded in every credential it signs."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from badgepress.project import IssuerProfile


def image_url(profile: IssuerProfile) -> str | None:
    """The absolute URL of the issuer's logo on the site (``image`` is relative to
    docs_dir), or the setting itself when it is already an absolute URL."""
    if not profile.image:
        return None
    if profile.image.startswith(("https://", "http://")):
        return profile.image
    return profile.site_url + str(PurePosixPath(profile.image.replace("\\", "/")))


def profile_json(profile: IssuerProfile) -> dict[str, Any]:
    """Return the OB 3.0 ``Profile`` of the issuer: its DID as ``id``, with the name,
    web address, email, description and logo that are configured."""
    out: dict[str, Any] = {"id": profile.did, "type": ["Profile"], "name": profile.name}
    if profile.url:
        out["url"] = profile.url
    if profile.email:
        out["email"] = profile.email
    if profile.description:
        out["description"] = profile.description
    logo = image_url(profile)
    if logo:
        out["image"] = {"id": logo, "type": "Image"}
    return out
