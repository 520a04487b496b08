"""Baked badge downloads: each badge folder gets its achievement's image with the
credential inside (``badge.svg``, ``badge.png``).

Which formats: the achievement image's own, and PNG as well when an SVG image has a
PNG of the same name beside it (``images/x.svg`` + ``images/x.png``) — many places
that show badges take PNG only. The PNG is re-encoded once per achievement with at
most 256 colours when that makes it smaller (badge art is flat colour; the baked
copies in every badge folder are what counts against the site's size).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image

from badgepress.baking import bake
from badgepress.errors import ConfigError
from badgepress.model.achievement import Achievement

PALETTE = 128
"""Colours of the re-encoded PNG: enough for flat badge art with gradients."""
MAX_SIDE = 512
"""Larger PNG art is scaled down to this many pixels on its longer side."""


@dataclass(frozen=True)
class BadgeArt:
    """An achievement's images, ready to bake."""

    svg: bytes | None
    png: bytes | None
    """Re-encoded for size; also the art of the link preview card."""

    @property
    def formats(self) -> tuple[str, ...]:
        """The baked formats of the achievement's badges."""
        return tuple(kind for kind, data in (("png", self.png), ("svg", self.svg))
                     if data is not None)


def png_sibling(image: str) -> str | None:
    """The PNG of the same name beside an SVG image, as a docs-relative path."""
    path = PurePosixPath(image)
    return str(path.with_suffix(".png")) if path.suffix.lower() == ".svg" else None


def image_paths(achievement: Achievement) -> tuple[str, ...]:
    """The docs-relative images the build reads for an achievement."""
    sibling = png_sibling(achievement.image)
    return (achievement.image, sibling) if sibling else (achievement.image,)


def compact_png(data: bytes, *, source: str) -> bytes:
    """``data`` re-encoded smaller (≤ PALETTE colours, at most ``MAX_SIDE`` px), or as it is
    when that is smaller and carries nothing but the image.

    Raises:
        ConfigError: Pillow cannot read the PNG.
    """
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format != "PNG":
                raise ConfigError(f"{source} is not a PNG file", path=source)
            image = opened.convert("RGBA")
            has_text = bool(opened.info)
    except (OSError, Image.DecompressionBombError) as exc:
        raise ConfigError(f"cannot read the image: {exc}", path=source) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    quantised = image.quantize(PALETTE, method=Image.Quantize.FASTOCTREE,
                               dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantised.save(out, "PNG", optimize=True)
    small = out.getvalue()
    return data if len(data) <= len(small) and not has_text else small


def badge_art(achievement: Achievement, images: Mapping[str, bytes]) -> BadgeArt:
    """Collect an achievement's images from ``images`` (docs-relative path → bytes).

    Raises:
        ConfigError: the PNG cannot be read.
    """
    svg = png = None
    for path in image_paths(achievement):
        data = images.get(path)
        if data is None:
            continue
        source = f"{achievement.path.parent.parent.name}/{path}"
        if path.lower().endswith(".svg"):
            svg = data
        else:
            png = compact_png(data, source=source)
    return BadgeArt(svg, png)


def baked_files(art: BadgeArt, credential: bytes) -> dict[str, bytes]:
    """The baked images of one badge folder by file name (``badge.png``, ``badge.svg``).

    Raises:
        DocumentError: an image cannot be baked (see ``badgepress.baking.bake``).
    """
    text = credential.decode("utf-8")
    out: dict[str, bytes] = {}
    if art.png is not None:
        out["badge.png"] = bake(art.png, "png", text)
    if art.svg is not None:
        out["badge.svg"] = bake(art.svg, "svg", text)
    return out
