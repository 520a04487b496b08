"""The badge art of an SVG-only achievement, rasterised for its link preview card with
resvg (``resvg-py``: the Rust renderer in a wheel, no system library).

An SVG can ask its renderer for more than pixels, so resvg only ever gets a document
that stands alone, and gets it in a child process with limits:

- **Nothing outside the file is loaded.** Every ``href`` (``xlink:href``) that is not a
  reference inside the document (``#id``) or a PNG, JPEG, GIF or WebP ``data:`` image is
  removed before rendering — what a browser does with an SVG shown by ``<img>``. resvg
  would otherwise read any local file such a reference names (it loads no URLs, and
  nothing from CSS). A nested SVG ``data:`` image is removed too: its own references
  would not be checked.
- **No entity expansion.** The SVG is parsed behind the baking guard, which refuses a
  DTD internal subset (an achievement image the site cannot bake fails the build anyway).
- **Bounded work.** At most ``MAX_BYTES`` of SVG and ``MAX_ELEMENTS`` elements; drawn to
  fit ``ART_BOX`` whatever sizes it declares; in a child process with ``MAX_SECONDS`` of
  time and ``MAX_MEMORY`` of address space, killed past either.

When any limit is hit, the card draws its initials badge and the build says why.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from badgepress.baking.svg import parse_svg
from badgepress.errors import DocumentError

MAX_BYTES = 4 * 1024 * 1024
MAX_ELEMENTS = 50_000
MAX_SECONDS = 5.0
MAX_MEMORY = 1024 * 1024 * 1024
ART_BOX = (744, 1004)
"""Twice the art's box on the card (it is scaled down with Lanczos there)."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_INLINE_IMAGE = re.compile(r"\s*data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)


@dataclass(frozen=True)
class Raster:
    """The outcome of rasterising one SVG: the PNG, or why there is none."""

    png: bytes | None
    problem: str | None = None


def self_contained(svg: str) -> bytes:
    """``svg`` without references to anything outside it, as UTF-8 XML.

    Raises:
        DocumentError: the SVG is not well-formed, has a DTD internal subset, or has
            more than ``MAX_ELEMENTS`` elements.
    """
    root = parse_svg(svg)
    for count, element in enumerate(root.iter(), 1):
        if count > MAX_ELEMENTS:
            raise DocumentError(f"the SVG has more than {MAX_ELEMENTS} elements")
        for name in _HREFS:
            value = element.get(name)
            if value is not None and not (value.strip().startswith("#")
                                          or _INLINE_IMAGE.match(value)):
                del element.attrib[name]
    return ET.tostring(root, encoding="unicode").encode("utf-8")


@lru_cache(maxsize=64)  # mkdocs serve rebuilds, and many sites in one process (tests)
def rasterise(data: bytes) -> Raster:
    """The PNG of the SVG ``data``, drawn to fit ``ART_BOX`` (see the module's limits)."""
    if len(data) > MAX_BYTES:
        return Raster(None, f"the SVG is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        document = self_contained(data.decode("utf-8"))
    except UnicodeDecodeError:
        return Raster(None, "the SVG is not UTF-8 text")
    except DocumentError as exc:
        return Raster(None, exc.message)
    with tempfile.TemporaryDirectory(prefix="badgepress-raster-") as empty:
        try:
            done = subprocess.run(  # our own module, run by this Python
                [sys.executable, "-I", "-m", "badgepress.pages.raster"], input=document,
                capture_output=True, timeout=MAX_SECONDS, cwd=empty, check=False)
        except subprocess.TimeoutExpired:
            return Raster(None, f"drawing the SVG took longer than {MAX_SECONDS:g} s")
    if done.returncode != 0 or not done.stdout.startswith(PNG_SIGNATURE):
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"the renderer stopped (exit status {done.returncode})"]
        return Raster(None, f"resvg could not draw it: {reason[0][:200]}")
    return Raster(done.stdout)


def rasterise_all(svgs: Sequence[bytes]) -> list[Raster]:
    """``rasterise`` each of ``svgs``, one child process per core at a time."""
    if len(svgs) < 2:
        return [rasterise(svg) for svg in svgs]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(rasterise, svgs))


def _child() -> None:  # pragma: no cover - runs in the child process (tested through it)
    """Read a self-contained SVG on stdin, write its PNG on stdout, within the limits."""
    import resvg_py

    if sys.platform != "win32":  # elsewhere the parent's time limit is the only one
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
        seconds = int(MAX_SECONDS) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    svg = sys.stdin.buffer.read().decode("utf-8")
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, width=ART_BOX[0], height=ART_BOX[1])
    except (ValueError, MemoryError) as exc:
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)
    sys.stdout.buffer.write(bytes(png))


if __name__ == "__main__":
    _child()
