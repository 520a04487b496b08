"""Baked badge downloads, made in the visitor's browser from what the site publishes once.

A badge page offers its achievement's image with the credential baked in: the image's
own format, and PNG as well when an SVG image has a PNG of the same name beside it
(``images/x.svg`` + ``images/x.png``) — many places that show badges take PNG only.

Baked copies are not stored in every badge folder: each would repeat the credential and
the image, about 13 KB per badge for the demo issuer, a third of the site. Instead the
build works out once per image where the credential goes (a ``BakeSlot``, found by the
same code as ``badgepress bake``) and the page's script splices the published image and
the badge's ``credential.json`` together there, so the visitor gets exactly the bytes
``badgepress bake`` would write. The build also proves every image can be baked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from badgepress.baking.png import png_bake_offset
from badgepress.baking.svg import svg_bake_slot
from badgepress.errors import ConfigError, DocumentError
from badgepress.model.achievement import Achievement


@dataclass(frozen=True)
class BakeSlot:
    """Where the credential goes in one published image (offsets in bytes).

    A baked PNG is ``image[:before] + iTXt chunk + image[after:]``; a baked SVG is
    ``image[:before] + opening + CDATA section + closing + image[after:]``.
    """

    kind: Literal["png", "svg"]
    image: str
    """The image's path relative to the site root."""
    before: int
    after: int
    opening: str = ""
    closing: str = ""


@dataclass(frozen=True)
class BadgeArt:
    """An achievement's images: the art of its link preview card and where to bake."""

    png: bytes | None
    slots: tuple[BakeSlot, ...]


def png_sibling(image: str) -> str | None:
    """The PNG of the same name beside an SVG image, as a docs-relative path."""
    path = PurePosixPath(image)
    return str(path.with_suffix(".png")) if path.suffix.lower() == ".svg" else None


def image_paths(achievement: Achievement) -> tuple[str, ...]:
    """The docs-relative images the build reads for an achievement."""
    sibling = png_sibling(achievement.image)
    return (achievement.image, sibling) if sibling else (achievement.image,)


def bake_slot(path: str, data: bytes) -> BakeSlot:
    """Where the credential goes in the image ``path`` (docs-relative) holding ``data``.

    Raises:
        DocumentError: The image cannot be baked (see ``badgepress.baking``).
    """
    if not path.lower().endswith(".svg"):
        offset = png_bake_offset(data)
        return BakeSlot("png", path, offset, offset)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"the SVG file is not UTF-8 text: {exc.reason}") from exc
    slot = svg_bake_slot(text)
    return BakeSlot("svg", path, len(text[:slot.start].encode()), len(text[:slot.end].encode()),
                    slot.opening, slot.closing)


def badge_art(achievement: Achievement, images: Mapping[str, bytes], docs: str) -> BadgeArt:
    """Collect an achievement's images from ``images`` (docs-relative path → bytes); PNG
    slots come first. ``docs`` names the docs folder in errors.

    Raises:
        ConfigError: An image cannot be baked; it names the image.
    """
    slots = []
    for path in image_paths(achievement):
        data = images.get(path)
        if data is None:
            continue
        try:
            slots.append(bake_slot(path, data))
        except DocumentError as exc:
            raise ConfigError(f"badges cannot be baked into this image: {exc.message}",
                              path=f"{docs}/{path}",
                              hint="use a plain PNG or SVG badge image") from None
    slots.sort(key=lambda slot: slot.kind)
    png = next((images[s.image] for s in slots if s.kind == "png"), None)
    return BadgeArt(png, tuple(slots))
