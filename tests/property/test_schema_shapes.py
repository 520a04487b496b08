"""Property: JSON Schema verdicts by shape (``SchemaShapes``) and the other caches a
``Trust`` carries never change a report.

* Generated credentials, checked in sequence through one cache (so that later ones meet
  shapes the earlier ones taught it, with other values in the strings the schema reads:
  enum members and near misses, ``ext:`` patterns, language tags), get the verdict of
  ``jsonschema`` itself, and the same report as a trust without caches: same checks,
  states, messages and pointers.
* Every fixture of ``tests/reference/verdicts/`` and ``tests/reference/field/``, checked
  twice through one shared set of caches, gets the report it gets without them.

``BADGEPRESS_SHAPE_EXAMPLES`` raises the number of examples (random, not the derandomised
default run)."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgepress.baking import extract_credential
from badgepress.errors import BadgeError
from badgepress.jsonld import bundled_loader
from badgepress.jsonld.shape import ShapeCache
from badgepress.model.credential import schema_view
from badgepress.report import Report
from badgepress.schema import (
    ACHIEVEMENT_CREDENTIAL,
    ENDORSEMENT_CREDENTIAL,
    PROFILE,
    _schema,
    _validator,
    schema_errors,
)
from badgepress.schema.shapes import MAX_TRACES, READS_TEXT, SchemaShapes, _test
from badgepress.trust import Trust
from badgepress.verify import check_credential, unreadable_report
from tests.helpers import ISSUER_DID, did_document, signed_credential, unsigned_credential
from tests.reference.verdicts.table import case_trust, credential_bytes

EXAMPLES = int(os.environ.get("BADGEPRESS_SHAPE_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize="BADGEPRESS_SHAPE_EXAMPLES" not in
                    os.environ, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REFERENCE = Path(__file__).parents[1] / "reference"

READ_BY_THE_SCHEMA = st.sampled_from([
    "name", "emailAddress", "sourcedId", "ext:Custom", "ext:", "ext:a|b", "xt:Custom",
    "Name", "bogus", "", "en", "en-US", "en-Latn-GB", "EN", "english", "Badge",
    "Certificate", "ext:Badge", "badge", "CFItem", "ceasn:Competency", "Completed",
    "completed", "InProgress", "a.b.c", "a.b", "https://example.org/x", ISSUER_DID])
OTHER_TEXT = st.one_of(READ_BY_THE_SCHEMA, st.text(max_size=5))
SCALAR = st.one_of(st.integers(-3, 3), st.booleans(), st.none(), st.just([]), st.just({}))


def rich_credential() -> dict[str, Any]:
    """A credential whose strings reach every kind of ``READS_TEXT`` keyword the schema
    applies: ``enum``/``pattern`` alternatives (``oneOf``), language tags, JWT patterns; and
    a VC 1.1 endorsement, whose dates the schema reads under their VC 2.0 names."""
    document = unsigned_credential()
    document["credentialSubject"]["identifier"].append({
        "type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
        "identityHash": "sha256$" + "0" * 64, "salt": "00"})
    achievement = document["credentialSubject"]["achievement"]
    achievement.update(achievementType="Badge", inLanguage="en", alignment=[
        {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://example.org/a",
         "targetType": "CFItem"}])
    document["credentialSubject"]["result"] = [
        {"type": ["Result"], "status": "Completed",
         "resultDescription": "urn:uuid:7f1d6a7e-0d49-4b2a-a3d4-0d6f3a0b1c2d"}]
    achievement["endorsement"] = [{  # VC 1.1, read by its own context (dates renamed)
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:6e1b2f55-5d1e-4c3e-9a58-1a1f7b0c2d11",
        "type": ["VerifiableCredential", "EndorsementCredential"], "name": "Endorsement",
        "issuer": {"id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
                   "type": ["Profile"]},
        "issuanceDate": "2026-01-02T03:04:05Z", "expirationDate": "2027-01-02T03:04:05Z",
        "credentialSubject": {"id": achievement["id"], "type": ["EndorsementSubject"]}}]
    return document


def strings(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every string a skeleton holds as a hole (not ``@context``/``type``)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() if k not in ("@context", "type")
                for p in strings(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in strings(v, (*path, i))]
    return [path] if isinstance(value, str) else []


def put(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = document
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = value


@st.composite
def variants(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to five credentials of one base: mostly new strings in the same places (the
    same shape, other values), sometimes a string turned into another JSON type."""
    base = rich_credential()
    places = strings(base)
    out = []
    for _ in range(draw(st.integers(2, 5))):
        document = copy.deepcopy(base)
        for path in draw(st.lists(st.sampled_from(places), max_size=4, unique=True)):
            put(document, path, draw(st.one_of(OTHER_TEXT, SCALAR) if draw(
                st.integers(0, 9)) == 0 else READ_BY_THE_SCHEMA))
        out.append(document)
    return out


def view(document: Any) -> Any:
    return schema_view(document)[0]


def uncached(trust: Trust) -> Trust:
    return dataclasses.replace(trust, shapes=None, schemas=None, verified_status_lists={},
                               methods={})


def offline() -> Trust:
    return Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC),
                         did_documents={ISSUER_DID: did_document()})


