"""Data Integrity proofs: create ``eddsa-rdfc-2022`` proofs, verify those and the older
``Ed25519Signature2020`` ones.

Both suites compute hashData = SHA-256(canonical proof configuration) ‖ SHA-256(canonical
document) with RDFC-1.0, where the proof configuration is the proof without ``proofValue``
plus the document's ``@context``; the signature is Ed25519 over those 64 bytes and the
``proofValue`` is ``z`` + base58btc(signature) (W3C vc-di-eddsa §3.2; for
``Ed25519Signature2020`` the W3C CCG Ed25519Signature2020 draft §4, whose terms come from
the ``https://w3id.org/security/suites/ed25519-2020/v1`` context the document must list).
``ecdsa-rdfc-2019`` (W3C vc-di-ecdsa §3.2) is verified too: the same transformation, with
SHA-256 for P-256 keys and SHA-384 for P-384 keys, and an ECDSA r ‖ s signature.
``eddsa-jcs-2022`` (vc-di-eddsa §3.3) and ``ecdsa-jcs-2019`` (vc-di-ecdsa §3.3) hash the
same way but transform with JCS (RFC 8785, :mod:`badgepress.crypto.jcs`) instead of
RDFC-1.0. Derived ``ecdsa-sd-2023`` proofs (vc-di-ecdsa §3.5) are checked by
:mod:`badgepress.crypto.sd` on the RDFC-1.0 form.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from badgepress.crypto import sd
from badgepress.crypto.jcs import canonical_json
from badgepress.crypto.keys import PublicKey, Signer
from badgepress.crypto.multibase import b58encode, decode_multibase_z
from badgepress.errors import DocumentError, KeyMaterialError, ProofError
from badgepress.jsonld import BundledLoader, canonicalize
from badgepress.jsonld.shape import ShapeCache
from badgepress.model.dates import parse_datetime

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
PROOF_PURPOSE = "assertionMethod"
ED25519_2020 = "Ed25519Signature2020"
ECDSA_RDFC = "ecdsa-rdfc-2019"
EDDSA_JCS = "eddsa-jcs-2022"
ECDSA_JCS = "ecdsa-jcs-2019"
ECDSA_SD = sd.CRYPTOSUITE
CRYPTOSUITES = (CRYPTOSUITE, ECDSA_RDFC, ECDSA_SD, EDDSA_JCS, ECDSA_JCS)
"""The ``DataIntegrityProof`` cryptosuites verified (only the first is ever signed)."""
SUPPORTED = f"{PROOF_TYPE} ({', '.join(CRYPTOSUITES)}) or {ED25519_2020}"
_JCS = (EDDSA_JCS, ECDSA_JCS)
_SIGNATURE_LENGTHS = {CRYPTOSUITE: (64,), ED25519_2020: (64,), ECDSA_RDFC: (64, 96),
                      EDDSA_JCS: (64,), ECDSA_JCS: (64, 96), ECDSA_SD: (64,)}
_CURVES = {CRYPTOSUITE: ("Ed25519",), ED25519_2020: ("Ed25519",), EDDSA_JCS: ("Ed25519",),
           ECDSA_RDFC: ("P-256", "P-384"), ECDSA_JCS: ("P-256", "P-384"), ECDSA_SD: ("P-256",)}


@dataclass(frozen=True)
class Proof:
    """A proof of a supported suite as found in a document, with its raw form."""

    raw: dict[str, Any]
    pointer: str
    verification_method: str
    signature: bytes
    created: str | None
    suite: str = CRYPTOSUITE
    derived: sd.DerivedProof | None = None
    """The parts of an ``ecdsa-sd-2023`` disclosure (``signature`` is its base signature)."""

    @property
    def options(self) -> dict[str, Any]:
        """The proof options: the proof without its ``proofValue``."""
        return {k: v for k, v in self.raw.items() if k != "proofValue"}


def suite_of(raw: dict[str, Any]) -> str | None:
    """The name of the supported suite of a proof object, or ``None``."""
    if raw.get("type") == PROOF_TYPE and raw.get("cryptosuite") in CRYPTOSUITES:
        return str(raw["cryptosuite"])
    if raw.get("type") == ED25519_2020 and "cryptosuite" not in raw:
        return ED25519_2020
    return None


def supported_proofs(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(pointer, proof)`` for each proof of a supported suite, in document order.

    Raises:
        ProofError: no proof, a proof that is not an object, or none of a supported kind.
    """
    proofs = document.get("proof")
    if proofs is None:
        raise ProofError("the credential has no proof", pointer="/proof",
                         hint="sign it with 'badgepress issue'")
    listed = isinstance(proofs, list)
    found, seen = [], []
    for index, raw in enumerate(proofs if listed else [proofs]):
        pointer = f"/proof/{index}" if listed else "/proof"
        if not isinstance(raw, dict):
            raise ProofError("a proof must be a JSON object", pointer=pointer)
        seen.append(f"{raw.get('type')}/{raw.get('cryptosuite')}")
        if suite_of(raw):
            found.append((pointer, raw))
    if not found:
        raise ProofError(f"no {SUPPORTED} proof (found: {', '.join(seen) or 'none'})",
                         pointer="/proof", hint=f"badgepress verifies {SUPPORTED} proofs")
    return found


