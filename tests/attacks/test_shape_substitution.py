"""Attacks on canonicalisation by compiled shapes: a credential made to look like a shape
the verifier already compiled (same JSON structure as a genuine badge it just verified)
but meaning something else must get the verdict plain JSON-LD processing gives — never the
genuine badge's canonical form. Each test warms one ``Trust`` (and so its shape cache) with
a genuine credential first, then checks the crafted one with the same trust."""

from __future__ import annotations

import copy
from typing import Any

from badgepress.crypto.proof import proof_config, without_proof
from badgepress.errors import BadgeError
from badgepress.jsonld import bundled_loader, canonicalize
from badgepress.report import Report, State
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import ISSUER_DID, did_document, signed_credential, unsigned_credential

OB_302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"


def warmed_trust() -> Trust:
    """A trust whose shape cache has compiled the shape of a genuine badge it verified."""
    trust = Trust.offline(did_documents={ISSUER_DID: did_document()})
    report = check_credential(signed_credential(), trust)
    assert report.ok, report.first_problem()
    assert trust.shapes is not None and trust.shapes.stats.substituted >= 2
    return trust


def assert_canonical_as_pyld(trust: Trust, document: dict[str, Any]) -> None:
    """The shape cache's canonical forms of the document and its proof configuration are
    byte for byte the general path's."""
    assert trust.shapes is not None
    unsecured = without_proof(document)
    config = proof_config(unsecured, {k: v for k, v in document["proof"][0].items()
                                      if k != "proofValue"})
    for part in (unsecured, config):
        assert outcome(trust.shapes.canonicalize, part) == \
            outcome(lambda d: canonicalize(d, bundled_loader()), part)


def outcome(canonicalise: Any, document: dict[str, Any]) -> str:
    """The canonical N-Quads, or the error's class, message and pointer."""
    try:
        return str(canonicalise(document))
    except BadgeError as exc:
        return f"{type(exc).__name__}: {exc.message} at {exc.pointer}"


def assert_signature_fails(report: Report) -> None:
    problem = report.first_problem()
    assert problem is not None
    assert (problem.id, problem.state, problem.pointer) == \
        ("signature", State.FAIL, "/proof/0/proofValue")
    assert "the signature does not match" in problem.message


def test_other_context_behind_a_known_shape_is_not_verified() -> None:
    """The genuine badge with its OB context swapped for 3.0.2: the same JSON tree and
    values, so the genuine badge's template would give the genuine N-Quads; 3.0.2 reads
    the terms differently, so the signature must not match."""
    trust = warmed_trust()
    forged = copy.deepcopy(signed_credential())
    forged["@context"][1] = OB_302
    assert_canonical_as_pyld(trust, forged)
    assert without_proof(forged) != without_proof(signed_credential())
    assert canonicalize(without_proof(forged), bundled_loader()) != \
        canonicalize(without_proof(signed_credential()), bundled_loader())
    assert_signature_fails(check_credential(forged, trust))


def test_changed_type_behind_a_known_shape_is_not_verified() -> None:
    """A ``type`` value changed within the same JSON structure: types select scoped
    contexts, so they are part of the shape, never a hole."""
    trust = warmed_trust()
    forged = copy.deepcopy(signed_credential())
    forged["credentialSubject"]["achievement"]["type"] = ["Profile"]
    assert_canonical_as_pyld(trust, forged)
    problem = check_credential(forged, trust).first_problem()
    assert problem is not None
    assert (problem.id, problem.pointer) == ("format", "/credentialSubject/achievement/type")


def test_string_read_as_a_compact_iri_behind_a_known_shape_is_canonicalised_as_pyld_does(
) -> None:
    """An id written ``obi:python`` is the IRI ``https://purl.imsglobal.org/…#python``
    (``obi`` is a prefix in the OB context): a badge signed that way verifies through the
    warmed cache, and one whose id is changed to a look-alike prefix (``obj:``, a plain
    IRI) does not — the template of ``https://`` ids serves neither."""
    trust = warmed_trust()
    document = unsigned_credential()
    document["credentialSubject"]["achievement"]["id"] = "obi:python"
    genuine = signed_credential(document)
    assert_canonical_as_pyld(trust, genuine)
    assert check_credential(genuine, trust).ok
    forged = copy.deepcopy(genuine)
    forged["credentialSubject"]["achievement"]["id"] = "obj:python"
    assert_canonical_as_pyld(trust, forged)
    assert_signature_fails(check_credential(forged, trust))


def test_blank_node_id_behind_a_known_shape_is_not_verified() -> None:
    """A subject id ``_:b0`` (a blank node to JSON-LD, not an IRI) where the genuine badge
    has a DID: refused at the format check, naming the field, not read through the DID
    template."""
    trust = warmed_trust()
    document = unsigned_credential()
    document["credentialSubject"]["id"] = "did:example:recipient"
    assert check_credential(signed_credential(document), trust).ok
    forged = copy.deepcopy(signed_credential(document))
    forged["credentialSubject"]["id"] = "_:b0"
    problem = check_credential(forged, trust).first_problem()
    assert problem is not None
    assert (problem.id, problem.pointer) == ("format", "/credentialSubject/id")


def test_node_merged_by_an_equal_id_behind_a_known_shape_is_not_verified() -> None:
    """The genuine badge's achievement given the issuer's id, so pyld merges the two
    nodes (one node, the statements of both): canonicalised as pyld does, and the
    signature does not match."""
    trust = warmed_trust()
    forged = copy.deepcopy(signed_credential())
    forged["credentialSubject"]["achievement"]["id"] = ISSUER_DID
    assert_canonical_as_pyld(trust, forged)
    assert_signature_fails(check_credential(forged, trust))
