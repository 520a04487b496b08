"""Write the verifier's cases of the shared verdict table (``cases/*.json``), deterministically.

Every case is signed with the published W3C test key (``tests.helpers``) or, for the
attacker, with a fixed test seed; nothing here is a real key. Run it after changing a
case and commit the output:

    .venv/bin/python -m tests.reference.verdicts.generate_verifier
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyld import jsonld

from badgepress.crypto.keys import KeyPair
from badgepress.crypto.multibase import b58encode
from badgepress.crypto.proof import hash_data
from badgepress.did.document import build_did_document, method_id
from badgepress.jsonld import bundled_loader
from badgepress.status.bitstring import Bitstring
from tests.helpers import (
    ISSUER_DID,
    TEST_PUBLIC,
    did_document,
    published_test_key,
    unsigned_credential,
)
from tests.reference.verdicts.table import print_written, write_cases

CASES = Path(__file__).parent / "cases"
NOW = "2026-06-01T00:00:00Z"
CREATED = "2026-01-02T03:04:05Z"
MALLORY_SEED = hashlib.sha256(b"badgepress test attacker (not a real key)").digest()
MALLORY_DID = "did:web:mallory.example"
STATUS_URL = "https://example-academy.github.io/badges/status/1.json"
ACHIEVEMENT_ID = "https://example-academy.github.io/badges/achievements/python/"
SCHEMA_NAME = "https://schema.org/name"

Json = dict[str, Any]


def mallory() -> KeyPair:
    """The attacker's key pair (a fixed test seed)."""
    return KeyPair(MALLORY_SEED)


def plain_hash_data(document: Json, options: Json) -> bytes:
    """hashData as plain JSON-LD computes it (pyld, nothing refused): what a careless
    signer signs, and what a re-spelt document still hashes to."""
    def canon(doc: Json) -> bytes:
        nquads = jsonld.normalize(doc, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                        "documentLoader": bundled_loader()})
        return hashlib.sha256(nquads.encode()).digest()
    return canon({**options, "@context": document["@context"]}) + canon(document)


def sign(document: Json, *, key: KeyPair | None = None, method: str | None = None,
         created: str = CREATED, lenient: bool = False, **extra: Any) -> Json:
    """``document`` with an eddsa-rdfc-2022 proof; ``lenient`` signs what a careless
    signer would (terms that canonicalisation drops are simply not signed)."""
    pair = key or published_test_key()
    options = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
               "created": created, "proofPurpose": "assertionMethod",
               "verificationMethod": method or method_id(ISSUER_DID, pair.public.multibase),
               **extra}
    data = plain_hash_data(document, options) if lenient else hash_data(
        document, options, bundled_loader())
    signature = pair.signer(options["verificationMethod"]).sign(data)
    return {**document, "proof": [{**options, "proofValue": "z" + b58encode(signature)}]}


def credential(**changes: Any) -> Json:
    return unsigned_credential(**changes)


def status_entry() -> Json:
    return {"id": f"{STATUS_URL}#7", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": "7",
            "statusListCredential": STATUS_URL}


def status_list(revoked: bool, *, issuer: str = ISSUER_DID, key: KeyPair | None = None) -> Json:
    bits = Bitstring()
    if revoked:
        bits.set(7)
    pair = key or published_test_key()
    return sign({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": CREATED,
        "credentialSubject": {"id": f"{STATUS_URL}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": bits.encode()},
    }, key=pair, method=method_id(issuer, pair.public.multibase))


def edited(document: Json, change: Callable[[Json], Any]) -> Json:
    """A deep copy of ``document`` after ``change``."""
    copied = copy.deepcopy(document)
    change(copied)
    return copied


def _achievement(doc: Json) -> Json:
    achievement: Json = doc["credentialSubject"]["achievement"]
    return achievement


def _move_description_to_criteria(doc: Json) -> None:
    achievement = _achievement(doc)
    achievement["criteria"]["description"] = achievement.pop("description")


def _achievement_as_included(doc: Json) -> None:
    achievement = _achievement(doc)
    doc["credentialSubject"]["achievement"] = {"id": achievement["id"]}
    doc["@included"] = [achievement]


