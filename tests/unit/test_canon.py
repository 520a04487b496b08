"""Canonicalisation: identical to plain pyld, and refusing what pyld gets silently wrong."""

from __future__ import annotations

import copy
import json
import random
import socket
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from badgepress.errors import CanonicalizationError, ContextError
from badgepress.jsonld import BundledLoader, bundled_loader, canonicalize
from badgepress.jsonld.loader import read_context_bytes, read_manifest
from tests.helpers import signed_credential, unsigned_credential


def plain_pyld(document: Any) -> str:
    """What pyld as shipped produces, with the settings DI requires."""
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "base": None,
               "documentLoader": BundledLoader(), "rdfDirection": "i18n-datatype"}
    return jsonld.normalize(copy.deepcopy(document), options)  # type: ignore[no-any-return]


def varied_credentials(reference: Path) -> list[dict[str, Any]]:
    """Many different credentials: the references plus random variations."""
    rng = random.Random(7)
    docs = []
    for path in sorted((reference / "examples").glob("ob3-*.json")):
        doc = json.loads(path.read_bytes())
        doc.pop("proof", None)
        docs.append(doc)
    for n in range(40):
        doc = unsigned_credential(name=f"Badge {n} ü {rng.random()}")
        subject = doc["credentialSubject"]
        subject["achievement"]["tag"] = [f"t{rng.randrange(99)}" for _ in range(rng.randrange(4))]
        if n % 3 == 0:
            subject["achievement"]["alignment"] = [{
                "type": ["Alignment"], "targetName": f"Skill {n}",
                "targetUrl": f"https://example.org/skills/{n}"}]
        if n % 4 == 0:
            doc["evidence"] = [{"type": ["Evidence"], "id": f"https://example.org/e/{n}",
                                "narrative": "Line one\nline two\ttabbed"}]
        if n % 5 == 0:
            doc["validUntil"] = "2030-01-01T00:00:00Z"
        docs.append(doc)
    return docs


def test_output_identical_to_plain_pyld(reference: Path) -> None:
    """The context-cache fix in our processor must not change a single byte."""
    loader = bundled_loader()
    for document in varied_credentials(reference):
        assert canonicalize(document, loader) == plain_pyld(document)


def test_undefined_term_is_an_error_naming_term_and_pointer() -> None:
    document = unsigned_credential()
    document["credentialSubject"]["achievement"]["descripton"] = "typo"
    with pytest.raises(ContextError) as error:
        canonicalize(document, bundled_loader())
    assert "'descripton'" in error.value.message
    assert error.value.pointer == "/credentialSubject/achievement/descripton"


def test_signing_refuses_undefined_term() -> None:
    document = unsigned_credential(issuanceDate="2026-01-01T00:00:00Z")  # a VC 1.1 term
    with pytest.raises(ContextError, match="issuanceDate"):
        signed_credential(document)


@pytest.mark.parametrize("char", ["\b", "\f", "\x00", "\x1f", "\x7f", "\x0b"])
def test_control_characters_are_refused(char: str) -> None:
    document = unsigned_credential(name=f"Bad{char}name")
    with pytest.raises(CanonicalizationError) as error:
        canonicalize(document, bundled_loader())
    assert error.value.pointer == "/name"


def test_tab_and_newlines_are_fine() -> None:
    document = unsigned_credential(name="Line\none\ttab\r")
    assert "\\n" in canonicalize(document, bundled_loader())


def test_relative_id_is_refused() -> None:
    document = unsigned_credential(id="badges/123")
    with pytest.raises(CanonicalizationError) as error:
        canonicalize(document, bundled_loader())
    assert error.value.pointer == "/id"


def test_unknown_context_is_an_error_not_a_fetch() -> None:
    document = unsigned_credential()
    document["@context"].append("https://example.org/my-context.json")
    with pytest.raises(ContextError) as error:
        canonicalize(document, bundled_loader())
    assert "context not bundled: https://example.org/my-context.json" in str(error.value)
    assert error.value.pointer == "/@context/2"


def test_loader_refuses_unknown_url() -> None:
    with pytest.raises(ContextError, match="context not bundled"):
        bundled_loader()("https://example.org/other", {})


def test_manifest_matches_files() -> None:
    import hashlib

    entries = read_manifest()
    assert {e.url for e in entries} >= {
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    }
    for entry in entries:
        assert hashlib.sha256(read_context_bytes(entry)).hexdigest() == entry.sha256


def test_no_socket_is_opened_while_signing_and_verifying(monkeypatch: pytest.MonkeyPatch) -> None:
    from badgepress.trust import Trust
    from badgepress.verify import check_credential
    from tests.helpers import ISSUER_DID, did_document

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    signed = signed_credential()
    report = check_credential(json.dumps(signed).encode(),
                              Trust.offline(did_documents={ISSUER_DID: did_document()}))
    assert report.ok, report.to_json()
