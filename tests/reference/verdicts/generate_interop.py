"""Write the interoperability cases of the shared verdict table (``cases/*.json``):
credentials shaped as other issuers publish them (issue 14), deterministically.

Signed with the published W3C test key (``tests.helpers``); nothing here is a real key.
Run it after changing a case and commit the output:

    .venv/bin/python -m tests.reference.verdicts.generate_interop
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from badgepress.crypto.keys import KeyPair, PublicKey
from badgepress.crypto.multibase import b58decode, b58encode
from badgepress.crypto.proof import hash_data
from badgepress.did.document import build_did_document, method_id
from badgepress.jsonld import bundled_loader
from badgepress.jsonld.canon import canonicalize
from tests.helpers import ISSUER_DID, did_document, published_test_key
from tests.reference.verdicts.generate_verifier import (
    CREATED,
    MALLORY_DID,
    NOW,
    STATUS_URL,
    credential,
    edited,
    mallory,
    sign,
    status_entry,
    status_list,
)
from tests.reference.verdicts.table import print_written, write_cases

Json = dict[str, Any]
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
STATUS_LIST_2021_CONTEXT = "https://w3id.org/vc/status-list/2021/v1"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ISSUED = "2026-01-02T03:04:05Z"
# PUBLISHED TEST KEYS (W3C vc-di-ecdsa TestVectors/p256KeyPair.json, p384KeyPair.json).
ECDSA_SECRETS = {"P-256": "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN",
                 "P-384": "z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc"}
_ECDSA = {"P-256": (ec.SECP256R1(), hashes.SHA256, "sha256"),
          "P-384": (ec.SECP384R1(), hashes.SHA384, "sha384")}


def vc11_credential(**changes: Any) -> Json:
    """An OB 3.0 credential on the VC 1.1 data model: ``issuanceDate``, no ``validFrom``,
    and the Data Integrity context VC 1.1 documents need for a DataIntegrityProof (v2, the
    one VC Data Integrity 1.0 §2.1 asks for; the pre-Recommendation v1 has one case)."""
    document = credential(**{"@context": [VC_V1, OB_CONTEXT, DATA_INTEGRITY_V2],
                             "issuanceDate": ISSUED})
    del document["validFrom"]
    document.update(changes)
    return document


def sign_2020(document: Json, *, key: KeyPair | None = None, issuer: str = ISSUER_DID) -> Json:
    """``document`` with an ``Ed25519Signature2020`` proof (a single object, as issuers
    of that suite write it) by ``key`` as a method of ``issuer``."""
    pair = key or published_test_key()
    options = {"type": "Ed25519Signature2020", "created": CREATED,
               "verificationMethod": method_id(issuer, pair.public.multibase),
               "proofPurpose": "assertionMethod"}
    signature = pair.signer(options["verificationMethod"]).sign(
        hash_data(document, options, bundled_loader()))
    return {**document, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def ecdsa_key(curve: str) -> tuple[ec.EllipticCurvePrivateKey, str]:
    """The published test key on ``curve`` and its publicKeyMultibase."""
    secret = b58decode(ECDSA_SECRETS[curve][1:])[2:]
    private = ec.derive_private_key(int.from_bytes(secret, "big"), _ECDSA[curve][0])
    point = private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    return private, PublicKey(point, curve).multibase


def sign_ecdsa(document: Json, curve: str, issuer: str = ISSUER_DID,
               method: str | None = None, *, labels_by_sha256: bool = False) -> Json:
    """``document`` with an ecdsa-rdfc-2019 proof by the test key on ``curve`` (RFC 6979
    deterministic signatures, so the cases are reproducible). ``labels_by_sha256`` makes
    the mistake of labelling blank nodes with RDFC-1.0's default SHA-256 on a P-384 key."""
    private, multibase = ecdsa_key(curve)
    _, hash_type, hash_name = _ECDSA[curve]
    options = {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019",
               "created": CREATED, "proofPurpose": "assertionMethod",
               "verificationMethod": method or method_id(issuer, multibase)}
    if labels_by_sha256:
        loader = bundled_loader()
        config = canonicalize({**options, "@context": document["@context"]}, loader)
        data = (hashlib.new(hash_name, config.encode()).digest()
                + hashlib.new(hash_name, canonicalize(document, loader).encode()).digest())
    else:
        data = hash_data(document, options, bundled_loader(), hash_name)
    der = private.sign(data, ec.ECDSA(hash_type(), deterministic_signing=True))
    size = (private.curve.key_size + 7) // 8
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return {**document, "proof": [{**options, "proofValue": "z" + b58encode(signature)}]}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwk_document(jwk: Json, method_type: str = "JsonWebKey2020") -> Json:
    """The issuer's DID document with one key, ``#key-1``, given as a public JWK."""
    vm = f"{ISSUER_DID}#key-1"
    return {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jws/v1"],
            "id": ISSUER_DID,
            "verificationMethod": [{"id": vm, "type": method_type, "controller": ISSUER_DID,
                                    "publicKeyJwk": jwk}],
            "assertionMethod": [vm]}