def _name_as_value_object(doc: Json) -> None:
    doc["name"] = {"@value": doc["name"]}


def _name_as_iri(doc: Json) -> None:
    doc[SCHEMA_NAME] = doc.pop("name")


def _name_in_a_list(doc: Json) -> None:
    _achievement(doc)["name"] = [_achievement(doc)["name"]]


def _reorder_identifiers(doc: Json) -> None:
    doc["credentialSubject"]["identifier"].reverse()


def _two_names() -> Json:
    doc = credential()
    doc["credentialSubject"]["identifier"].append(
        {"type": "IdentityObject", "identityType": "name", "hashed": False,
         "identityHash": "Grace Hopper"})
    return doc


def _with_creator() -> Json:
    doc = credential()
    _achievement(doc)["creator"] = {"id": ISSUER_DID, "type": ["Profile"]}
    return doc


def _issuer_as_bare_id(doc: Json) -> None:
    issuer = doc["issuer"]
    doc["issuer"] = issuer["id"]
    _achievement(doc)["creator"]["name"] = issuer["name"]


def _with_criteria_id() -> Json:
    doc = credential()
    _achievement(doc)["criteria"]["id"] = ACHIEVEMENT_ID
    return doc


def _add_type(pointer: tuple[str, ...]) -> Json:
    doc = credential()
    node: Any = doc
    for token in pointer:
        node = node[token]
    node["type"] = [*node["type"], "Mallory Forger"] if isinstance(node["type"], list) \
        else [node["type"], "Mallory Forger"]
    return doc


