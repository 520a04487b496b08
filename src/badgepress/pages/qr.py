"""QR codes as small inline SVG: one stroked line per run of dark modules.

zxing-cpp (the C++ ZXing port, encoding with Zint) lays out the modules. Its own choice
of mask pattern, by the standard's penalty rules, takes most of its time: 0.3-0.45 ms a
code, against 0.05 ms with the mask given. So it lays out the code once with mask 0, and
the eight candidates are scored here, each as one Python integer of bits (a row per
``stride`` bits, with light guard bits between rows) so that each penalty rule is a few
shifts and bit counts over the whole symbol. The scores are Zint's, rule for rule, and a
tie goes to the lower mask, as in Zint: the modules are those zxing-cpp would choose
(``tests/unit/test_qr.py`` checks it over every version).

Joining each row's runs of dark modules into one horizontal stroke keeps the SVG to about
2 KB (one square per module would be five times that); the path is assembled from a
table of its words rather than a formatted string per run. ``shape-rendering=
"crispEdges"`` keeps the edges sharp on screen; in print the SVG is vector, so it is
sharp at any size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape

import zxingcpp

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""
GUARD = 4
"""Light bits after each row of a module integer: a pattern rule never spans two rows."""
EC_LEVEL = "M"
"""Error correction level M (15 %): it survives a crease or a smudge on paper."""
_EC_BITS = 0b00
"""Level M in the format information."""
_FORMAT_GENERATOR, _FORMAT_XOR = 0x537, 0x5412
_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda y, x: (y + x) % 2 == 0,
    lambda y, x: y % 2 == 0,
    lambda y, x: x % 3 == 0,
    lambda y, x: (y + x) % 3 == 0,
    lambda y, x: (y // 2 + x // 3) % 2 == 0,
    lambda y, x: (y * x) % 2 + (y * x) % 3 == 0,
    lambda y, x: ((y * x) % 2 + (y * x) % 3) % 2 == 0,
    lambda y, x: ((y + x) % 2 + (y * x) % 3) % 2 == 0,
)
"""The data mask patterns 0-7: a module is flipped where the pattern holds."""
_DARK_BITS = bytes.maketrans(b"\x00\xff", b"10")
_PATH_WORDS = re.compile(r"[^01]0*(?=1)|1+|0++1+")
"""The words of a path over rows that each start with a row mark (a character above 0xff):
the row mark with the light run before its first dark run, a dark run, or a light run
and the dark run after it. Light modules at the end of a row are no word."""
_ROW_MARK = 0x100


@dataclass(frozen=True)
class Layout:
    """What every QR code of one size shares: its module integers' geometry, the data
    modules each mask flips, and each mask's format information."""

    size: int
    stride: int
    inside: int
    """Every module of the symbol."""
    masks: tuple[int, ...]
    formats: tuple[int, ...]
    """The dark modules of the format information with each mask."""
    format_area: int


@dataclass(frozen=True)
class Modules:
    """A QR code's modules: bit ``y * stride + x`` is set for a dark module."""

    size: int
    stride: int
    dark: int

    def row(self, y: int) -> str:
        """Row ``y`` as ``0`` (light) and ``1`` (dark) characters."""
        start = y * self.stride
        return f"{self.dark >> start & ((1 << self.size) - 1):0{self.size}b}"[::-1]


def _alignment_centres(version: int) -> tuple[int, ...]:
    """The rows (and columns) of the alignment patterns' centres."""
    if version == 1:
        return ()
    count = version // 7 + 2
    last = 4 * version + 10
    step = 26 if version == 32 else (4 * version + 2 * count + 1) // (2 * count - 2) * 2
    return (6, *(last - step * i for i in range(count - 2, -1, -1)))


def _format_word(mask: int) -> int:
    """The 15 format bits for level M and ``mask`` (BCH code, then the fixed XOR)."""
    data = _EC_BITS << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = remainder << 1 ^ (remainder >> 9) * _FORMAT_GENERATOR
    return (data << 10 | remainder) ^ _FORMAT_XOR


def _function_modules(size: int) -> tuple[set[tuple[int, int]], tuple[list[tuple[int, int]], ...]]:
    """The modules no mask flips, and the two copies of the format information (most
    significant bit first)."""
    version = (size - 17) // 4
    fixed: set[tuple[int, int]] = {(6, i) for i in range(size)} | {(i, 6) for i in range(size)}
    for top, left in ((0, 0), (0, size - 8), (size - 8, 0)):  # finders and separators
        fixed.update((y, x) for y in range(top, top + 8) for x in range(left, left + 8))
    centres = _alignment_centres(version)
    beside_finders = {(6, 6), (6, centres[-1]), (centres[-1], 6)} if centres else set()
    for cy in centres:
        for cx in centres:
            if (cy, cx) not in beside_finders:
                fixed.update((y, x) for y in range(cy - 2, cy + 3) for x in range(cx - 2, cx + 3))
    copies = ([(8, x) for x in (0, 1, 2, 3, 4, 5, 7, 8)] + [(y, 8) for y in (7, 5, 4, 3, 2, 1, 0)],
              [(size - 1 - i, 8) for i in range(7)] + [(8, size - 8 + i) for i in range(8)])
    fixed.update(p for copy in copies for p in copy)
    fixed.add((size - 8, 8))  # the dark module
    if version >= 7:  # version information
        fixed.update((y, x) for y in range(6) for x in range(size - 11, size - 8))
        fixed.update((y, x) for y in range(size - 11, size - 8) for x in range(6))
    return fixed, copies


