"""Write the verdict-table cases for other credential types and for the schema rule
(``cases/*.json``), deterministically: OB 3.0 schema violations, EndorsementCredential and
CLR 2.0 ClrCredential. Signed with the published W3C test key, or the fixed attacker seed.
A CLR case also states ``expectedEmbedded``: the verdict of each embedded credential.

    .venv/bin/python -m tests.reference.verdicts.generate_types
"""

from __future__ import annotations

import copy
from typing import Any

from badgepress.did.document import build_did_document, method_id
from tests.helpers import ISSUER_DID, TEST_PUBLIC, did_document
from tests.reference.verdicts.generate_verifier import (
    ACHIEVEMENT_ID,
    MALLORY_DID,
    NOW,
    credential,
    mallory,
    sign,
)
from tests.reference.verdicts.table import print_written, write_cases

Json = dict[str, Any]
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OTHER_DID = "did:web:other-college.example"
MARKUP = ('<script>window.__xss = "script"</script><img src=x onerror="window.__xss = 1">'
          '<a href="javascript:window.__xss = 2">Well run</a> &amp; trusted')


def endorsement(comment: str = "A rigorous, well-assessed programme.", **changes: Any) -> Json:
    """An unsigned EndorsementCredential by the test issuer of the test achievement."""
    document: Json = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": "https://example-academy.github.io/badges/endorsements/python/",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": ISSUER_DID, "type": ["Profile"], "name": "Example Academy"},
        "validFrom": "2026-01-02T03:04:05Z",
        "name": "Example Academy endorses Python Fundamentals",
        "credentialSubject": {"id": ACHIEVEMENT_ID, "type": ["EndorsementSubject"],
                              "endorsementComment": comment},
    }
    document.update(changes)
    return document


def clr(embedded: list[Json], **changes: Any) -> Json:
    """An unsigned ClrCredential by the test issuer embedding ``embedded``."""
    document: Json = {
        "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": "https://example-academy.github.io/badges/records/ada/",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": ISSUER_DID, "type": ["Profile"], "name": "Example Academy"},
        "validFrom": "2026-01-03T00:00:00Z",
        "name": "Ada Lovelace's record",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name",
                            "hashed": False, "identityHash": "Ada Lovelace"}],
            "verifiableCredential": embedded,
            "association": [{"type": "Association", "associationType": "isParentOf",
                             "sourceId": ACHIEVEMENT_ID,
                             "targetId": ACHIEVEMENT_ID + "part-2/"}],
        },
    }
    document.update(changes)
    return document


def badge(suffix: str, name: str, **changes: Any) -> Json:
    """A signed OpenBadgeCredential of the test issuer, named ``name``."""
    document = credential(id=f"https://example-academy.github.io/badges/badges/{suffix}/",
                          **changes)
    document["credentialSubject"]["achievement"] = {
        **document["credentialSubject"]["achievement"],
        "id": ACHIEVEMENT_ID + (f"{suffix}/" if suffix != "one" else ""), "name": name}
    return sign(document)


def _schema_case(change: Any, *, lenient: bool = False) -> Json:
    document = credential()
    change(document)
    return sign(document, lenient=lenient)


def _drop_criteria(doc: Json) -> None:
    del doc["credentialSubject"]["achievement"]["criteria"]


SITE_IMAGE = "https://example-academy.github.io/badges/images/python.png"
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
       "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")


def _images_as_text(doc: Json) -> None:
    """Every image the OB 3.0 schema wants as an Image object written as its id alone."""
    doc["image"] = SITE_IMAGE
    doc["issuer"]["image"] = PNG
    doc["credentialSubject"]["image"] = SITE_IMAGE
    doc["credentialSubject"]["achievement"]["image"] = SITE_IMAGE


