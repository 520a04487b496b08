"""Baked badges: PNG iTXt and SVG embedding, the reference samples and hostile images."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from badgepress.baking import bake, detect, extract_credential
from badgepress.baking.png import bake_png, make_chunk, unbake_png
from badgepress.baking.svg import OB3_NAMESPACE, bake_svg, unbake_svg
from badgepress.errors import DocumentError
from tests.conftest import REFERENCE

CREDENTIAL = '{"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "Test badge"}'
UNICODE_CREDENTIAL = '{"name": "Café diploma 日本語", "emoji": "🎓"}\n'
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


def reference_file(*parts: str) -> Path:
    path = REFERENCE.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"reference file missing: {path}")
    return path


def without_proof(document: Any) -> Any:
    assert isinstance(document, dict)
    return {key: value for key, value in document.items() if key != "proof"}


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (4, 3), (200, 30, 60, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def chunk_types(png: bytes) -> list[bytes]:
    types, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack_from(">I", png, pos)
        types.append(png[pos + 4 : pos + 8])
        pos += 12 + length
    return types


def insert_before_iend(png: bytes, chunk: bytes) -> bytes:
    iend = png.rindex(b"IEND") - 4
    return png[:iend] + chunk + png[iend:]


# --- reference samples --------------------------------------------------------------------


def test_reference_png_and_svg_hold_the_simple_credential() -> None:
    """The 1EdTech samples embed the simple credential, re-signed (another key and date).

    So every member but ``proof`` equals the signed example, and both samples agree.
    """
    expected = json.loads(
        reference_file("examples", "ob3-simple-openbadgecredential.signed.json").read_text("utf-8")
    )
    png = reference_file("examples", "baked", "ob3-simple-baked.png").read_bytes()
    svg = reference_file("examples", "baked", "ob3-simple-baked.svg").read_bytes()
    from_png = json.loads(extract_credential(png))
    from_svg = json.loads(extract_credential(svg))
    assert from_png == from_svg
    assert without_proof(from_png) == without_proof(expected)
    assert from_png["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"


def test_reference_samples_refuse_a_second_bake() -> None:
    png = reference_file("examples", "baked", "ob3-simple-baked.png").read_bytes()
    svg = reference_file("examples", "baked", "ob3-simple-baked.svg").read_text("utf-8")
    with pytest.raises(DocumentError, match="already baked"):
        bake_png(png, CREDENTIAL)
    with pytest.raises(DocumentError, match="already baked"):
        bake_svg(svg, CREDENTIAL)


# --- PNG ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [CREDENTIAL, UNICODE_CREDENTIAL])
def test_png_round_trip_is_byte_identical(text: str) -> None:
    baked = bake_png(small_png(), text)
    assert unbake_png(baked) == text
    assert extract_credential(baked) == text


def test_baked_png_is_still_a_valid_png() -> None:
    original = small_png()
    baked = bake_png(original, UNICODE_CREDENTIAL)
    with Image.open(io.BytesIO(baked)) as image:
        image.verify()
    with Image.open(io.BytesIO(baked)) as image:
        assert image.size == (4, 3)
        image.load()  # Pillow reads text chunks after IDAT only when loading
        assert image.info.get("openbadgecredential") == UNICODE_CREDENTIAL


def test_png_chunk_goes_right_before_iend_and_nothing_else_changes() -> None:
    original = small_png()
    baked = bake_png(original, CREDENTIAL)
    assert chunk_types(baked)[-2:] == [b"iTXt", b"IEND"]
    chunk = make_chunk(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00" + CREDENTIAL.encode())
    assert baked.replace(chunk, b"") == original


def test_png_rebake_is_refused() -> None:
    baked = bake_png(small_png(), CREDENTIAL)
    with pytest.raises(DocumentError, match="already baked; unbake it first"):
        bake_png(baked, CREDENTIAL)


def test_png_with_ob2_chunk_counts_as_baked_and_unbakes() -> None:
    ob2 = make_chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + b'{"ob": 2}')
    png = insert_before_iend(small_png(), ob2)
    with pytest.raises(DocumentError, match="already baked"):
        bake_png(png, CREDENTIAL)
    assert unbake_png(png) == '{"ob": 2}'


def test_png_prefers_the_ob3_keyword() -> None:
    ob2 = make_chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + b'{"ob": 2}')
    png = bake_png(small_png(), CREDENTIAL)
    ihdr_end = 8 + 25  # the OB 2.0 chunk comes first in the file
    png = png[:ihdr_end] + ob2 + png[ihdr_end:]
    assert unbake_png(png) == CREDENTIAL


def test_png_with_corrupted_crc_is_refused() -> None:
    baked = bytearray(bake_png(small_png(), CREDENTIAL))
    iend = baked.rindex(b"IEND") - 4
    baked[iend - 1] ^= 0xFF  # last byte of the iTXt CRC
    with pytest.raises(DocumentError, match="bad CRC"):
        unbake_png(bytes(baked))


def test_png_with_tampered_text_is_refused() -> None:
    baked = bake_png(small_png(), CREDENTIAL)
    with pytest.raises(DocumentError, match="bad CRC"):
        unbake_png(baked.replace(b"Test badge", b"Fake badge"))


def test_png_with_bad_signature_is_refused() -> None:
    with pytest.raises(DocumentError, match="signature"):
        unbake_png(b"\x89PNG\r\n\x1a\x00" + small_png()[8:])
    with pytest.raises(DocumentError, match="signature"):
        bake_png(b"GIF89a", CREDENTIAL)


def test_truncated_png_is_refused() -> None:
    baked = bake_png(small_png(), CREDENTIAL)
    with pytest.raises(DocumentError, match="truncated"):
        unbake_png(baked[: baked.index(b"iTXt") + 30])
    with pytest.raises(DocumentError, match="truncated"):
        unbake_png(baked[:-12])  # no IEND


def test_png_without_credential_says_so() -> None:
    with pytest.raises(DocumentError, match="no Open Badges credential is baked into this PNG"):
        unbake_png(small_png())


def test_compressed_itxt_is_read_when_valid_zlib() -> None:
    data = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(UNICODE_CREDENTIAL.encode())
    png = insert_before_iend(small_png(), make_chunk(b"iTXt", data))
    assert unbake_png(png) == UNICODE_CREDENTIAL


def test_compressed_itxt_with_bad_zlib_is_refused() -> None:
    data = b"openbadgecredential\x00\x01\x00\x00\x00" + b"not zlib at all"
    png = insert_before_iend(small_png(), make_chunk(b"iTXt", data))
    with pytest.raises(DocumentError, match="not valid zlib"):
        unbake_png(png)


def test_malformed_itxt_is_refused() -> None:
    png = insert_before_iend(small_png(), make_chunk(b"iTXt", b"openbadgecredential\x00\x00\x00"))
    with pytest.raises(DocumentError, match="malformed"):
        unbake_png(png)


def test_png_refuses_empty_credential() -> None:
    with pytest.raises(DocumentError, match="empty"):
        bake_png(small_png(), "")


# --- SVG ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        CREDENTIAL,
        UNICODE_CREDENTIAL,
        '{"description": "a ]]> b ]]]]> c ]]"}',
        '{\r\n  "crlf": "and CR alone"\r}\r\n',
        '  {"padding": "&lt; <b> &amp;"}  ',
    ],
)
def test_svg_round_trip_is_byte_identical(text: str) -> None:
    baked = bake_svg(SVG, text)
    assert unbake_svg(baked) == text
    assert json.loads(unbake_svg(baked)) == json.loads(text)


def test_svg_bake_adds_namespace_and_element_after_root_tag() -> None:
    baked = bake_svg(SVG, CREDENTIAL)
    assert baked.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"'
        f' xmlns:openbadges="{OB3_NAMESPACE}"><openbadges:credential><![CDATA['
    )
    assert baked.endswith("]]></openbadges:credential><rect/></svg>")


def test_svg_bake_reuses_an_existing_declaration() -> None:
    svg = f'<?xml version="1.0"?>\n<svg xmlns:ob="{OB3_NAMESPACE}">\n<g/></svg>'
    baked = bake_svg(svg, CREDENTIAL)
    assert baked.count(OB3_NAMESPACE) == 1
    assert "<ob:credential>" in baked
    assert unbake_svg(baked) == CREDENTIAL


def test_svg_bake_into_self_closing_root() -> None:
    baked = bake_svg('<svg xmlns="http://www.w3.org/2000/svg" />', CREDENTIAL)
    assert baked.endswith("</openbadges:credential></svg>")
    assert unbake_svg(baked) == CREDENTIAL


def test_svg_bake_avoids_a_prefix_bound_elsewhere() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:other"><g/></svg>'
    baked = bake_svg(svg, CREDENTIAL)
    assert unbake_svg(baked) == CREDENTIAL
    assert 'xmlns:openbadges="urn:other"' in baked


def test_svg_rebake_is_refused() -> None:
    with pytest.raises(DocumentError, match="already baked; unbake it first"):
        bake_svg(bake_svg(SVG, CREDENTIAL), CREDENTIAL)


def test_svg_entity_expansion_is_refused() -> None:
    billion_laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        f'<svg xmlns:openbadges="{OB3_NAMESPACE}">'
        "<openbadges:credential>&lol2;</openbadges:credential></svg>"
    )
    with pytest.raises(DocumentError, match="DTD internal subset"):
        unbake_svg(billion_laughs)
    with pytest.raises(DocumentError, match="DTD internal subset"):
        bake_svg(billion_laughs.replace("&lol2;", ""), CREDENTIAL)


def test_svg_external_entity_is_refused() -> None:
    xxe = (
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<svg xmlns:openbadges="{OB3_NAMESPACE}">'
        "<openbadges:credential>&xxe;</openbadges:credential></svg>"
    )
    with pytest.raises(DocumentError, match="DTD internal subset"):
        extract_credential(xxe.encode(), path="badges/xxe.svg")


def test_svg_plain_external_doctype_is_accepted() -> None:
    svg = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG
    )
    assert unbake_svg(bake_svg(svg, CREDENTIAL)) == CREDENTIAL


def test_svg_any_prefix_and_escaped_text_are_read() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="https://purl.imsglobal.org/ob/v3p0">'
        '<x:credential>{"a": "&lt;&amp;"}</x:credential></svg>'
    )
    assert unbake_svg(svg) == '{"a": "<&"}'


def test_svg_verify_attribute_is_read() -> None:
    svg = f'<svg xmlns:openbadges="{OB3_NAMESPACE}"><openbadges:credential verify="a.b.c"/></svg>'
    assert unbake_svg(svg) == "a.b.c"


def test_svg_wrong_namespace_is_not_a_credential() -> None:
    svg = '<svg xmlns:ob="urn:not-ob"><ob:credential>{}</ob:credential></svg>'
    with pytest.raises(DocumentError, match="no Open Badges credential is baked into this SVG"):
        unbake_svg(svg)


def test_svg_not_well_formed_is_refused() -> None:
    with pytest.raises(DocumentError, match="well-formed"):
        unbake_svg("<svg><g></svg>")
    with pytest.raises(DocumentError, match="not <svg>"):
        bake_svg('<html xmlns="http://www.w3.org/1999/xhtml"/>', CREDENTIAL)


# --- detection and dispatch ---------------------------------------------------------------


def test_detect_tells_the_four_formats_apart() -> None:
    assert detect(small_png()) == "png"
    assert detect(b"\neyJhbGciOiJFUzI1NiJ9.e30.c2ln\n") == "jwt"
    assert detect(b"\xef\xbb\xbf\n  <?xml version='1.0'?><svg/>") == "svg"
    assert detect(b'  \n{"a": 1}') == "json"
    with pytest.raises(DocumentError, match="not a PNG"):
        detect(b"GIF89a")


def test_extract_credential_passes_json_through() -> None:
    assert extract_credential(UNICODE_CREDENTIAL.encode()) == UNICODE_CREDENTIAL


def test_extract_credential_errors_carry_the_path() -> None:
    with pytest.raises(DocumentError) as caught:
        extract_credential(small_png(), path="badges/alice.png")
    assert caught.value.path == "badges/alice.png"
    assert str(caught.value).startswith("badges/alice.png: ")


def test_bake_dispatches_on_kind() -> None:
    baked_svg = bake(SVG.encode(), "svg", UNICODE_CREDENTIAL)
    assert extract_credential(baked_svg) == UNICODE_CREDENTIAL
    baked_png = bake(small_png(), "png", UNICODE_CREDENTIAL)
    assert extract_credential(baked_png) == UNICODE_CREDENTIAL