@cache
def layout(size: int) -> Layout:
    """The layout of QR codes of ``size`` modules a side."""
    fixed, copies = _function_modules(size)
    stride = size + GUARD
    cells = [(y, x) for y in range(size) for x in range(size)]

    def bits(where: list[tuple[int, int]]) -> int:
        return sum(1 << (y * stride + x) for y, x in where)

    formats = []
    for mask in range(len(_MASKS)):
        word = _format_word(mask)
        formats.append(bits([p for copy in copies for i, p in enumerate(copy)
                             if word >> (14 - i) & 1]))
    return Layout(size, stride, bits(cells),
                  tuple(bits([(y, x) for y, x in cells if (y, x) not in fixed and m(y, x)])
                        for m in _MASKS),
                  tuple(formats), bits([p for copy in copies for p in copy]))


def penalty(dark: int, shape: Layout) -> int:
    """The penalty score of a masked symbol, by Zint's reading of the standard's rules:
    N1 (runs of five or more in a row or column), N2 (2x2 blocks), N3 (1:1:3:1:1 with
    four light modules, or the edge, on either side) and N4 (dark proportion)."""
    s = shape.stride
    light = shape.inside & ~dark
    score = 0
    for t in (1, s):  # along rows, then along columns
        next_dark = dark >> t
        middle = dark & dark >> 2 * t & dark >> 3 * t & dark >> 4 * t  # dark at 0, 2, 3, 4
        fives = (middle & next_dark
                 | light & light >> t & light >> 2 * t & light >> 3 * t & light >> 4 * t)
        score += fives.bit_count() + 2 * (fives & ~(fives << t)).bit_count()
        finder = middle & ~next_dark & ~(dark >> 5 * t) & dark >> 6 * t
        if finder:
            before = dark << t | dark << 2 * t | dark << 3 * t | dark << 4 * t
            after = dark >> 7 * t | dark >> 8 * t | dark >> 9 * t | dark >> 10 * t
            score += 40 * (finder & ~(before & after)).bit_count()
    blocks = (dark & dark >> 1 & dark >> s & dark >> s + 1
              | light & light >> 1 & light >> s & light >> s + 1)
    score += 3 * blocks.bit_count()
    share = 100.0 * dark.bit_count() / (shape.size * shape.size)
    return score + 10 * int(abs(share - 50.0) / 5.0)


def qr_modules(data: str) -> Modules:
    """The QR code of ``data`` at level M, with the mask the penalty rules choose."""
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL,
                                   data_mask=0)
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    flat = bytes(image).translate(_DARK_BITS)  # type: ignore[call-overload]  # a buffer
    shape = layout(size)
    rows = [flat[start:start + size] for start in range(0, size * size, size)]
    masked = int((b"0" * GUARD).join(rows)[::-1], 2)  # bit y * stride + x: row y, column x
    plain = (masked ^ shape.masks[0]) & ~shape.format_area
    candidates = [plain ^ mask | fmt for mask, fmt in zip(shape.masks, shape.formats, strict=True)]
    best = min(range(len(candidates)), key=lambda m: penalty(candidates[m], shape))
    return Modules(size, shape.stride, candidates[best])


@cache
def _path_words(size: int) -> dict[str, str]:
    """Each word of ``_PATH_WORDS`` in a ``size``-module code, as path data."""
    words = {}
    for dark in range(1, size + 1):
        words["1" * dark] = f"h{dark}"
        for gap in range(1, size + 1):
            words["0" * gap + "1" * dark] = f"m{gap} 0h{dark}"
    for y in range(size):
        for lead in range(size):
            words[chr(_ROW_MARK + y) + "0" * lead] = f"M{lead} {y}.5"
    return words


def _path(modules: Modules) -> str:
    """Path data drawing each run of dark modules as one stroke through its middle: to
    the row's first run (absolute), then each run after a gap (relative)."""
    size, stride = modules.size, modules.stride
    bits = f"{modules.dark:0{size * stride}b}"[::-1]
    text = "".join([chr(_ROW_MARK + y) + bits[y * stride:y * stride + size]
                    for y in range(size)])
    return "".join(map(_path_words(size).__getitem__, _PATH_WORDS.findall(text)))


def qr_svg(data: str, *, label: str) -> str:
    """An inline ``<svg>`` QR code of ``data``, with ``label`` as its accessible name.

    The result is markup: insert it unescaped. ``data`` only shapes the path, and
    ``label`` is escaped here.
    """
    modules = qr_modules(data)
    size = modules.size + 2 * QUIET_ZONE
    return (f'<svg class="bp-qr-code" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="-{QUIET_ZONE} -{QUIET_ZONE} {size} {size}" role="img" '
            f'aria-label="{escape(label)}" shape-rendering="crispEdges">'
            f'<rect x="-{QUIET_ZONE}" y="-{QUIET_ZONE}" width="{size}" height="{size}" '
            f'fill="#fff"/><path stroke="#000" d="{_path(modules)}"/></svg>')
