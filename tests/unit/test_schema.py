"""Schema validation: the compiled fast path never accepts what jsonschema rejects."""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

from badgepress.schema import (
    ACHIEVEMENT_CREDENTIAL,
    ENDORSEMENT_CREDENTIAL,
    _validator,
    is_valid_fast,
    schema_errors,
)
from tests.conftest import REPO
from tests.helpers import ISSUER_DID, signed_credential, unsigned_credential

NASTY = [None, 0, 1.5, True, "", "x", "not a uri", [], {}, ["x"], [{}], {"id": 1},
         "IdentityObject", "Profile", "emailAddress", "urn:uuid:1"]


def corpus(reference: Path) -> list[tuple[str, dict[str, Any]]]:
    docs = [(ACHIEVEMENT_CREDENTIAL, signed_credential())]
    docs += [(ACHIEVEMENT_CREDENTIAL, json.loads(p.read_bytes()))
             for p in sorted((REPO / "credentials").glob("*.json"))[:5]]
    for path in sorted((reference / "examples").glob("ob3-*.json")):
        doc = json.loads(path.read_bytes())
        name = ENDORSEMENT_CREDENTIAL if "endorsement" in path.name else ACHIEVEMENT_CREDENTIAL
        docs.append((name, doc))
    return docs


def members(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((*path, key))
            out += members(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.append((*path, index))
            out += members(item, (*path, index))
    return out


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    path = rng.choice(members(doc))
    parent: Any = doc
    for token in path[:-1]:
        parent = parent[token]
    if rng.random() < 0.3 and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(rng.choice(NASTY))
    return doc


def test_fast_path_agrees_with_jsonschema(reference: Path) -> None:
    rng = random.Random(2026)
    checked = rejected = 0
    for name, document in corpus(reference):
        for _ in range(150):
            candidate = mutate(document, rng)
            fast = is_valid_fast(candidate, name)
            authority = _validator(name).is_valid(candidate)
            assert fast == authority, (name, candidate)
            checked += 1
            rejected += not authority
    assert checked > 1000 and rejected > checked // 3


def test_errors_name_the_pointer() -> None:
    document = signed_credential()
    document["credentialSubject"]["identifier"][0]["identityType"] = "shoeSize"
    [first, *_] = schema_errors(document)
    assert first.pointer == "/credentialSubject/identifier/0/identityType"


JS_ERRORS = """
import {schemaErrors} from './src/schema.js';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map(([name, doc]) => schemaErrors(doc, name));
console.log(JSON.stringify(out));
"""


def test_browser_schema_check_finds_the_same_violations_in_the_same_words(
    reference: Path,
) -> None:
    """One format rule in both verifiers: on every mutated credential the browser's
    validator (js/src/schema.js) lists exactly Python's violations, pointers and words."""
    rng = random.Random(1402)
    cases = [(name, mutate(doc, rng)) for name, doc in corpus(reference) for _ in range(40)]
    node = shutil.which("node")
    assert node, "node is required for the JS verifier"
    out = subprocess.run([node, "--no-warnings", "--input-type=module", "-e", JS_ERRORS],
                         cwd=REPO / "js", input=json.dumps(cases), check=True,
                         capture_output=True, text=True).stdout
    js = json.loads(out)
    prefix = {name: len(schema_errors({}, name)[0].message) - len("required field missing")
              for name in (ACHIEVEMENT_CREDENTIAL, ENDORSEMENT_CREDENTIAL)}
    rejected = 0
    for (name, doc), found in zip(cases, js, strict=True):
        python = [{"pointer": e.pointer, "words": e.message[prefix[name]:]}
                  for e in schema_errors(doc, name)]
        assert found == python, (name, doc)
        rejected += bool(python)
    assert rejected > len(cases) // 3


# --- OB 3.0 Serialization §Compacted document form: one value where the schema wants a list

def _format_check(document: dict[str, Any]) -> Any:
    from badgepress.trust import Trust
    from badgepress.verify import check_credential
    return check_credential(document, Trust.offline()).checks[0]


def test_compacted_single_types_and_proof_pass_the_schema_as_lists_of_one() -> None:
    """The IdentityObject's type, a text in the schema and not in the compacted list, stays."""
    compacted = unsigned_credential(issuer={"id": ISSUER_DID, "type": "Profile", "name": "E"})
    compacted["credentialSubject"]["type"] = "AchievementSubject"
    compacted["credentialSubject"]["achievement"]["type"] = "Achievement"
    document = signed_credential(compacted)
    document["proof"] = document["proof"][0]
    before = copy.deepcopy(document)
    check = _format_check(document)
    assert (check.id, str(check.state)) == ("format", "pass"), check.message
    assert document == before  # the proof covers the document as stored: never changed


def test_single_type_naming_another_class_is_still_refused() -> None:
    document = unsigned_credential(issuer={"id": ISSUER_DID, "type": "Achievement", "name": "E"})
    check = _format_check(signed_credential(document))
    assert (check.id, str(check.state), check.pointer) == ("format", "fail", "/issuer")


# --- An Image written as its id alone (the Image description; the context types image @id)

def _classes_wanting_an_image(schema: dict[str, Any]) -> set[str]:
    """The classes (by the names their ``type`` must contain) whose ``image`` the schema
    wants as an Image: each definition, and the root, whose ``image`` refers to Image."""
    def required_types(node: dict[str, Any]) -> set[str]:
        # The root requires VerifiableCredential too, which names every credential.
        kind = node["properties"]["type"]
        return {name for part in kind.get("allOf", [kind])
                for name in part.get("contains", {}).get("enum", [])
                if name != "VerifiableCredential"}
    nodes = [schema, *schema["$defs"].values()]
    return {name for node in nodes
            if node.get("properties", {}).get("image", {}).get("$ref") == "#/$defs/Image"
            for name in required_types(node)}


def test_text_images_are_read_where_every_schema_wants_an_image() -> None:
    """checks.json schema.images names exactly the classes of the three schemas whose image
    is an Image, so no place is missed and none is added."""
    from badgepress.model.credential import IMAGE_CLASSES
    from badgepress.schema import PROFILE
    folder = REPO / "src" / "badgepress" / "schema" / "schemas"  # as shipped, refs unresolved
    wanted = set().union(*(_classes_wanting_an_image(json.loads((folder / name).read_bytes()))
                           for name in (ACHIEVEMENT_CREDENTIAL, ENDORSEMENT_CREDENTIAL, PROFILE)))
    assert wanted == IMAGE_CLASSES


def test_text_image_is_read_as_the_images_id_and_the_document_is_not_changed() -> None:
    from badgepress.model.credential import schema_view
    url = "https://example-academy.github.io/badges/logo.png"
    document = unsigned_credential(issuer={"id": ISSUER_DID, "type": ["Profile"], "name": "E",
                                           "image": url})
    document["evidence"] = [{"type": ["Evidence"], "name": "Talk", "image": url}]
    before = copy.deepcopy(document)
    view, renamed = schema_view(document)
    assert view["issuer"]["image"] == {"id": url, "type": "Image"}
    assert view["issuer"]["image"]["id"] is document["issuer"]["image"]  # shape caches
    assert view["evidence"][0]["image"] == url  # Evidence has no Image: left as written
    assert (document, renamed) == (before, {})


def test_text_image_passes_the_schema_as_an_image_would() -> None:
    url = "https://example-academy.github.io/badges/logo.png"
    for image in (url, {"id": url, "type": "Image"}):
        document = unsigned_credential(image=image)
        document["issuer"]["image"] = image
        document["credentialSubject"]["achievement"]["image"] = image
        check = _format_check(signed_credential(document))
        assert (check.id, str(check.state)) == ("format", "pass"), check.message


def test_image_object_is_still_checked_whole() -> None:
    """Only a text is read as an Image's id: an object without type still fails, at its
    stored pointer."""
    document = unsigned_credential()
    document["credentialSubject"]["achievement"]["image"] = {"id": "https://example.org/i"}
    check = _format_check(signed_credential(document))
    assert (check.id, str(check.state), check.pointer) == (
        "format", "fail", "/credentialSubject/achievement/image/type")
