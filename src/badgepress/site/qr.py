"""QR codes as small inline SVG: one stroked line per run of dark modules.

``qrcode`` computes the module matrix. Its own SVG path factory (``SvgPathImage``)
writes one square sub-path per dark module, about 11 KB for a badge URL; joining each
row's runs of dark modules into one horizontal stroke gives the same picture in about
a fifth of that, and the page stays small. ``shape-rendering="crispEdges"`` keeps the
edges sharp on screen; in print the SVG is vector, so it is sharp at any size.
"""

from __future__ import annotations

from html import escape

import qrcode
import qrcode.constants

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules for ``data`` (``True`` is dark), without the quiet zone.

    Error correction level M (15 %): it survives a crease or a smudge on paper.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.modules]


def _path(matrix: list[list[bool]]) -> str:
    """Path data drawing each run of dark modules as one stroke through its middle."""
    parts: list[str] = []
    for y, row in enumerate(matrix):
        x, pen = 0, None  # pen: where the previous run on this row ended
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            move = f"M{start} {y}.5" if pen is None else f"m{start - pen} 0"
            parts.append(f"{move}h{x - start}")
            pen = x
    return "".join(parts)


def qr_svg(data: str, *, label: str) -> str:
    """An inline ``<svg>`` QR code of ``data``, with ``label`` as its accessible name.

    The result is markup: insert it unescaped. ``data`` only shapes the path, and
    ``label`` is escaped here.
    """
    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET_ZONE
    return (f'<svg class="bp-qr-code" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="-{QUIET_ZONE} -{QUIET_ZONE} {size} {size}" role="img" '
            f'aria-label="{escape(label)}" shape-rendering="crispEdges">'
            f'<rect x="-{QUIET_ZONE}" y="-{QUIET_ZONE}" width="{size}" height="{size}" '
            f'fill="#fff"/><path stroke="#000" d="{_path(matrix)}"/></svg>')