@SETTINGS
@given(variants())
def test_a_known_shape_is_vouched_for_only_when_the_authority_agrees(
    documents: list[dict[str, Any]]
) -> None:
    shapes = SchemaShapes()
    for document in documents:
        valid = schema_errors(view(document), ACHIEVEMENT_CREDENTIAL, fast=False) == []
        assert shapes.valid(document, view, ACHIEVEMENT_CREDENTIAL) is valid
    stats = shapes.stats
    assert stats.vouched + stats.traced + stats.rejected + stats.general == len(documents)


@SETTINGS
@given(variants())
def test_reports_through_the_caches_are_those_without(documents: list[dict[str, Any]]) -> None:
    cached = offline()
    for document in documents:
        data = json.dumps(document).encode()
        assert check_credential(data, cached).to_json() == \
            check_credential(data, uncached(offline())).to_json()


def test_a_signed_credential_of_a_known_shape_is_vouched_for_and_verifies() -> None:
    trust = offline()
    first, second = (signed_credential(unsigned_credential(name=name))
                     for name in ("One", "Two"))
    reports = [check_credential(json.dumps(d).encode(), trust) for d in (first, second)]
    assert [r.ok for r in reports] == [True, True]
    assert trust.schemas is not None
    assert (trust.schemas.stats.traced, trust.schemas.stats.vouched) == (1, 1)


def test_past_the_trace_budget_new_shapes_are_left_to_the_compiled_validator() -> None:
    """A stream of shapes never seen again costs the authority's run each only up to
    ``MAX_TRACES``; then the cache no longer decides new shapes, and known ones still
    vouch."""
    shapes = SchemaShapes()

    def tagged(count: int) -> dict[str, Any]:
        document = unsigned_credential()
        document["credentialSubject"]["achievement"]["tag"] = ["t"] * count
        return document

    assert [shapes.valid(tagged(n), view, ACHIEVEMENT_CREDENTIAL)
            for n in range(MAX_TRACES)] == [True] * MAX_TRACES
    assert shapes.valid(tagged(MAX_TRACES), view, ACHIEVEMENT_CREDENTIAL) is None
    assert shapes.valid(tagged(3), view, ACHIEVEMENT_CREDENTIAL) is True
    assert (shapes.stats.traced, shapes.stats.vouched, shapes.stats.general) == (
        MAX_TRACES, 1, 1)


def test_rejected_documents_count_against_the_trace_budget() -> None:
    shapes = SchemaShapes()
    for count in range(MAX_TRACES):
        document = unsigned_credential()
        document["credentialSubject"]["achievement"]["tag"] = [7] * count  # not text
        assert shapes.valid(document, view, ACHIEVEMENT_CREDENTIAL) is (count == 0)
    assert shapes.valid(unsigned_credential(name="Other"), view, ACHIEVEMENT_CREDENTIAL) is None
    assert (shapes.stats.traced, shapes.stats.rejected) == (1, MAX_TRACES - 1)


def fixture_report(case: dict[str, Any], trust: Trust) -> Report:
    """A fixture's report, read as ``tests.reference.verdicts.table.run_case`` reads it."""
    try:
        data = extract_credential(credential_bytes(case), path="credential.json").encode()
    except BadgeError as exc:
        return unreadable_report(exc)
    return check_credential(data, trust, path="credential.json")


def test_every_reference_fixture_gets_the_same_report_through_shared_caches() -> None:
    cases = [json.loads(p.read_text(encoding="utf-8")) for folder in ("verdicts", "field")
             for p in sorted((REFERENCE / folder / "cases").glob("*.json"))]
    assert len(cases) > 300
    loader = bundled_loader()
    shared = (ShapeCache(loader), SchemaShapes())
    differ = []
    for round_ in range(2):
        for case in cases:
            plain = fixture_report(case, uncached(case_trust(case))).to_json()
            trust = dataclasses.replace(case_trust(case), shapes=shared[0], schemas=shared[1])
            if fixture_report(case, trust).to_json() != plain:
                differ.append((round_, case.get("description")))
    assert differ == []
    assert shared[1].stats.vouched > 0


@SETTINGS
@given(st.one_of(READ_BY_THE_SCHEMA, st.text(max_size=12),
                 st.from_regex(r"ext:[a-z|.\-_]{0,4}|[a-z]{2,4}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")))
def test_each_text_test_is_the_authoritys_keyword(text: str) -> None:
    """For every ``pattern``, ``enum`` and ``format`` of the bundled schemas, the test
    ``SchemaShapes`` re-checks a string with gives the outcome of jsonschema's own keyword
    function."""
    for name in (ACHIEVEMENT_CREDENTIAL, ENDORSEMENT_CREDENTIAL, PROFILE):
        validator = _validator(name)
        for keyword, value, schema in applications(_schema(name)):
            function = validator.VALIDATORS[keyword]
            authority = next(iter(function(validator, value, text, schema) or ()), None) is None
            assert _test(keyword, value, schema, function, validator)(text) is authority


def applications(schema: Any) -> list[tuple[str, Any, Any]]:
    """Every ``READS_TEXT`` keyword of a schema, with its value and the schema holding it."""
    found = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found += [(k, v, node) for k, v in node.items() if k in READS_TEXT]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
