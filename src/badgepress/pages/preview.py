"""Link preview cards: one 1200x630 PNG per achievement, drawn at build time, and one
per badge ("Ada Lovelace earned …") when the issuer turns ``recipient_previews`` on.

The card shows the badge art on a coloured panel, the achievement's name (or who
earned it) and the issuer's name. Pillow cannot read SVG, so the art is the
achievement's PNG: its image when that is a PNG, else a PNG of the same name next to
the SVG (``images/x.svg`` → ``images/x.png``). Without one, the card draws a round badge in
a colour of its own with the achievement's initials instead of rasterising the SVG
(that would need a renderer such as cairo, a system dependency the build avoids).

Fonts: DejaVu Sans from the system when installed, else Pillow's built-in font, so
the build never fails for want of fonts. The same inputs, fonts and Pillow give the
same bytes (PNG carries no timestamp).
"""

from __future__ import annotations

import hashlib
import io
import re
from colorsys import hsv_to_rgb, rgb_to_hsv
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CARD_WIDTH, CARD_HEIGHT = 1200, 630
PANEL = 500
MARGIN = 64
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SITE_CARD = "previews/_issuer.png"
"""The card of badges whose achievement is not defined on this site (no slug starts
with ``_``, so it cannot collide)."""

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]
_INK, _MUTED, _PAPER = (29, 35, 48), (91, 100, 118), (255, 255, 255)


def preview_path(slug: str | None) -> str:
    """Where the preview card of achievement ``slug`` is published."""
    return f"previews/{slug}.png" if slug else SITE_CARD


def kind_label(achievement_type: str) -> str:
    """``Certificate Of Completion`` from ``CertificateOfCompletion`` (or ``ext:…``)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", achievement_type.removeprefix("ext:"))


@cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans (bold) at ``size`` px if installed, else Pillow's default font."""
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _colour(name: str, art: Image.Image | None) -> RGB:
    """The panel colour: the art's mean opaque colour, else one chosen by the name;
    either way dark enough for white text."""
    if art is not None:
        small = art.convert("RGBA").resize((24, 24), Image.Resampling.BOX)
        pixels: list[tuple[int, ...]] = []
        for y in range(24):
            for x in range(24):
                pixel = small.getpixel((x, y))
                if isinstance(pixel, tuple) and pixel[3] > 200:
                    pixels.append(pixel)
        if pixels:
            r, g, b = (sum(p[i] for p in pixels) / len(pixels) / 255 for i in range(3))
            hue, sat, _ = rgb_to_hsv(r, g, b)
            return _rgb(hue, max(sat, 0.45), 0.42)
    digest = hashlib.sha256(name.encode()).digest()
    return _rgb(digest[0] / 256, 0.55, 0.42)


def _rgb(hue: float, sat: float, value: float) -> RGB:
    r, g, b = hsv_to_rgb(hue, min(sat, 0.85), value)
    return round(r * 255), round(g * 255), round(b * 255)


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int,
          max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width`` px; the last
    line ends with an ellipsis when text is left over."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while len(line) > 1 and draw.textlength(line, font=face) > width:  # one long word
            cut = len(line) - 1
            while cut > 1 and draw.textlength(line[:cut] + "-", font=face) > width:
                cut -= 1
            lines.append(line[:cut] + "-")
            line = line[cut:]
            if len(lines) == max_lines:
                words.insert(0, line)
                break
        else:
            while words and draw.textlength(f"{line} {words[0]}", font=face) <= width:
                line += " " + words.pop(0)
            lines.append(line)
    if words and lines:
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > width:
            last = last[:-1]
        lines[-1] = last.rstrip(" -") + "…"
    return lines


def _initials(name: str) -> str:
    letters = [w[0] for w in name.split() if w[:1].isalnum()]
    return "".join(letters[:2]).upper() or "★"


