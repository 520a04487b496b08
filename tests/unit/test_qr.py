"""The QR codes of badge pages: the modules zxing-cpp's own mask search gives, for every
version, and an SVG that a scanner reads back."""

from __future__ import annotations

import io
import random
import string

import pytest
import resvg_py
import zxingcpp
from PIL import Image

from badgepress.pages.qr import GUARD, Modules, qr_modules, qr_svg

ALPHABET = string.ascii_letters + string.digits + "/:.-_~?=&%#"


def reference(data: str) -> Modules:
    """The code zxing-cpp makes choosing the mask itself."""
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    pixels = bytes(image)  # type: ignore[call-overload]
    dark = sum(1 << (y * (size + GUARD) + x) for y in range(size) for x in range(size)
               if pixels[y * size + x] == 0)
    return Modules(size, size + GUARD, dark)


def decode(svg: str) -> list[str]:
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=400, height=400))
    with Image.open(io.BytesIO(png)) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


@pytest.mark.parametrize("length", [1, 20, 60, 69, 85, 120, 200, 400, 800, 1400, 2300])
def test_mask_is_the_one_the_penalty_rules_choose(length: int) -> None:
    rng = random.Random(length)
    for _ in range(25):
        data = "https://" + "".join(rng.choices(ALPHABET, k=length))
        assert qr_modules(data) == reference(data), data


def test_every_version_matches_the_reference_encoder() -> None:
    sizes = set()
    rng = random.Random(40)
    for length in range(1, 2332, 7):  # byte mode: 14 bytes (version 1) to 2331 (40)
        data = "".join(rng.choices(ALPHABET, k=length))
        modules = qr_modules(data)
        sizes.add(modules.size)
        assert modules == reference(data), data
    assert sizes == {17 + 4 * version for version in range(1, 41)}


@pytest.mark.parametrize("data", [
    "https://bench-academy.github.io/badges/badges/22eg3mzzqhi2677nrf3txmflcu/",
    "https://bench-academy.github.io/badges/badges/22eg3mzzqhi2677nrf3txmflcu/credential.json",
    "https://example.org/a",
])
def test_svg_scans_back_to_its_data(data: str) -> None:
    assert decode(qr_svg(data, label="QR code")) == [data]


def test_label_is_escaped() -> None:
    svg = qr_svg("https://example.org/", label='"><script>alert(1)</script>')
    assert "<script>" not in svg
    assert 'aria-label="&quot;&gt;&lt;script&gt;' in svg