def select_proof(document: dict[str, Any]) -> Proof:
    """Return the document's first proof of a supported suite, parsed.

    Raises:
        ProofError: no proof, or none of a supported kind, or a malformed one.
    """
    return parse_proof(*supported_proofs(document)[0])


def parse_proof(pointer: str, raw: dict[str, Any]) -> Proof:
    """Read one proof of a supported suite.

    Raises:
        ProofError: a field is missing or malformed.
    """
    if raw.get("proofPurpose") != PROOF_PURPOSE:
        raise ProofError(f"proofPurpose must be {PROOF_PURPOSE!r}",
                         pointer=f"{pointer}/proofPurpose")
    method = raw.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise ProofError("verificationMethod must be a URL string",
                         pointer=f"{pointer}/verificationMethod")
    created = raw.get("created")
    for field in ("created", "expires"):
        if field in raw:
            _date_time_stamp(raw[field], f"{pointer}/{field}")
    suite = suite_of(raw) or CRYPTOSUITE
    if suite == ECDSA_SD:
        derived = sd.parse_derived(raw.get("proofValue"), pointer)
        return Proof(raw, pointer, method, derived.base_signature, created, suite, derived)
    try:
        signature = decode_multibase_z(raw.get("proofValue", ""), what="proofValue")
    except KeyMaterialError as exc:
        raise ProofError(exc.message, pointer=f"{pointer}/proofValue") from None
    if len(signature) not in _SIGNATURE_LENGTHS[suite]:
        raise ProofError(f"proofValue is not a {suite} signature "
                         f"({' or '.join(map(str, _SIGNATURE_LENGTHS[suite]))} bytes)",
                         pointer=f"{pointer}/proofValue")
    return Proof(raw, pointer, method, signature, created, suite)


def _date_time_stamp(value: Any, pointer: str) -> None:
    try:
        parse_datetime(value, pointer)
    except DocumentError as exc:
        raise ProofError(f"{exc.message} (an XSD dateTimeStamp)", pointer=pointer,
                         hint=exc.hint) from None


def canonical(document: dict[str, Any], loader: BundledLoader,
              shapes: ShapeCache | None = None, hash_name: str = "sha256") -> str:
    """The canonical N-Quads of ``document``, blank nodes labelled with ``hash_name``:
    through ``shapes`` (compiled credential shapes, which label with SHA-256) when given
    and the hash is SHA-256, else by the general path.

    Raises:
        ContextError: a context is not bundled or a term is undefined.
        CanonicalizationError: the document cannot be canonicalised portably.
    """
    if shapes is None or hash_name != "sha256":
        return canonicalize(document, loader, hash_name)
    return shapes.canonicalize(document)


def hash_data(
    unsecured: dict[str, Any], options: dict[str, Any], loader: BundledLoader,
    hash_name: str = "sha256", shapes: ShapeCache | None = None,
) -> bytes:
    """Return proofConfigHash ‖ documentHash for a document without ``proof``, with the
    hash ``hash_name`` (``sha256``; ``sha384`` for ecdsa-rdfc-2019 with a P-384 key, which
    also labels blank nodes with SHA-384 inside RDFC-1.0: W3C vc-di-ecdsa "canon-and-hash"),
    canonicalised through ``shapes`` when given.

    Raises:
        ContextError: a context is not bundled or a term is undefined.
        CanonicalizationError: the document cannot be canonicalised portably.
    """
    document = canonical(unsecured, loader, shapes, hash_name)
    doc_hash = hashlib.new(hash_name, document.encode()).digest()
    return config_hash(unsecured, options, loader, hash_name, shapes) + doc_hash