def ed25519_jwk() -> Json:
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(published_test_key().public.raw)}


def ec_jwk(curve: str) -> Json:
    numbers = ecdsa_key(curve)[0].public_key().public_numbers()
    size = (numbers.curve.key_size + 7) // 8
    return {"kty": "EC", "crv": curve, "x": _b64url(numbers.x.to_bytes(size, "big")),
            "y": _b64url(numbers.y.to_bytes(size, "big"))}


def vc11_2020_credential(**changes: Any) -> Json:
    """A VC 1.1 credential with the context an Ed25519Signature2020 proof needs."""
    return vc11_credential(**{"@context": [VC_V1, OB_CONTEXT, ED25519_2020_CONTEXT], **changes})


def key_2020_document() -> Json:
    """The issuer's DID document with its key as an Ed25519VerificationKey2020."""
    document = did_document()
    document["@context"] = ["https://www.w3.org/ns/did/v1", ED25519_2020_CONTEXT]
    document["verificationMethod"][0]["type"] = "Ed25519VerificationKey2020"
    return document


def proof_set(*signed: Json) -> Json:
    """The first document with the proofs of all of them, in order (a proof set)."""
    proofs = [p for d in signed for p in (d["proof"] if isinstance(d["proof"], list)
                                          else [d["proof"]])]
    return {**signed[0], "proof": proofs}


def status_list_2020(revoked: bool) -> Json:
    """The issuer's status list, signed with Ed25519Signature2020 instead."""
    unsigned = {k: v for k, v in status_list(revoked).items() if k != "proof"}
    unsigned["@context"] = ["https://www.w3.org/ns/credentials/v2", ED25519_2020_CONTEXT]
    return sign_2020(unsigned)


def resigned_list(revoked: bool, **changes: Any) -> Json:
    """The issuer's status list with ``changes`` (top level; ``statusPurpose`` goes to the
    subject), signed again."""
    unsigned = {k: v for k, v in status_list(revoked).items() if k != "proof"}
    purpose = changes.pop("statusPurpose", None)
    if purpose:
        unsigned["credentialSubject"] = {**unsigned["credentialSubject"],
                                         "statusPurpose": purpose}
    return sign({**unsigned, **changes}, method=method_id(
        ISSUER_DID, published_test_key().public.multibase))


def status_list_2021(revoked: bool) -> Json:
    """The issuer's list as a (VC 1.1) StatusList2021Credential, signed with
    Ed25519Signature2020; encodedList is plain base64url, as that format writes it."""
    bits = status_list(revoked)["credentialSubject"]["encodedList"]
    return sign_2020({
        "@context": [VC_V1, STATUS_LIST_2021_CONTEXT, ED25519_2020_CONTEXT],
        "id": STATUS_URL, "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": ISSUER_DID, "issuanceDate": ISSUED,
        "credentialSubject": {"id": f"{STATUS_URL}#list", "type": "StatusList2021",
                              "statusPurpose": "revocation", "encodedList": bits[1:]}})


SHORT_LIST_BITS = 100_000
"""The length of the lists DCC's issuers publish (verifier-core's fixtures), below the
131,072 the Bitstring Status List Recommendation asks for."""


def short_status_list(revoked: bool) -> Json:
    """The issuer's list holding only ``SHORT_LIST_BITS`` entries (bit 7 set if
    ``revoked``), signed again; ``Bitstring`` itself refuses to build so short a list."""
    bits = bytearray(SHORT_LIST_BITS // 8)
    if revoked:
        bits[0] |= 0x80 >> 7
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    encoded = "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")
    unsigned = {k: v for k, v in status_list(False).items() if k != "proof"}
    unsigned["credentialSubject"] = {**unsigned["credentialSubject"], "encodedList": encoded}
    return sign(unsigned, method=method_id(ISSUER_DID, published_test_key().public.multibase))