def _draw_badge(draw: ImageDraw.ImageDraw, name: str, colour: RGB) -> None:
    """A round badge with a ribbon and the initials, for achievements without a PNG."""
    cx, cy, r = PANEL // 2, CARD_HEIGHT // 2 - 20, 170
    ribbon = [(cx - 90, cy + 90), (cx - 20, cy + 120), (cx - 55, cy + 245), (cx - 90, cy + 215),
              (cx - 120, cy + 245)]
    draw.polygon(ribbon, fill=(235, 238, 245))
    draw.polygon([(2 * cx - x, y) for x, y in ribbon], fill=(235, 238, 245))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_PAPER)
    draw.ellipse((cx - r + 18, cy - r + 18, cx + r - 18, cy + r - 18), fill=colour)
    draw.ellipse((cx - r + 30, cy - r + 30, cx + r - 30, cy + r - 30), outline=_PAPER, width=4)
    draw.text((cx, cy), _initials(name), font=font(120, bold=True), fill=_PAPER, anchor="mm")


def _paste_art(card: Image.Image, art: Image.Image) -> None:
    art = art.convert("RGBA")
    box = (PANEL - 2 * MARGIN, CARD_HEIGHT - 2 * MARGIN)
    scale = min(box[0] / art.width, box[1] / art.height)
    size = (max(1, round(art.width * scale)), max(1, round(art.height * scale)))
    art = art.resize(size, Image.Resampling.LANCZOS)
    card.alpha_composite(art, ((PANEL - size[0]) // 2, (CARD_HEIGHT - size[1]) // 2))


@lru_cache(maxsize=32)
def _panel(badge_name: str, art_png: bytes | None) -> tuple[Image.Image, RGB]:
    """A blank card with its left panel drawn, and the accent colour, for the badge
    ``badge_name`` (cached: the cards of all recipients of a badge share it).

    Raises:
        OSError: ``art_png`` is not an image Pillow can read.
    """
    art = Image.open(io.BytesIO(art_png)) if art_png is not None else None
    if art is not None:
        art.load()
    colour = _colour(badge_name, art)
    card = Image.new("RGBA", (CARD_WIDTH, CARD_HEIGHT), _PAPER)
    draw = ImageDraw.Draw(card)
    if art is not None:  # the art's own colours on a pale tint of them
        tint = tuple(round(c + (255 - c) * 0.88) for c in colour)
        draw.rectangle((0, 0, PANEL, CARD_HEIGHT), fill=tint)
        draw.rectangle((PANEL - 8, 0, PANEL, CARD_HEIGHT), fill=colour)
        _paste_art(card, art)
    else:
        draw.rectangle((0, 0, PANEL, CARD_HEIGHT), fill=colour)
        _draw_badge(draw, badge_name, colour)
    return card, colour


def preview_card(title: str, issuer: str, footer: str, art_png: bytes | None,
                 kind: str = "Open Badge", *, badge_name: str | None = None) -> bytes:
    """Draw a preview card.

    Args:
        title: The achievement's name, or who earned what (up to three lines, then an
            ellipsis).
        issuer: The issuer's name.
        footer: A short line at the bottom (the site's address).
        art_png: The badge art as PNG, or ``None`` to draw a badge with initials.
        kind: The small label above the title.
        badge_name: The achievement's name, which picks the colour and the initials
            (default: ``title``).

    Returns:
        The PNG bytes, 1200x630, with a palette of 256 colours (a third of the size of
        full colour, and no visible difference for badge art and text).

    Raises:
        OSError: ``art_png`` is not an image Pillow can read.
    """
    panel, colour = _panel(badge_name or title, art_png)
    card = panel.copy()
    draw = ImageDraw.Draw(card)
    left, width = PANEL + MARGIN, CARD_WIDTH - PANEL - 2 * MARGIN
    draw.text((left, 78), kind.upper(), font=font(26, bold=True), fill=colour)
    y = 130
    for line in _wrap(draw, title, font(60, bold=True), width, 3):
        draw.text((left, y), line, font=font(60, bold=True), fill=_INK)
        y += 74
    y += 24
    draw.rectangle((left, y, left + 96, y + 6), fill=colour)
    y += 36
    for line in _wrap(draw, f"Issued by {issuer}", font(34), width, 2):
        draw.text((left, y), line, font=font(34), fill=_MUTED)
        y += 46
    [footer_line] = _wrap(draw, footer, font(24), width, 1) or [""]
    draw.text((left, CARD_HEIGHT - 70), footer_line, font=font(24), fill=_MUTED)
    out = io.BytesIO()
    card.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()