def proof_config(unsecured: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The proof configuration: the proof options with the document's ``@context``."""
    return {**options, "@context": unsecured.get("@context")}


def config_hash(
    unsecured: dict[str, Any], options: dict[str, Any], loader: BundledLoader,
    hash_name: str = "sha256", shapes: ShapeCache | None = None,
) -> bytes:
    """The hash of the RDFC-1.0 proof configuration: the proof options with the document's
    ``@context``.

    Raises:
        ContextError: a context is not bundled or a term is undefined.
        CanonicalizationError: the configuration cannot be canonicalised portably.
    """
    config = proof_config(unsecured, options)
    if shapes is not None and hash_name == "sha256":
        canonical = shapes.canonicalize(config, repeated=True)
        return hashlib.new(hash_name, canonical.encode()).digest()
    return _config_hash(json.dumps(config, sort_keys=True), loader, hash_name)


def jcs_hash_data(
    unsecured: dict[str, Any], options: dict[str, Any], pointer: str,
    hash_name: str = "sha256",
) -> bytes:
    """Return SHA(JCS(proof options)) ‖ SHA(JCS(document)) for the JCS suites. A proof's
    own ``@context`` must be the document's (the spec lets it be a prefix, which would
    leave the document's further contexts unsigned).

    Raises:
        ProofError: the proof's ``@context`` is not the document's.
        CanonicalizationError: a number or string has no exact canonical form.
    """
    if "@context" in options and options["@context"] != unsecured.get("@context"):
        raise ProofError("the proof's @context is not the credential's @context",
                         pointer=f"{pointer}/@context",
                         hint="a JCS proof must list exactly the credential's contexts")
    config = canonical_json(options, pointer)
    document = canonical_json(unsecured)
    return (hashlib.new(hash_name, config.encode()).digest()
            + hashlib.new(hash_name, document.encode()).digest())


@lru_cache(maxsize=256)
def _config_hash(config_json: str, loader: BundledLoader, hash_name: str) -> bytes:
    """The hash of a canonical proof configuration. A batch signs thousands of documents
    with the same configuration (key, purpose, ``created``), so it is computed once."""
    canonical = canonicalize(json.loads(config_json), loader, hash_name)
    return hashlib.new(hash_name, canonical.encode()).digest()


AUDIT_SHARE = 0.01
AUDIT_MINIMUM = 3


def audit_sample(
    items: Sequence[tuple[str, bytes]], shapes: ShapeCache | None, seed: str
) -> int:
    """Canonicalise a random sample (``AUDIT_SHARE`` of ``items``, at least
    ``AUDIT_MINIMUM``; drawn with ``seed``) both through ``shapes`` and by the general
    path, each document and each proof configuration, and compare. Items that are not
    JSON objects are skipped (verification reports them).

    Returns:
        How many documents were compared.

    Raises:
        CanonicalizationError: the two paths differ for a file (named in the error).
    """
    if shapes is None or not items:
        return 0
    count = min(len(items), max(AUDIT_MINIMUM, math.ceil(len(items) * AUDIT_SHARE)))
    compared = 0
    for source, data in random.Random(seed).sample(list(items), count):  # noqa: S311
        try:
            document = json.loads(data)
        except ValueError:
            continue
        if not isinstance(document, dict):
            continue
        unsecured = without_proof(document)
        shapes.audit(unsecured, source)
        proofs = document.get("proof")
        for raw in proofs if isinstance(proofs, list) else [proofs]:
            if isinstance(raw, dict):
                options = {k: v for k, v in raw.items() if k != "proofValue"}
                shapes.audit(proof_config(unsecured, options), source)
        compared += 1
    return compared


def without_proof(document: dict[str, Any]) -> dict[str, Any]:
    """Return a shallow copy of ``document`` with its ``proof`` removed."""
    return {k: v for k, v in document.items() if k != "proof"}


def sign(
    document: dict[str, Any], signer: Signer, loader: BundledLoader, created: datetime,
    shapes: ShapeCache | None = None,
) -> dict[str, Any]:
    """Return a copy of ``document`` with an ``eddsa-rdfc-2022`` proof (in a proof array),
    canonicalised through ``shapes`` when given (a batch signs many of one shape).

    Raises:
        ProofError: the document is already signed.
        ContextError: a context is not bundled or a term is undefined.
        CanonicalizationError: the document cannot be canonicalised portably.
    """
    if "proof" in document:
        raise ProofError("the document is already signed", pointer="/proof")
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": signer.verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = signer.sign(hash_data(document, options, loader, shapes=shapes))
    return {**document, "proof": [{**options, "proofValue": "z" + b58encode(signature)}]}


def verify_proof(
    document: dict[str, Any], proof: Proof, key: PublicKey, loader: BundledLoader,
    shapes: ShapeCache | None = None,
) -> None:
    """Check ``proof`` on ``document`` with ``key``, canonicalising through ``shapes`` when
    given.

    Raises:
        ProofError: the signature does not match the document.
        ContextError: a context is not bundled or a term is undefined.
        CanonicalizationError: the document cannot be canonicalised portably.
    """
    if key.curve not in _CURVES[proof.suite]:
        raise ProofError(f"the {proof.suite} proof needs a {' or '.join(_CURVES[proof.suite])} "
                         f"key, not {key.curve}",
                         pointer=f"{proof.pointer}/verificationMethod",
                         hint="the verification method names a key of another type")
    unsecured = without_proof(document)
    if proof.derived is not None:
        statements = sd.relabel(canonical(unsecured, loader, shapes), proof.derived.labels,
                                proof.pointer)
        sd.verify_statements(statements, config_hash(unsecured, proof.options, loader,
                                                     shapes=shapes),
                             proof.derived, key, proof.pointer)
        return
    data = (jcs_hash_data(unsecured, proof.options, proof.pointer, key.hash_name)
            if proof.suite in _JCS else hash_data(unsecured, proof.options, loader,
                                                  key.hash_name, shapes))
    if not key.verify(proof.signature, data):
        raise ProofError(
            "the signature does not match: the credential was changed after it was "
            "signed, or signed with another key",
            pointer=f"{proof.pointer}/proofValue",
            hint="re-issue the credential instead of editing it",
        )
