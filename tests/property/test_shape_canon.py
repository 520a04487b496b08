"""Property: for generated Open Badges credentials, canonical N-Quads through one shared
shape cache are byte-identical to the general pyld path (or both fail the same way).

Names with every awkward character, dates, numbers, optional fields present or absent,
arrays of 0..n, ids of several IRI classes and values shared between fields (nodes pyld
merges). ``BADGEPRESS_SHAPE_EXAMPLES`` raises the number of examples (random, not the
derandomised default run)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgepress.errors import BadgeError
from badgepress.jsonld import bundled_loader, canonicalize
from badgepress.jsonld.shape import ShapeCache
from tests.helpers import ISSUER_DID

EXAMPLES = int(os.environ.get("BADGEPRESS_SHAPE_EXAMPLES", "150"))

AWKWARD = st.lists(
    st.sampled_from(['"', "\\", "\t", "\n", "\r", " ", "a", "Z", "é", "李", "👩‍🔬", "\u202e",
                     "\x01", "\x7f", "_", ":", "/", "#", "@", "<", ">", "{", "z", "0",
                     "bpshape", "1z", "https://", "_:b"]),
    max_size=8).map("".join)
TEXT = st.one_of(AWKWARD, st.sampled_from(["", "Ada Lovelace", "Python Fundamentals"]))
IRI = st.one_of(
    st.builds(lambda s: f"https://example.org/{s}", st.from_regex(r"[a-z0-9/._~-]{0,12}",
                                                                   fullmatch=True)),
    st.builds(lambda s: f"urn:uuid:{s}", st.uuids().map(str)),
    st.sampled_from([ISSUER_DID, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                     "obi:Thing", "sec:x", "xsd:string", "mailto:a@example.org",
                     "https://example.org/a b", "relative/path", "_:b0", ""]))
DATE = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.sampled_from(["2026-01-02T03:04:05Z", "2026-01-02", "not a date", ""]))
NUMBER = st.one_of(st.integers(-10**22, 10**22), st.floats(allow_nan=False,
                                                            allow_infinity=False))


@st.composite
def credentials(draw: st.DrawFn) -> dict[str, Any]:
    achievement_id = draw(st.one_of(IRI, st.just("https://example.org/achievements/a")))
    achievement: dict[str, Any] = {
        "id": achievement_id, "type": ["Achievement"], "name": draw(TEXT),
        "description": draw(TEXT), "criteria": {"narrative": draw(TEXT)}}
    if draw(st.booleans()):
        achievement["tag"] = draw(st.lists(TEXT, max_size=4))
    if draw(st.booleans()):
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetName": draw(TEXT), "targetUrl": draw(IRI)}
            for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        achievement["creator"] = {"id": draw(st.sampled_from([ISSUER_DID, achievement_id])),
                                  "type": ["Profile"], "name": draw(TEXT)}
    identifiers = [{"type": "IdentityObject", "identityType": draw(st.sampled_from(
        ["emailAddress", "name", "ext:custom"])), "hashed": draw(st.booleans()),
        "identityHash": draw(TEXT), **({"salt": draw(TEXT)} if draw(st.booleans()) else {})}
        for _ in range(draw(st.integers(0, 3)))]
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement,
                               "identifier": identifiers}
    if draw(st.booleans()):
        subject["id"] = draw(IRI)
    if draw(st.booleans()):
        subject["creditsEarned"] = draw(NUMBER)
    if draw(st.booleans()):
        subject["narrative"] = draw(TEXT)
    document: dict[str, Any] = {
        "@context": draw(st.sampled_from([
            ["https://www.w3.org/ns/credentials/v2",
             "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            ["https://www.w3.org/ns/credentials/v2",
             "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"]])),
        "id": draw(IRI),
        "type": ["VerifiableCredential", draw(st.sampled_from(
            ["OpenBadgeCredential", "AchievementCredential"]))],
        "issuer": draw(st.one_of(st.just(ISSUER_DID), st.builds(
            lambda name: {"id": ISSUER_DID, "type": ["Profile"], "name": name}, TEXT))),
        "validFrom": draw(DATE),
        "name": draw(TEXT),
        "credentialSubject": subject,
    }
    if draw(st.booleans()):
        document["validUntil"] = draw(DATE)
    if draw(st.booleans()):
        document["awardedDate"] = document["validFrom"]
    if draw(st.booleans()):
        document["evidence"] = [{"type": ["Evidence"], "id": draw(IRI),
                                 "narrative": draw(TEXT)}
                                for _ in range(draw(st.integers(0, 2)))]
    return document


def outcome(canonicalise: Any, document: dict[str, Any]) -> str:
    try:
        return str(canonicalise(document))
    except BadgeError as exc:
        return f"{type(exc).__name__}: {exc.message} at {exc.pointer}"


@pytest.fixture(scope="module")
def shapes() -> ShapeCache:
    """One cache for every example, so most are served by templates earlier ones compiled."""
    return ShapeCache(bundled_loader(), maxsize=64)


@settings(max_examples=EXAMPLES, derandomize="BADGEPRESS_SHAPE_EXAMPLES" not in os.environ,
          deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.data_too_large])
@given(credentials())
def test_shape_canonical_form_is_the_general_one(
    shapes: ShapeCache, document: dict[str, Any]
) -> None:
    general = outcome(lambda d: canonicalize(d, bundled_loader()), document)
    assert outcome(shapes.canonicalize, document) == general
    assert outcome(shapes.canonicalize, document) == general
