"""Verification of ``ecdsa-sd-2023`` derived proofs (W3C vc-di-ecdsa §3.4-3.5).

An issuer signs a *base* proof for the holder; the holder derives from it a disclosure of
some statements, whose ``proofValue`` is ``u`` + base64url(CBOR tag 0x5d01 of [baseSignature,
publicKey, signatures, labelMap, mandatoryIndexes]) (§3.5.7 parseDerivedProofValue). A
verifier canonicalises the disclosed document (RDFC-1.0), renames its blank nodes with the
label map (``c14nN`` → the holder's HMAC labels), sorts the statements, and checks:

- the base signature, by the issuer's P-256 key, over
  SHA-256(proof configuration) ‖ publicKey ‖ SHA-256(mandatory statements);
- one signature per other statement, by the ephemeral P-256 ``publicKey``.

A base proof (tag 0x5d00) is the holder's, not something to verify: it is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from itertools import pairwise

from badgepress.crypto import cbor
from badgepress.crypto.keys import PublicKey
from badgepress.errors import ProofError

CRYPTOSUITE = "ecdsa-sd-2023"
DERIVED_TAG = 0x5D01
_BASE_HEADER = b"\xd9\x5d\x00"
"""CBOR tag 0x5d00, which opens a base proof value."""
_P256_MULTIKEY = b"\x80\x24"
_LABEL_BYTES = 32
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# One N-Quads term of RDFC-1.0 output: an IRI, a blank node, or a literal (with its
# datatype or language); blank nodes are renamed only where they are terms, never in text.
_TERM = re.compile(r'<[^>]*>|_:[A-Za-z0-9_.-]+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?')


@dataclass(frozen=True)
class DerivedProof:
    """The parts of a derived ``ecdsa-sd-2023`` proof value."""

    base_signature: bytes
    public_key: bytes
    """The ephemeral key as a P-256 Multikey (0x8024 ‖ compressed point), as signed."""
    signatures: tuple[bytes, ...]
    labels: dict[str, str]
    """Canonical blank node label (``c14n0``) → the label the issuer signed (``u…``)."""
    mandatory_indexes: tuple[int, ...]


def parse_derived(proof_value: object, pointer: str) -> DerivedProof:
    """Read a derived ``ecdsa-sd-2023`` proof value.

    Raises:
        ProofError: not base64url multibase, not the CBOR the suite defines, a base proof,
            or a label map that gives two blank nodes one label.
    """
    at = f"{pointer}/proofValue"
    if not isinstance(proof_value, str) or not proof_value.startswith("u") or \
            not _BASE64URL.fullmatch(proof_value, 1):
        raise ProofError("an ecdsa-sd-2023 proofValue must be base64url multibase ('u…')",
                         pointer=at)
    text = proof_value[1:]
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        data = b""
    if base64.urlsafe_b64encode(data).decode().rstrip("=") != text:
        raise ProofError("the ecdsa-sd-2023 proofValue is not canonical base64url",
                         pointer=at)
    if data.startswith(_BASE_HEADER):
        raise ProofError(
            "this is an ecdsa-sd-2023 base proof, which is meant for the holder, not a "
            "disclosure to verify", pointer=at,
            hint="the holder derives a disclosure from it (selective disclosure) and "
                 "presents that")
    try:
        value = cbor.decode(data)
    except cbor.CborError as exc:
        raise ProofError(f"the ecdsa-sd-2023 proofValue is malformed: {exc.message}",
                         pointer=at) from None
    if not (isinstance(value, tuple) and value[0] == DERIVED_TAG and
            isinstance(value[1], list) and len(value[1]) == 5):
        raise ProofError("the ecdsa-sd-2023 proofValue is not a derived proof (CBOR tag "
                         "0x5d01 of five items)", pointer=at)
    base_signature, public_key, signatures, label_map, indexes = value[1]
    if not (isinstance(base_signature, bytes) and len(base_signature) == 64):
        raise ProofError("the base signature is not a 64-byte P-256 signature", pointer=at)
    if not (isinstance(public_key, bytes) and len(public_key) == 35 and
            public_key.startswith(_P256_MULTIKEY)):
        raise ProofError("the proof's ephemeral key is not a P-256 Multikey", pointer=at)
    if not (isinstance(signatures, list) and
            all(isinstance(s, bytes) and len(s) == 64 for s in signatures)):
        raise ProofError("the statement signatures are not 64-byte P-256 signatures",
                         pointer=at)
    if not (isinstance(indexes, list) and all(isinstance(i, int) for i in indexes) and
            all(a < b for a, b in pairwise(indexes))):
        raise ProofError("mandatoryIndexes must be increasing statement numbers", pointer=at)
    return DerivedProof(base_signature, public_key, tuple(signatures),
                        _labels(label_map, at), tuple(indexes))


def _labels(label_map: object, pointer: str) -> dict[str, str]:
    if not (isinstance(label_map, dict) and all(
            isinstance(v, bytes) and len(v) == _LABEL_BYTES for v in label_map.values())):
        raise ProofError("the label map must map blank node numbers to 32-byte labels",
                         pointer=pointer)
    labels = {f"c14n{key}": "u" + base64.urlsafe_b64encode(value).decode().rstrip("=")
              for key, value in label_map.items()}
    if len(set(labels.values())) != len(labels):
        raise ProofError("the label map gives two blank nodes the same label (it would "
                         "merge them)", pointer=pointer)
    return labels


def relabel(canonical: str, labels: dict[str, str], pointer: str) -> list[str]:
    """The statements of canonical N-Quads with blank nodes renamed by ``labels``, sorted
    (by UTF-16 code units, as JavaScript sorts them).

    Raises:
        ProofError: a blank node the label map does not name, or a label for none.
    """
    used: set[str] = set()
    lines = canonical.split("\n")  # not splitlines(): a literal may hold U+2028 or U+0085
    statements = [_relabel_line(line, labels, used, pointer)
                  for line in (lines[:-1] if lines[-1] == "" else lines)]
    if used != set(labels):
        raise ProofError("the label map names blank nodes the disclosed credential does not "
                         "have", pointer=f"{pointer}/proofValue")
    return sorted(statements, key=lambda s: s.encode("utf-16-be", "surrogatepass"))


def _relabel_line(line: str, labels: dict[str, str], used: set[str], pointer: str) -> str:
    terms, pos = [], 0
    while (match := _TERM.match(line, pos)) is not None:
        term = match.group()
        if term.startswith("_:"):
            if term[2:] not in labels:
                raise ProofError(f"the label map does not name blank node {term}",
                                 pointer=f"{pointer}/proofValue")
            used.add(term[2:])
            term = "_:" + labels[term[2:]]
        terms.append(term)
        pos = match.end() + 1
        if line[match.end():pos] != " ":
            break
    if line[pos:] != "." or not 3 <= len(terms) <= 4:
        raise ProofError("the canonical form has a statement this verifier cannot read",
                         pointer=f"{pointer}/proofValue")
    return " ".join(terms) + " .\n"


def verify_statements(
    statements: list[str], proof_hash: bytes, derived: DerivedProof, key: PublicKey,
    pointer: str,
) -> None:
    """Check the base signature over the mandatory statements and one signature per other
    statement.

    Raises:
        ProofError: a signature does not match, or the counts do not.
    """
    at = f"{pointer}/proofValue"
    if derived.mandatory_indexes and derived.mandatory_indexes[-1] >= len(statements):
        raise ProofError(f"mandatoryIndexes names statement {derived.mandatory_indexes[-1]}, "
                         f"but the disclosed credential has {len(statements)}", pointer=at)
    chosen = set(derived.mandatory_indexes)
    mandatory = "".join(s for i, s in enumerate(statements) if i in chosen)
    optional = [s for i, s in enumerate(statements) if i not in chosen]
    signed = proof_hash + derived.public_key + hashlib.sha256(mandatory.encode()).digest()
    if not key.verify(derived.base_signature, signed):
        raise ProofError(
            "the signature does not match: the disclosed credential was changed after it "
            "was signed, or it was signed with another key", pointer=at,
            hint="ask the holder for a disclosure derived from the credential as issued")
    if len(derived.signatures) != len(optional):
        raise ProofError(f"the proof has {len(derived.signatures)} statement signatures for "
                         f"{len(optional)} disclosed statements", pointer=at)
    ephemeral = PublicKey(derived.public_key[2:], "P-256")
    for number, (signature, statement) in enumerate(
            zip(derived.signatures, optional, strict=True)):
        if not ephemeral.verify(signature, statement.encode()):
            raise ProofError(
                f"disclosed statement {number + 1} of {len(optional)} does not match its "
                "signature: a disclosed value was changed", pointer=at,
                hint="ask the holder for a disclosure derived from the credential as issued")
