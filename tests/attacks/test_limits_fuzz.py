"""Fuzzing: malformed input anywhere ends in the project's own errors or a report, never a
crash (issue 12, class 6). Derandomized and small here; ``scripts/fuzz SECONDS`` runs the
same properties longer with fresh seeds (``BADGEPRESS_FUZZ_EXAMPLES`` sets the size)."""

from __future__ import annotations

import base64
import contextlib
import copy
import gzip
import json
import os
import zlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgepress.baking import extract_credential
from badgepress.baking.png import PNG_SIGNATURE, iter_chunks, make_chunk
from badgepress.errors import BadgeError, DocumentError, StatusError
from badgepress.model.credential import Credential
from badgepress.model.document import load_json
from badgepress.report import Report
from badgepress.status.bitstring import Bitstring
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential, verify_status_list
from tests.conftest import REFERENCE
from tests.helpers import ISSUER_DID, did_document, signed_credential, unsigned_credential
from tests.reference.verdicts.generate_limits import STATUS_URL, status_list

EXAMPLES = int(os.environ.get("BADGEPRESS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, derandomize="BADGEPRESS_FUZZ_EXAMPLES" not in os.environ,
                deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SIGNED = signed_credential(unsigned_credential(credentialStatus={
    "id": f"{STATUS_URL}#5", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
    "statusListIndex": "5", "statusListCredential": STATUS_URL}))
STATUS_LIST = status_list(Bitstring().encode())
TRUST = Trust.offline(did_documents={ISSUER_DID: did_document()},
                      status=LocalStatus({STATUS_URL: STATUS_LIST}))
PNG = (REFERENCE / "examples" / "baked" / "ob3-simple-baked.png").read_bytes()
SVG = (REFERENCE / "examples" / "baked" / "ob3-simple-baked.svg").read_bytes()

KEYWORDS = ["@context", "@id", "@type", "@value", "@list", "@set", "@graph", "@language",
            "@reverse", "@included", "@nest", "@index", "@json", "@vocab", "@base",
            "id", "type", "name", "proof", "issuer", "credentialStatus", "validFrom",
            "encodedList", "statusListIndex", "verificationMethod", "achievement"]
TEXTS = st.sampled_from(["", "x", "u", "z", "_:b0", "@id", "did:web:", "did:key:z6Mk",
                         "https://example.org/", "2024-13-45T99:00:00Z", "\x00", "\u202e",
                         "VerifiableCredential", "OpenBadgeCredential", "DataIntegrityProof",
                         "eddsa-rdfc-2022"]) | st.text(max_size=12)
SCALARS = (st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1)
           | st.floats(allow_nan=False, allow_infinity=False) | TEXTS)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYWORDS) | TEXTS, inner, max_size=4),
                    max_leaves=12)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one to three places replaced, deleted or given a new member."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(result)))
        parent: Any = result
        for step in path[:-1]:
            parent = parent[step]
        target = parent[path[-1]] if path else result
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYWORDS))] = draw(JSON)
        elif action == "delete" and path and isinstance(parent, dict):
            del parent[path[-1]]
        elif path:
            parent[path[-1]] = draw(JSON)
    return result


def _reported(report: Report) -> None:
    assert isinstance(report, Report)
    assert report.checks and all(isinstance(c.message, str) for c in report.checks)


@FUZZ
@given(mutated(SIGNED))
def test_check_credential_reports_every_mutated_credential(document: dict[str, Any]) -> None:
    _reported(check_credential(document, TRUST))
    _reported(check_credential(json.dumps(document).encode(), TRUST))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_check_credential_reports_any_bytes(data: bytes) -> None:
    _reported(check_credential(data, TRUST, path="fuzz.json"))


@FUZZ
@given(JSON | mutated(SIGNED))
def test_credential_parse_raises_only_document_errors(document: Any) -> None:
    with contextlib.suppress(DocumentError):
        Credential.parse(document)


@FUZZ
@given(mutated(STATUS_LIST))
def test_verify_status_list_raises_only_status_errors(document: dict[str, Any]) -> None:
    trust = Trust.offline(did_documents={ISSUER_DID: did_document()},
                          status=LocalStatus({STATUS_URL: document}))
    with contextlib.suppress(StatusError):
        verify_status_list(STATUS_URL, trust)


def _encoded(packed: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


GZIPPED = gzip.compress(bytes(16384), mtime=0)


@FUZZ
@given(st.text(max_size=40) | st.binary(max_size=60).map(_encoded)
       | st.builds(lambda cut, flip: _encoded(bytes(
           b ^ flip if i == cut else b for i, b in enumerate(GZIPPED))),
           st.integers(0, len(GZIPPED) - 1), st.integers(0, 255))
       | st.integers(0, len(GZIPPED)).map(lambda cut: _encoded(GZIPPED[:cut])) | JSON)
def test_bitstring_decode_raises_only_status_errors(encoded: Any) -> None:
    with contextlib.suppress(StatusError):
        Bitstring.decode(encoded)


def _compressed_png() -> bytes:
    """The reference PNG with its credential in a zlib-compressed iTXt chunk."""
    chunks = list(iter_chunks(PNG))
    text = zlib.compress(json.dumps(SIGNED).encode())
    baked = make_chunk(b"iTXt", b"openbadgecredential\x00\x01\x00\x00\x00" + text)
    plain = b"".join(make_chunk(c.type, c.data) for c in chunks[:-1] if c.type != b"iTXt")
    return PNG_SIGNATURE + plain + baked + make_chunk(b"IEND", b"")


def _corrupt(data: bytes, at: int, value: int, cut: int) -> bytes:
    at %= max(len(data), 1)
    changed = data[:at] + bytes([value]) + data[at + 1:]
    return changed[:len(changed) - cut]


@FUZZ
@given(st.sampled_from([PNG, SVG, _compressed_png(), b"\xef\xbb\xbf" + SVG]),
       st.integers(0, 10**6), st.integers(0, 255), st.integers(0, 40))
def test_baked_image_extraction_raises_only_document_errors(
        image: bytes, at: int, value: int, cut: int) -> None:
    try:
        text = extract_credential(_corrupt(image, at, value, cut), path="badge")
    except DocumentError:
        return
    with contextlib.suppress(BadgeError):
        load_json(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=200))
def test_extraction_of_arbitrary_bytes_raises_only_document_errors(data: bytes) -> None:
    for prefix in (b"", b"\x89PNG\r\n\x1a\n", b"<svg xmlns='http://www.w3.org/2000/svg'>"):
        with contextlib.suppress(DocumentError):
            extract_credential(prefix + data)
