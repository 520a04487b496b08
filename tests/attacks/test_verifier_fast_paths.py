"""Attacks on the fast paths of ``check_credential`` (issue 17): the JSON reader skips its
tree check when its parser hooks flagged nothing, and one pointer-free walk
(``passes_plain_and_portable``) vouches for the plain-tree, shown-field and portability
checks. Each attack hides what those checks refuse where a shortcut might not look — deep in
a list, in a key, in a nested object — and must get exactly the error the checks themselves
give (message and pointer, as before the fast paths existed); what only looks suspicious to
a shortcut must still verify."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from badgepress.jsonld import bundled_loader
from badgepress.jsonld.canon import passes_plain_and_portable
from badgepress.report import State, Verdict
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.helpers import ISSUER_DID, did_document, signed_credential, unsigned_credential

Json = dict[str, Any]
OTHER = "did:web:example-academy.github.io:badges is described in more than one JSON object"


def trust() -> Trust:
    return Trust.offline(now=datetime(2026, 6, 1, tzinfo=UTC),
                         did_documents={ISSUER_DID: did_document()})


def achievement(document: Json) -> Json:
    node: Json = document["credentialSubject"]["achievement"]
    return node


def alignment_with_keyword(document: Json) -> None:
    achievement(document)["alignment"] = [{"type": ["Alignment"], "targetName": "x",
                                           "targetUrl": "https://example.org/a",
                                           "@id": "https://example.org/b"}]


def evidence_with_iri_property(document: Json) -> None:
    document["evidence"] = [{"type": ["Evidence"], "https://schema.org/name": "Forged"}]


def embedded_context_in_achievement(document: Json) -> None:
    achievement(document)["@context"] = [{"name": "https://example.org/forged"}]


def unbundled_context_in_criteria(document: Json) -> None:
    achievement(document)["criteria"]["@context"] = "https://evil.example/context.json"


def control_character_in_a_tag(document: Json) -> None:
    achievement(document)["tag"] = ["python", "bad\x01tag"]


def relative_id_in_evidence(document: Json) -> None:
    document["evidence"] = [{"type": ["Evidence"], "id": "evidence/1", "name": "Project"}]


def issuer_name_in_the_achievement_creator(document: Json) -> None:
    achievement(document)["creator"] = {"id": ISSUER_DID, "type": ["Profile"],
                                        "name": "Another School"}


def issuer_image_in_evidence(document: Json) -> None:
    document["issuer"] = ISSUER_DID
    document["evidence"] = [{"type": ["Evidence"], "id": ISSUER_DID, "name": "x",
                             "image": "https://example.org/logo.png"}]


def relative_verification_method(document: Json) -> None:
    document["proof"][0]["verificationMethod"] = "key-1"


def number_as_alignment_name(document: Json) -> None:
    achievement(document)["alignment"] = [{"type": ["Alignment"], "targetName": 5,
                                           "targetUrl": "https://example.org/a"}]


TREE_ATTACKS: list[tuple[Callable[[Json], None], str, str]] = [
    (alignment_with_keyword, "/credentialSubject/achievement/alignment/0/@id",
     "the JSON-LD keyword @id re-shapes what is signed"),
    (evidence_with_iri_property, "/evidence/0/https:~1~1schema.org~1name",
     "the property 'https://schema.org/name' is spelt as an IRI"),
    (embedded_context_in_achievement, "/credentialSubject/achievement/@context/0",
     "an embedded @context could redefine what the credential's terms mean"),
    (unbundled_context_in_criteria, "/credentialSubject/achievement/criteria/@context",
     "context not bundled: https://evil.example/context.json"),
    (control_character_in_a_tag, "/credentialSubject/achievement/tag/1",
     "text contains a control character"),
    (relative_id_in_evidence, "/evidence/0/id",
     "id 'evidence/1' is not an absolute IRI"),
    (issuer_name_in_the_achievement_creator, "/credentialSubject/achievement/creator/name",
     f"{OTHER} and its 'name' sits where no page shows it"),
    (issuer_image_in_evidence, "/evidence/0/image",
     f"{OTHER} and its 'image' sits where no page shows it"),
    (relative_verification_method, "/proof/0/verificationMethod",
     "verificationMethod 'key-1' is not an absolute IRI"),
]


@pytest.mark.parametrize(("attack", "pointer", "message"), TREE_ATTACKS,
                         ids=[attack.__name__ for attack, _, _ in TREE_ATTACKS])
def test_what_the_tree_checks_refuse_is_refused_wherever_it_hides(
    attack: Callable[[Json], None], pointer: str, message: str
) -> None:
    document = copy.deepcopy(signed_credential())
    attack(document)
    assert not passes_plain_and_portable(document, bundled_loader())
    assert_format_fails(document, pointer, message)


def test_schema_invalid_field_where_the_walk_vouches_still_fails_the_schema() -> None:
    """The walk checks the tree, not the schema: a number as an alignment's name passes
    it, and the schema check (never skipped) still names the field."""
    document = copy.deepcopy(signed_credential())
    number_as_alignment_name(document)
    assert passes_plain_and_portable(document, bundled_loader())
    assert_format_fails(document, "/credentialSubject/achievement/alignment/0/targetName",
                        "does not match the Open Badges 3.0 schema: must be a text")


def assert_format_fails(document: Json, pointer: str, message: str) -> None:
    """As a file and as a dict, the format check fails at ``pointer`` with ``message``."""
    for data in (json.dumps(document).encode(), document):
        problem = check_credential(data, trust(), path="c.json").first_problem()
        assert problem is not None
        assert (problem.id, problem.state, problem.pointer) == ("format", State.FAIL, pointer)
        assert problem.message.startswith(message)


def edited_text(old: str, new: str) -> bytes:
    text = json.dumps(signed_credential())
    assert old in text
    return text.replace(old, new, 1).encode()


@pytest.mark.parametrize(("data", "pointer", "message"), [
    (edited_text('"narrative": "Passed the final project."',
                 '"narrative": "Passed the final project.", "narrative": "Failed."'),
     "/credentialSubject/achievement/criteria/narrative", "this key appears twice"),
    (edited_text('"AchievementSubject"]', '"AchievementSubject", 9007199254740993]'),
     "/credentialSubject/type/1", "the number 9007199254740993 cannot be read exactly"),
    (edited_text('"hashed"', '"hashed\\udc00"'), "/credentialSubject/identifier/0",
     "holds an unpaired UTF-16 surrogate"),
    (edited_text('"hashed": false', '"hashed": false, "x": [1e999]'),
     "/credentialSubject/identifier/0/x/0", "the number 1e999 cannot be read exactly"),
    (edited_text('"hashed": false', '"hashed": false, "x": [[NaN]]'),
     "/credentialSubject/identifier/0/x/0/0", "the number NaN cannot be read exactly"),
], ids=["duplicate-key-deep", "unsafe-integer-in-a-list", "surrogate-in-a-key",
        "infinite-number-in-a-list", "nan-in-a-nested-list"])
def test_what_the_json_reader_refuses_is_refused_wherever_it_hides(
    data: bytes, pointer: str, message: str
) -> None:
    problem = check_credential(data, trust(), path="c.json").first_problem()
    assert problem is not None
    assert (problem.id, problem.pointer) == ("format", pointer)
    assert problem.message.startswith(message)


def test_a_badge_the_shortcuts_cannot_vouch_for_still_verifies() -> None:
    """Two evidence objects with one id (the walk cannot tell a moved shown field from
    none) and text that only looks like a surrogate escape (an escaped backslash, then
    ``ud800``): the full checks run and find nothing; the signed badge verifies."""
    document = unsigned_credential(name="Python \\ud800 Fundamentals")
    document["evidence"] = [
        {"type": ["Evidence"], "id": "https://example.org/e", "name": "Project"},
        {"type": ["Evidence"], "id": "https://example.org/e", "narrative": "Reviewed."}]
    signed = signed_credential(document)
    assert not passes_plain_and_portable(signed, bundled_loader())
    data = json.dumps(signed).encode()
    assert b"\\\\ud800" in data
    report = check_credential(data, trust())
    assert report.verdict is Verdict.VERIFIED, report.first_problem()