def cases() -> dict[str, Json]:
    """Every interoperability case by name."""
    out: dict[str, Json] = {}
    issuer_docs = {ISSUER_DID: did_document()}

    def add(name: str, description: str, verdict: str, check: str | None, state: str | None,
            document: Json, *, did_documents: dict[str, Json] | None = None,
            resources: dict[str, Json] | None = None) -> None:
        out[name] = {
            "description": description,
            "expected": {"verdict": verdict, "check": check, "state": state},
            "now": NOW,
            "credential": document,
            "didDocuments": issuer_docs if did_documents is None else did_documents,
            "resources": resources or {},
        }

    nv, fail = "not-verified", "fail"
    vc11 = sign(vc11_credential())
    add("vc11-genuine", "OB 3.0 on the VC 1.1 data model (credentials/v1 context, "
        "issuanceDate) signed with eddsa-rdfc-2022: verified.", "verified", None, None, vc11)
    add("vc11-data-integrity-v1-context", "A VC 1.1 credential that lists the "
        "pre-Recommendation data-integrity/v1 context (which types cryptosuite as a plain "
        "string) instead of v2, signed that way: verified.", "verified", None, None,
        sign(vc11_credential(**{"@context": [VC_V1, OB_CONTEXT, DATA_INTEGRITY_V1]})))
    add("vc11-tampered-issuance-date", "issuanceDate changed after signing.", nv, "signature",
        fail, edited(vc11, lambda d: d.update(issuanceDate="2020-01-01T00:00:00Z")))
    add("vc11-expired", "expirationDate (VC 1.1) before now: genuine but expired.", nv,
        "dates", fail, sign(vc11_credential(expirationDate="2026-03-01T00:00:00Z")))
    add("vc11-not-yet-valid", "issuanceDate after now.", nv, "dates", fail,
        sign(vc11_credential(issuanceDate="2027-01-01T00:00:00Z")))
    add("vc11-expiration-date-after-now", "expirationDate after now: verified.", "verified",
        None, None, sign(vc11_credential(expirationDate="2026-09-01T00:00:00Z")))
    add("vc11-valid-until-before-expiration-date", "Both validUntil (before now) and "
        "expirationDate (after now): the earlier end counts, so it is expired.", nv, "dates",
        fail, sign(vc11_credential(expirationDate="2026-09-01T00:00:00Z",
                                   validUntil="2026-03-01T00:00:00Z")))
    add("vc11-no-issuance-date", "A VC 1.1 credential without issuanceDate (signed).", nv,
        "format", fail, sign(edited(vc11_credential(), lambda d: d.pop("issuanceDate"))))
    add("vc11-issuance-date-not-a-date", "issuanceDate 'last spring' (signed).", nv, "format",
        fail, sign(vc11_credential(issuanceDate="last spring")))
    add("vc11-expiration-date-not-a-date", "expirationDate 'never' (signed): pages show it.",
        nv, "format", fail, sign(vc11_credential(expirationDate="never")))
    ed = sign_2020(vc11_2020_credential())
    add("ed25519-2020-genuine", "OB 3.0 on VC 1.1 with an Ed25519Signature2020 proof (as DCC "
        "and other platforms issue): verified.", "verified", None, None, ed)
    add("ed25519-2020-vc2-genuine", "A VC 2.0 credential with an Ed25519Signature2020 proof "
        "(the suite's context listed): verified.", "verified", None, None,
        sign_2020(credential(**{"@context": [*credential()["@context"], ED25519_2020_CONTEXT]})))
    add("ed25519-2020-tampered-name", "The name changed after an Ed25519Signature2020 "
        "signature.", nv, "signature", fail, edited(ed, lambda d: d.update(name="Rocket")))
    add("ed25519-2020-suite-context-removed", "The ed25519-2020 context removed: the proof's "
        "terms are undefined, so nothing it says can be checked.", nv, "signature", fail,
        edited(ed, lambda d: d["@context"].remove(ED25519_2020_CONTEXT)))
    add("ed25519-2020-verification-key-2020", "The issuer's DID document gives the key as an "
        "Ed25519VerificationKey2020 (publicKeyMultibase): verified.", "verified", None, None,
        ed, did_documents={ISSUER_DID: key_2020_document()})
    mal = mallory()
    mal_doc = build_did_document(MALLORY_DID, [mal.public.multibase])
    both_docs = {ISSUER_DID: did_document(), MALLORY_DID: mal_doc}
    genuine = sign(credential())
    forged = sign(credential(), key=mal, method=method_id(MALLORY_DID, mal.public.multibase))
    add("proof-set-forged-then-genuine", "Two proofs: Mallory's own (valid, her key) and "
        "the issuer's: one valid proof by the issuer's key suffices.", "verified", None, None,
        proof_set(forged, genuine), did_documents=both_docs)
    add("proof-set-broken-then-genuine", "Two proofs: one whose proofValue is broken, then "
        "the issuer's: verified.", "verified", None, None,
        proof_set(edited(genuine, lambda d: d["proof"][0].update(
            proofValue=d["proof"][0]["proofValue"][:-2] + "11")), genuine))
    add("proof-set-unsupported-then-genuine", "A proof of a suite badgepress does not check "
        "(bbs-2023), then the issuer's: verified.", "verified", None, None,
        proof_set(edited(genuine, lambda d: d["proof"][0].update(cryptosuite="bbs-2023")),
                  genuine))
    add("proof-set-ed25519-2020-and-eddsa-2022", "One Ed25519Signature2020 and one "
        "eddsa-rdfc-2022 proof by the issuer: verified.", "verified", None, None,
        proof_set(sign_2020(vc11_2020_credential(**{"@context": [
            VC_V1, OB_CONTEXT, ED25519_2020_CONTEXT, DATA_INTEGRITY_V1]})),
                  sign(vc11_credential(**{"@context": [
                      VC_V1, OB_CONTEXT, ED25519_2020_CONTEXT, DATA_INTEGRITY_V1]}))))
    add("proof-set-only-forged", "Two proofs, both Mallory's valid ones: no proof is by the "
        "issuer's key.", nv, "issuer_key", fail, proof_set(forged, forged),
        did_documents=both_docs)
    add("proof-set-tampered-content", "Two valid issuer proofs, then the content changed: "
        "neither matches.", nv, "signature", fail,
        edited(proof_set(genuine, sign(credential(), created="2026-01-03T00:00:00Z")),
               lambda d: d.update(name="Rocket Science")))
    p256_doc = {ISSUER_DID: build_did_document(ISSUER_DID, [ecdsa_key("P-256")[1]])}
    p384_doc = {ISSUER_DID: build_did_document(ISSUER_DID, [ecdsa_key("P-384")[1]])}
    p256 = sign_ecdsa(credential(), "P-256")
    add("ecdsa-p256-genuine", "ecdsa-rdfc-2019 with a P-256 Multikey in the issuer's DID "
        "document: verified.", "verified", None, None, p256, did_documents=p256_doc)
    add("ecdsa-p384-genuine", "ecdsa-rdfc-2019 with a P-384 key: SHA-384 for both hashes "
        "and, inside RDFC-1.0, for labelling blank nodes (W3C vc-di-ecdsa, canon-and-hash): "
        "verified.", "verified", None, None, sign_ecdsa(credential(), "P-384"),
        did_documents=p384_doc)
    add("ecdsa-p384-blank-nodes-labelled-by-sha256", "A P-384 ecdsa-rdfc-2019 signature "
        "over N-Quads whose blank nodes RDFC-1.0 labelled with its default SHA-256: "
        "vc-di-ecdsa requires SHA-384 there for P-384 keys, so it does not match.", nv,
        "signature", fail, sign_ecdsa(credential(), "P-384", labels_by_sha256=True),
        did_documents=p384_doc)
    add("ecdsa-p256-tampered-name", "The name changed after an ecdsa-rdfc-2019 signature.",
        nv, "signature", fail, edited(p256, lambda d: d.update(name="Rocket Science")),
        did_documents=p256_doc)
    add("ecdsa-p384-key-for-p256-signature", "A P-256 signature whose method names the "
        "issuer's P-384 key: it does not match.", nv, "signature", fail,
        edited(p256, lambda d: d["proof"][0].update(
            verificationMethod=method_id(ISSUER_DID, ecdsa_key("P-384")[1]))),
        did_documents=p384_doc)
    dkey = f"did:key:{ecdsa_key('P-256')[1]}"
    add("ecdsa-p256-did-key-issuer", "A did:key P-256 issuer signing with its own key: "
        "verified.", "verified", None, None,
        sign_ecdsa(credential(issuer={"id": dkey, "type": ["Profile"], "name": "Example"}),
                   "P-256", issuer=dkey), did_documents={})
    add("ecdsa-proof-with-ed25519-key", "An ecdsa-rdfc-2019 proof whose method names the "
        "issuer's Ed25519 key: refused, the suite needs a P-256 or P-384 key.", nv,
        "signature", fail, edited(genuine, lambda d: d["proof"][0].update(
            cryptosuite="ecdsa-rdfc-2019")))
    key1 = f"{ISSUER_DID}#key-1"
    signed_key1 = sign(credential(), method=key1)
    add("jwk-okp-ed25519", "The issuer's DID document gives its key as a JsonWebKey2020 "
        "(OKP Ed25519 publicKeyJwk): verified.", "verified", None, None, signed_key1,
        did_documents={ISSUER_DID: jwk_document(ed25519_jwk())})
    add("jwk-ec-p256", "A JsonWebKey (EC P-256 publicKeyJwk) and an ecdsa-rdfc-2019 "
        "proof: verified.", "verified", None, None,
        sign_ecdsa(credential(), "P-256", method=key1),
        did_documents={ISSUER_DID: jwk_document(ec_jwk("P-256"), "JsonWebKey")})
    add("jwk-with-private-key", "A publicKeyJwk that also holds the private key ('d'): "
        "refused, the key is not used.", nv, "signature", fail, signed_key1,
        did_documents={ISSUER_DID: jwk_document({**ed25519_jwk(), "d": _b64url(bytes(32))})})
    off_curve = ec_jwk("P-256")
    off_curve["y"] = off_curve["x"]
    add("jwk-ec-point-off-curve", "An EC publicKeyJwk whose (x, y) is not on P-256: the key "
        "is unusable.", nv, "signature", fail, sign_ecdsa(credential(), "P-256", method=key1),
        did_documents={ISSUER_DID: jwk_document(off_curve, "JsonWebKey")})
    embedded = did_document()
    embedded["assertionMethod"] = embedded.pop("verificationMethod")
    add("method-embedded-in-assertion-method", "The issuer's key is embedded in "
        "assertionMethod (not listed in verificationMethod): verified.", "verified", None,
        None, genuine, did_documents={ISSUER_DID: embedded})
    add("jwk-other-controller", "A JWK method controlled by another DID: not the issuer's, "
        "and no other copy of the key is at hand, so nothing can be checked.",
        nv, "signature", fail, signed_key1, did_documents={ISSUER_DID: edited(
            jwk_document(ed25519_jwk()), lambda d: d["verificationMethod"][0].update(
                controller=MALLORY_DID))})
    profile = "https://issuer.example/profile"
    https_issuer = {"id": profile, "type": ["Profile"], "name": "Example Academy"}
    https_signed = sign(credential(issuer=https_issuer), method=f"{profile}#key-1")
    controller = edited(jwk_document(ed25519_jwk()), lambda d: (
        d.update(id=profile, assertionMethod=[f"{profile}#key-1"]),
        d["verificationMethod"][0].update(id=f"{profile}#key-1", controller=profile)))
    add("https-issuer-controller-document", "An https issuer whose controller document at its "
        "own URL lists the key in assertionMethod: verified.", "verified", None, None,
        https_signed, did_documents={profile: controller})
    add("https-issuer-controller-document-key-not-authorised", "The https issuer's controller "
        "document lists the key but not in assertionMethod.", nv, "issuer_key", fail,
        https_signed, did_documents={profile: edited(
            controller, lambda d: d.update(assertionMethod=[]))})
    add("https-issuer-signed-by-another-sites-key", "Names an https issuer but is signed with "
        "a key from Mallory's controller document: not the issuer's.", nv, "issuer_key", fail,
        sign(credential(issuer=https_issuer), key=mal,
             method="https://mallory.example/keys#key-1"),
        did_documents={"https://mallory.example/keys": edited(controller, lambda d: (
            d.update(id="https://mallory.example/keys",
                     assertionMethod=["https://mallory.example/keys#key-1"]),
            d["verificationMethod"][0].update(
                id="https://mallory.example/keys#key-1", controller="https://mallory.example/keys",
                publicKeyJwk={"kty": "OKP", "crv": "Ed25519", "x": _b64url(mal.public.raw)})))})
    with_status = sign(credential(credentialStatus=status_entry()))
    add("status-list-ed25519-2020-revoked", "The issuer's status list is signed with "
        "Ed25519Signature2020 and has the badge's bit set: revoked.", nv, "status", fail,
        with_status, resources={STATUS_URL: status_list_2020(True)})
    other_url = "https://status.example-academy.org/lists/1"
    add("status-list-id-differs-from-url-revoked", "The list served at the entry's URL has "
        "another id (BSL §2.2: the id MAY match), is signed by the issuer and has the bit "
        "set: revoked.", nv, "status", fail, with_status,
        resources={STATUS_URL: resigned_list(True, id=other_url)})
    suspension = {**status_entry(), "statusPurpose": "suspension"}
    add("status-suspended", "A suspension entry whose bit is set in the issuer's suspension "
        "list: suspended.", nv, "status", fail, sign(credential(credentialStatus=suspension)),
        resources={STATUS_URL: resigned_list(True, statusPurpose="suspension")})
    add("status-suspension-not-set", "A suspension entry whose bit is clear: verified.",
        "verified", None, None, sign(credential(credentialStatus=suspension)),
        resources={STATUS_URL: resigned_list(False, statusPurpose="suspension")})
    message = {**status_entry(), "statusPurpose": "message"}
    add("status-message-purpose-is-information", "A message entry (its list unreachable) "
        "says nothing about validity: verified.", "verified", None, None,
        sign(credential(credentialStatus=message)))
    sl2021 = sign_2020(vc11_2020_credential(**{
        "@context": [VC_V1, OB_CONTEXT, STATUS_LIST_2021_CONTEXT, ED25519_2020_CONTEXT],
        "credentialStatus": {**status_entry(), "type": "StatusList2021Entry"}}))
    add("status-list-2021-revoked", "A legacy StatusList2021Entry whose StatusList2021 list "
        "has the bit set: revoked.", nv, "status", fail, sl2021,
        resources={STATUS_URL: status_list_2021(True)})
    add("status-list-2021-not-revoked", "The same StatusList2021 list without the bit: "
        "verified.", "verified", None, None, sl2021,
        resources={STATUS_URL: status_list_2021(False)})
    add("status-list-2021-entry-pointing-to-a-bitstring-list", "A StatusList2021Entry "
        "whose URL serves a BitstringStatusListCredential: not the list it names, status "
        "unknown.", "warning", "status", "warn", sl2021,
        resources={STATUS_URL: status_list(True)})
    revocations = "https://example-academy.github.io/badges/revocations.json"
    listed = sign(credential(**{  # the OB extensions context defines the status type
        "@context": [*credential()["@context"], OB_EXTENSIONS],
        "credentialStatus": {"id": revocations, "type": "1EdTechRevocationList"}}))

    def revocation_list(*items: Json) -> dict[str, Json]:
        return {revocations: {"id": revocations, "revokedCredential": list(items)}}

    badge_id = listed["id"]
    add("revocation-list-1edtech-revoked", "A 1EdTechRevocationList that lists the badge's id "
        "(revoked omitted, so true): revoked.", nv, "status", fail, listed,
        resources=revocation_list({"id": badge_id, "revocationReason": "issued in error"}))
    add("revocation-list-1edtech-not-listed", "The 1EdTechRevocationList lists another "
        "credential: verified.", "verified", None, None, listed,
        resources=revocation_list({"id": "urn:uuid:another", "revoked": True}))
    add("revocation-list-1edtech-revoked-false", "The badge is listed with revoked false: "
        "not revoked, verified.", "verified", None, None, listed,
        resources=revocation_list({"id": badge_id, "revoked": False}))
    add("revocation-list-1edtech-unreachable", "The 1EdTechRevocationList cannot be had: "
        "status unknown.", "warning", "status", "warn", listed)
    add("status-list-ed25519-2020-not-revoked", "The same list without the bit: verified.",
        "verified", None, None, with_status, resources={STATUS_URL: status_list_2020(False)})
    add("status-list-short-revoked", f"The issuer's signed list holds {SHORT_LIST_BITS:,} "
        "entries, fewer than the 131,072 BSL §3.2 asks for, and has the badge's bit set: the "
        "bit is read, revoked (with a note on holders' privacy).", nv, "status", fail,
        with_status, resources={STATUS_URL: short_status_list(True)})
    add("status-list-short-not-revoked", f"The same {SHORT_LIST_BITS:,}-entry list without "
        "the bit: verified (with a note on holders' privacy).", "verified", None, None,
        with_status, resources={STATUS_URL: short_status_list(False)})
    return out


if __name__ == "__main__":
    print_written(write_cases(cases()))