def cases() -> dict[str, Json]:
    """Every case by name: what it is, its expected verdict and its inputs."""
    issuer_docs = {ISSUER_DID: did_document()}
    mal = mallory()
    mal_doc = build_did_document(MALLORY_DID, [mal.public.multibase])
    out: dict[str, Json] = {}
    nv, fail = "not-verified", "fail"
    verified = {"verdict": "verified", "check": None, "state": None}

    def add(name: str, description: str, verdict: str, check: str | None,
            state: str | None, document: Json, *, embedded: list[Json] | None = None,
            did_documents: dict[str, Json] | None = None) -> None:
        case: Json = {"description": description,
                      "expected": {"verdict": verdict, "check": check, "state": state},
                      "now": NOW, "credential": document,
                      "didDocuments": issuer_docs if did_documents is None else did_documents,
                      "resources": {}}
        if embedded is not None:
            case["expectedEmbedded"] = embedded
        out[name] = case

    add("schema-issuer-type-string", "The issuer profile's type is the text 'Profile', not "
        "a list: OB 3.0 Serialization, Compacted document form, allows one value, so the JSON "
        "Schema reads it as a list of one (signed as is): verified.", "verified", None, None,
        _schema_case(lambda d: d["issuer"].update(type="Profile")))
    add("schema-issuer-type-string-of-another-class", "The issuer profile's type is the text "
        "'Achievement': read as a list of one, it still does not include Profile (signed as "
        "is).", nv, "format", fail, _schema_case(lambda d: d["issuer"].update(type="Achievement")))
    add("schema-subject-type-missing", "credentialSubject has no type: the OB 3.0 JSON "
        "Schema requires it (signed leniently: without the type, 'achievement' is not even a "
        "defined term).", nv, "format", fail,
        _schema_case(lambda d: d["credentialSubject"].pop("type"), lenient=True))
    add("schema-image-as-text", "The credential's, the issuer's, the subject's and the "
        "achievement's image each written as the image's id alone (a URL, a data: URI): the "
        "Image description allows it and the context types image as @id, so the JSON Schema "
        "reads each as an Image with that id (signed as is): verified.", "verified", None,
        None, _schema_case(_images_as_text))
    add("schema-image-as-text-relative", "The issuer's image is the relative text "
        "'logo.png': read as an IRI it is dropped by canonicalisation, so it is not signed "
        "(signed leniently).", nv, "signature", fail,
        _schema_case(lambda d: d["issuer"].update(image="logo.png"), lenient=True))
    add("schema-image-object-without-type", "The achievement's image is an object without "
        "type: only a text is read as the Image's id; an object must be a whole Image.", nv,
        "format", fail, _schema_case(
            lambda d: d["credentialSubject"]["achievement"].update(image={"id": SITE_IMAGE})))
    add("schema-achievement-without-criteria", "The achievement has no criteria: required "
        "by the OB 3.0 JSON Schema.", nv, "format", fail, _schema_case(_drop_criteria))
    add("schema-identity-type-unknown", "An identifier's identityType is not one the schema "
        "allows (nor ext:…).", nv, "format", fail, _schema_case(
            lambda d: d["credentialSubject"]["identifier"][0].update(identityType="shoeSize")))

    add("endorsement-genuine", "An EndorsementCredential by the badge's issuer of its "
        "achievement, signed with the issuer's key: verified.", "verified", None, None,
        sign(endorsement()))
    add("endorsement-comment-markup", "An endorsement whose comment is HTML and script: "
        "verified (it is signed), and shown as text, never as markup.", "verified", None, None,
        sign(endorsement(MARKUP)))
    add("endorsement-issuer-signed-by-other-key", "An endorsement that names the badge's "
        "issuer but is signed by another party's key: the signer is not the issuer.",
        nv, "issuer_key", fail,
        sign(endorsement(), key=mal, method=method_id(MALLORY_DID, mal.public.multibase)),
        did_documents={**issuer_docs, MALLORY_DID: mal_doc})
    add("endorsement-issuer-image-as-text", "An endorsement whose issuer's image is "
        "written as its id alone: the endorsement schema reads it as an Image: verified.",
        "verified", None, None, sign(endorsement(issuer={
            "id": ISSUER_DID, "type": ["Profile"], "name": "Example Academy",
            "image": SITE_IMAGE})))
    add("endorsement-schema-subject-type-missing", "An endorsement without "
        "credentialSubject.type: the OB 3.0 endorsement schema refuses it.", nv, "format",
        fail, sign(endorsement() | {"credentialSubject": {
            "id": ACHIEVEMENT_ID, "endorsementComment": "Good."}}, lenient=True))

    one, two = badge("one", "Python Fundamentals"), badge("two", "Testing in Python")
    add("clr-genuine", "A ClrCredential by the issuer embedding two of its badges: the record "
        "and each badge verified.", "verified", None, None, sign(clr([one, two])),
        embedded=[verified, verified])
    tampered = copy.deepcopy(two)
    tampered["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    add("clr-embedded-tampered", "The record's own proof is genuine (signed over the edit), "
        "but one embedded badge was edited after its issuer signed it: the record verifies, "
        "that badge does not.", "verified", None, None, sign(clr([one, tampered])),
        embedded=[verified, {"verdict": nv, "check": "signature", "state": fail}])
    forged = sign(credential(
        id="https://other-college.example/badges/1/",
        issuer={"id": OTHER_DID, "type": ["Profile"], "name": "Other College"}),
        key=mal, method=method_id(MALLORY_DID, mal.public.multibase))
    add("clr-embedded-forged-issuer", "An embedded badge names another issuer (Other College) "
        "but is signed by an attacker's key: that badge is not verified, whatever the record "
        "says.", "verified", None, None, sign(clr([one, forged])),
        embedded=[verified, {"verdict": nv, "check": "issuer_key", "state": fail}],
        did_documents={**issuer_docs, MALLORY_DID: mal_doc,
                       OTHER_DID: build_did_document(OTHER_DID, [TEST_PUBLIC])})
    bare = badge("three", "Writing documentation", issuer=ISSUER_DID)
    inner = sign(clr([bare], id="https://example-academy.github.io/badges/records/inner/"))
    add("clr-nested-clr", "A record embedding a badge and another record: the inner record "
        "is checked as a credential but not expanded (its badge names its issuer by id "
        "only, and its own achievement: a field of a node shown elsewhere would sit where no "
        "page shows it).", "verified", None, None,
        sign(clr([one, inner])), embedded=[verified, verified])
    add("clr-without-embedded", "A ClrCredential that embeds no credential: not a "
        "well-formed record.", nv, "format", fail, sign(clr([])))
    return out


if __name__ == "__main__":
    print_written(write_cases(cases()))