def cases() -> dict[str, Json]:
    """Every case by name: what it is, its expected verdict and its inputs."""
    genuine = sign(credential())
    issuer_docs = {ISSUER_DID: did_document()}
    mal = mallory()
    mal_key = mal.public.multibase
    mal_doc = build_did_document(MALLORY_DID, [mal_key])
    no_assertion = did_document()
    no_assertion["assertionMethod"] = []
    with_status = sign(credential(credentialStatus=status_entry()))
    dkey = f"did:key:{TEST_PUBLIC}"
    out: dict[str, Json] = {}

    def add(name: str, description: str, verdict: str, check: str | None, state: str | None,
            document: Json | None = None, *, text: str | None = None,
            did_documents: dict[str, Json] | None = None,
            resources: dict[str, Json] | None = None) -> None:
        case: Json = {"description": description,
                      "expected": {"verdict": verdict, "check": check, "state": state},
                      "now": NOW}
        if text is not None:
            case["credentialText"] = text
        else:
            case["credential"] = document
        case["didDocuments"] = issuer_docs if did_documents is None else did_documents
        case["resources"] = resources or {}
        out[name] = case

    fail, warn = "fail", "warn"
    nv = "not-verified"
    add("genuine", "A credential as badgepress issues it, with the issuer's DID document: "
        "every check passes.", "verified", None, None, genuine)
    add("genuine-did-key-issuer", "Issuer and signer are the same did:key: verified (no web "
        "domain vouches for it, but the key is the issuer's identifier).", "verified", None, None,
        sign(credential(issuer={"id": dkey, "type": ["Profile"], "name": "Example Academy"}),
             method=f"{dkey}#{TEST_PUBLIC}"), did_documents={})
    for name, change, what in [
        ("tampered-name", lambda d: d.update(name="Rocket Science"), "the credential's name"),
        ("tampered-achievement-name",
         lambda d: _achievement(d).update(name="Rocket Science"), "the achievement's name"),
        ("tampered-recipient", lambda d: d["credentialSubject"]["identifier"][0].update(
            identityHash="Mallory Mallet"), "the recipient"),
        ("tampered-valid-from", lambda d: d.update(validFrom="2020-01-01T00:00:00Z"),
         "validFrom"),
        ("tampered-issuer-name", lambda d: d["issuer"].update(name="Another School"),
         "the issuer's name"),
        ("tampered-issuer-id", lambda d: d["issuer"].update(id="did:web:mallory.example"),
         "the issuer's id"),
        ("tampered-proof-value", lambda d: d["proof"][0].update(
            proofValue=d["proof"][0]["proofValue"][:-2] + "11"), "the proofValue"),
    ]:
        add(name, f"{what} changed after signing: the signature no longer matches.", nv,
            "signature", fail, edited(genuine, change))
    add("no-proof", "No proof at all: nothing vouches for the content.", nv, "signature", fail,
        edited(genuine, lambda d: d.pop("proof")))
    add("wrong-cryptosuite", "A proof of another cryptosuite (bbs-2023) is not one "
        "badgepress checks.", nv, "signature", fail,
        edited(genuine, lambda d: d["proof"][0].update(cryptosuite="bbs-2023")))
    add("wrong-proof-purpose", "A proof made for authentication, not assertionMethod.", nv,
        "signature", fail, sign(credential(), proofPurpose="authentication"))
    add("proof-created-not-a-date", "proof.created 'yesterday' (signed) is not an XSD "
        "dateTimeStamp; the reference stack refuses it.", nv, "signature", fail,
        sign(credential(), created="yesterday"))
    add("proof-created-without-time-zone", "proof.created without a time zone (signed) is "
        "not an XSD dateTimeStamp.", nv, "signature", fail,
        sign(credential(), created="2026-01-02T03:04:05"))
    add("proof-expires-not-a-date", "proof.expires '2027' (signed) is not a dateTimeStamp.",
        nv, "signature", fail, sign(credential(), expires="2027"))
    add("valid-from-without-time-zone", "validFrom without a time zone (signed).", nv,
        "format", fail, sign(credential(validFrom="2026-01-02T03:04:05")))
    add("valid-from-impossible-date", "validFrom 30 February (signed) is no real date.", nv,
        "format", fail, sign(credential(validFrom="2026-02-30T00:00:00Z")))
    add("awarded-date-not-a-date", "awardedDate 'last spring' (signed): pages show it, so it "
        "must be a date-time with a time zone.", nv, "format", fail,
        sign(credential(awardedDate="last spring")))
    add("expired", "validUntil before now: genuine but expired.", nv, "dates", fail,
        sign(credential(validUntil="2026-03-01T00:00:00Z")))
    add("valid-until-after-now", "validUntil three months after the case's now (and before "
        "today's date): verified, so every runner verifies as of the case's now.", "verified",
        None, None, sign(credential(validUntil="2026-09-01T00:00:00Z")))
    add("not-yet-valid", "validFrom after now.", nv, "dates", fail,
        sign(credential(validFrom="2027-01-01T00:00:00Z")))
    add("wrong-key-other-did", "Signed with Mallory's own (valid) did:web key while naming "
        "the victim as issuer: the key belongs to someone else.", nv, "issuer_key", fail,
        sign(credential(), key=mal, method=method_id(MALLORY_DID, mal_key)),
        did_documents={ISSUER_DID: did_document(), MALLORY_DID: mal_doc})
    add("forged-issuer-https-method", "Names the victim's did:web as issuer but is signed "
        "through an https verificationMethod whose fragment is Mallory's key: the signature "
        "matches, the signer is not confirmed as the issuer.", nv, "issuer_key", fail,
        sign(credential(), key=mal, method=f"https://mallory.example/keys#{mal_key}"))
    add("https-issuer-key-only-in-fragment", "An https issuer whose key sits only in the "
        "proof's fragment: nothing confirms that key is the issuer's.", nv, "issuer_key", fail,
        sign(credential(issuer={"id": "https://issuer.example/profile", "type": ["Profile"],
                                "name": "Example Academy"}),
             key=mal, method=f"https://issuer.example/profile#{mal_key}"), did_documents={})
    add("forged-key-not-in-did-document", "Names a method of the victim's DID whose fragment "
        "is Mallory's key; the victim's DID document does not list it.", nv, "issuer_key", fail,
        sign(credential(), key=mal, method=method_id(ISSUER_DID, mal_key)))
    add("key-not-in-assertion-method", "The issuer's key is listed but not authorised to "
        "issue (not in assertionMethod).", nv, "issuer_key", fail, genuine,
        did_documents={ISSUER_DID: no_assertion})
    add("did-document-unavailable", "The issuer's DID document cannot be had: the signer "
        "cannot be confirmed.", nv, "issuer_key", fail, genuine, did_documents={})
    add("did-key-controller-not-issuer", "Signed by a did:key that is not the named issuer.",
        nv, "issuer_key", fail, sign(credential(), method=f"{dkey}#{TEST_PUBLIC}"))
    add("remote-context", "A context that is not bundled: never fetched, refused.", nv,
        "format", fail, edited(genuine, lambda d: d["@context"].append(
            "https://example.org/context.json")))
    add("undefined-term", "A property no context defines, added after signing.", nv,
        "signature", fail, edited(genuine, lambda d: d.update(mallory="was here")))
    for name, pointer in [("credential", ()), ("subject", ("credentialSubject",)),
                          ("achievement", ("credentialSubject", "achievement")),
                          ("issuer", ("issuer",))]:
        add(f"undefined-type-value-{name}", f"type 'Mallory Forger' on the {name}, signed by a "
            "signer that let canonicalisation drop it: it is not covered by the signature.",
            nv, "signature", fail, sign(_add_type(pointer), lenient=True))
    add("xss-in-achievement-name", "Markup in a signed name is just text: verified, and shown "
        "escaped.", "verified", None, None,
        sign(credential(name='<img src=x onerror="window.__xss=1">')))
    add("status-not-revoked", "A status list that does not have the badge's bit set.",
        "verified", None, None, with_status, resources={STATUS_URL: status_list(False)})
    add("status-revoked", "The issuer's signed status list has the badge's bit set.", nv,
        "status", fail, with_status, resources={STATUS_URL: status_list(True)})
    add("status-list-unreachable", "The status list cannot be fetched: status unknown, a "
        "Warning (it does not touch authenticity).", "warning", "status", warn, with_status)
    add("status-list-by-someone-else", "A status list issued and signed by Mallory, bit "
        "clear: a list the issuer did not sign cannot vouch for the badge, status unknown.",
        "warning", "status", warn, with_status,
        did_documents={ISSUER_DID: did_document(), MALLORY_DID: mal_doc},
        resources={STATUS_URL: status_list(False, issuer=MALLORY_DID, key=mal)})
    add("status-list-tampered", "The status list's bit was cleared after signing: its "
        "signature fails, status unknown.", "warning", "status", warn, with_status,
        resources={STATUS_URL: edited(status_list(True), lambda d: d["credentialSubject"]
                                      .update(encodedList=status_list(False)[
                                          "credentialSubject"]["encodedList"]))})
    # Display integrity: each re-spelling keeps the proof valid (the test asserts it).
    criteria_signed = sign(_with_criteria_id())
    add("display-description-moved-to-criteria", "The achievement's description moved into "
        "its criteria object, which has the same id: same graph, so the proof verifies, but "
        "a page would show no description.", nv, "format", fail,
        edited(criteria_signed, _move_description_to_criteria))
    add("display-achievement-in-included", "The achievement described in a top-level "
        "@included node and only referenced from the subject.", nv, "format", fail,
        edited(genuine, _achievement_as_included))
    add("display-name-as-value-object", "The credential's name as a JSON-LD value object "
        "({'@value': …}).", nv, "format", fail, edited(genuine, _name_as_value_object))
    add("display-name-spelt-as-iri", "The credential's name under its full IRI "
        "(https://schema.org/name) instead of 'name'.", nv, "format", fail,
        edited(genuine, _name_as_iri))
    add("display-name-in-a-list", "The achievement's name as a one-item list: same graph, "
        "but not the text a page shows.", nv, "format", fail, edited(genuine, _name_in_a_list))
    creator_signed = sign(_with_creator())
    add("display-issuer-name-moved-to-creator", "The issuer written as a bare id and its "
        "name moved into the achievement's creator, the same node: a page would show no "
        "issuer name.", nv, "format", fail, edited(creator_signed, _issuer_as_bare_id))
    two = sign(_two_names())
    add("display-identifiers-reordered", "Two name identifiers in the other order (a set in "
        "RDF, so the proof verifies): verified, and pages show both in a fixed order.",
        "verified", None, None, edited(two, _reorder_identifiers))
    return out


if __name__ == "__main__":
    print_written(write_cases(cases()))
