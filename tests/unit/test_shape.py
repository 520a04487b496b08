"""Compiled credential shapes: byte-identical to the general path on every reference file,
and substitution (not JSON-LD processing) for the second credential of a shape."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from badgepress.crypto.proof import audit_sample, proof_config
from badgepress.errors import BadgeError, CanonicalizationError
from badgepress.jsonld import bundled_loader, canonicalize
from badgepress.jsonld.loader import read_context_bytes, read_manifest
from badgepress.jsonld.shape import ShapeCache, skeleton
from tests.helpers import signed_credential, unsigned_credential


def documents_in(value: Any) -> list[dict[str, Any]]:
    """Every JSON object in a fixture file that has an ``@context`` (credentials, embedded
    ones, DID documents), without its proof."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if "@context" in value:
            found.append({k: v for k, v in value.items() if k != "proof"})
        for item in value.values():
            found.extend(documents_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(documents_in(item))
    return found


def outcome(canonicalise: Any, document: Any) -> str:
    try:
        return str(canonicalise(document))
    except BadgeError as exc:
        return f"{type(exc).__name__}: {exc.message} at {exc.pointer}"


def test_every_reference_fixture_canonicalises_byte_identically(reference: Path) -> None:
    """Each verdict case, field case, vector and example under tests/reference: the same
    N-Quads (or the same error) through a shape cache as by the general path — twice, so
    the second pass is substitution into templates the first compiled."""
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    documents = [doc for path in sorted(reference.rglob("*.json"))
                 if "node_modules" not in path.parts
                 for doc in documents_in(json.loads(path.read_bytes()))]
    assert len(documents) > 300
    expected = [outcome(lambda d: canonicalize(d, loader), d) for d in documents]
    for _ in range(2):
        assert [outcome(shapes.canonicalize, d) for d in documents] == expected
    assert shapes.stats.substituted > 300


def test_second_credential_of_a_shape_is_substituted() -> None:
    shapes = ShapeCache(bundled_loader())
    first = unsigned_credential()
    second = unsigned_credential(id="https://example-academy.github.io/badges/badges/zz9/",
                                 validFrom="2027-05-06T07:08:09Z")
    second["credentialSubject"]["identifier"][0]["identityHash"] = 'Grace "Amazing" Hopper\\'
    for document in (first, second):
        assert shapes.canonicalize(document) == canonicalize(document, bundled_loader())
    assert (shapes.stats.compiled, shapes.stats.substituted, shapes.stats.general) == (1, 2, 0)


@pytest.mark.parametrize("value", [
    "", " ", "Zoë 李 👩‍🔬", 'quote " backslash \\ tab \t newline \n return \r',
    "_:b0", "@id", "bpshape0z", "https://x.example/a b", "urn:uuid:1", "did:web:x",
    "obi:Thing", "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement", "1.5",
    "mailto:a@example.org", "xsd:string", "sec:proof",
])
@pytest.mark.parametrize("field", ["name", "id", "description"])
def test_awkward_value_gives_the_general_outcome(field: str, value: str) -> None:
    """Literal and IRI positions, with values that look like blank nodes, keywords,
    sentinels, compact IRIs, relative or spaced IRIs: the shape path never differs."""
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    shapes.canonicalize(unsigned_credential())
    document = copy.deepcopy(unsigned_credential())
    document["credentialSubject"]["achievement"][field] = value
    assert outcome(shapes.canonicalize, document) == \
        outcome(lambda d: canonicalize(d, loader), document)


@pytest.mark.parametrize("value", [0, 1, -7, 1.5, 42.0, 1e21, 1e-7, True, False, None])
def test_numbers_booleans_and_null_are_part_of_the_shape(value: Any) -> None:
    """JSON-LD writes numbers by type (integer vs double canonical form), booleans as
    typed literals and drops nulls: each value is its own shape, never a hole."""
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    document = unsigned_credential()
    document["credentialSubject"]["creditsEarned"] = value
    other = copy.deepcopy(document)
    other["credentialSubject"]["creditsEarned"] = 3
    assert skeleton(document)[0] != skeleton(other)[0]
    for doc in (other, document):
        assert outcome(shapes.canonicalize, doc) == \
            outcome(lambda d: canonicalize(d, loader), doc)


def test_equal_ids_merge_nodes_as_pyld_does() -> None:
    """Two JSON objects with one id are one node to pyld (its statements once each): the
    shape of distinct ids does not serve them."""
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    apart = unsigned_credential()
    apart["credentialSubject"]["achievement"]["creator"] = {
        "id": "https://example.org/other", "type": ["Profile"], "name": "Example Academy"}
    merged = copy.deepcopy(apart)
    merged["credentialSubject"]["achievement"]["creator"]["id"] = merged["issuer"]["id"]
    for document in (apart, merged, apart):
        assert shapes.canonicalize(document) == canonicalize(document, loader)


def test_array_length_is_part_of_the_shape() -> None:
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    for count in (0, 1, 2, 5, 1):
        document = unsigned_credential()
        document["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(count)]
        assert shapes.canonicalize(document) == canonicalize(document, loader)
    assert shapes.stats.compiled == 4


def test_proof_configuration_is_substituted() -> None:
    loader = bundled_loader()
    shapes = ShapeCache(loader)
    document = signed_credential()
    options = {k: v for k, v in document["proof"][0].items() if k != "proofValue"}
    for created in ("2026-01-02T03:04:05Z", "2031-12-31T23:59:59Z"):
        config = proof_config(document, {**options, "created": created})
        assert shapes.canonicalize(config) == canonicalize(config, loader)
    assert shapes.stats.substituted == 2


def test_no_bundled_context_uses_index_containers() -> None:
    """The shape compiler treats two JSON objects with one id as pyld's node merge; an
    ``@index`` container could make such a merge an error instead (JSON-LD 1.1
    "conflicting indexes"), which no bundled context allows."""
    for entry in read_manifest():
        assert b'"@index"' not in read_context_bytes(entry), entry.file


def test_audit_sample_names_the_file_that_differs() -> None:
    """A template that produces other N-Quads than the general path (a compiler bug,
    injected here by editing a compiled template) fails the build's sample check."""
    shapes = ShapeCache(bundled_loader())
    data = json.dumps(signed_credential()).encode()
    assert audit_sample([("credentials/a.json", data)], shapes, "seed") == 1
    for shape in shapes._shapes.values():
        for slot, template in list(shape.templates.items()):
            if template is not None:
                extra = (("<urn:x:injected>",), ("<urn:x:p>",), ('"x"',))
                shape.templates[slot] = type(template)(
                    (*template.quads, extra), template.blank_quads, template.iri_holes)
    with pytest.raises(CanonicalizationError) as caught:
        audit_sample([("credentials/a.json", data)], shapes, "seed")
    assert caught.value.path == "credentials/a.json"
    assert "differs" in caught.value.message


def test_audit_sample_draws_one_percent_and_at_least_three() -> None:
    shapes = ShapeCache(bundled_loader())
    data = json.dumps(signed_credential()).encode()
    assert audit_sample([(f"c{i}.json", data) for i in range(2)], shapes, "s") == 2
    assert audit_sample([(f"c{i}.json", data) for i in range(10)], shapes, "s") == 3
    assert audit_sample([(f"c{i}.json", data) for i in range(450)], shapes, "s") == 5
    assert audit_sample([("c.json", b"not json")], shapes, "s") == 0
    assert audit_sample([("c.json", data)], None, "s") == 0
