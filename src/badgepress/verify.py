"""The one place that composes checking: ``check_*`` returns a report, ``verify_*`` raises.

Checks run in a fixed order — format, signature, issuer key, status, dates — on the
document as stored, never on something re-serialised from a model. A credential secured as a
JWT (an envelope, see ``model.document.load_credential``) goes through the same checks: its
JWS signature and ``kid`` stand in for the embedded proof, its claims join the format and
date checks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.crypto.keys import PublicKey
from badgepress.crypto.proof import Proof, parse_proof, supported_proofs, verify_proof
from badgepress.did.document import VerificationMethod, find_method
from badgepress.did.key import DID_KEY_PREFIX, full_method_id
from badgepress.errors import (
    BadgeError,
    DocumentError,
    KeyMaterialError,
    ProofError,
    ResolutionError,
    StatusError,
)
from badgepress.jose.claims import check_claims, date_bounds
from badgepress.jose.jws import HEADER, algorithm, header_key, verify_jws
from badgepress.jose.keyset import key_from_set
from badgepress.jsonld.canon import check_plain_tree, check_portable, passes_plain_and_portable
from badgepress.model.credential import Credential, schema_view, type_names
from badgepress.model.dates import format_datetime, parse_datetime
from badgepress.model.document import Envelope, check_tree, load_credential
from badgepress.model.summary import achievement_line, describe
from badgepress.model.text import without_bidi
from badgepress.report import DATA_MODELS, MESSAGES, SHOWN, Check, Report, State
from badgepress.schema import (
    more_message,
    schema_errors,
)
from badgepress.status.bitstring import MIN_BITS, Bitstring, parse_index
from badgepress.trust import StatusListEntry, Trust

STATUS_ENTRY = "BitstringStatusListEntry"
STATUS_LIST_CREDENTIAL = "BitstringStatusListCredential"
LIST_TYPES = {STATUS_ENTRY: STATUS_LIST_CREDENTIAL,
              "StatusList2021Entry": "StatusList2021Credential"}
"""Status entry type → the type of the list credential it points to (StatusList2021 is the
W3C CCG predecessor of Bitstring Status List, read the same way)."""
REVOCATION_LIST = "1EdTechRevocationList"
WITHDRAWN = frozenset({"revocation", "suspension"})
"""The status purposes whose set bit means the credential is not valid now."""
CONFIRMED_BY_DOMAIN = ("did:web:", "https://")
"""Issuer identifiers whose key a web domain publishes; any other (did:key) is self-asserted."""
EMBEDDED = "verifiableCredential"
MAX_EMBEDDED = 1000
"""The most credentials a CLR may embed; a larger one is not a well-formed record here."""


@dataclass(frozen=True)
class _Signed:
    """A signed document whose proof (or JWS) verified, and the method that signed it."""

    method_id: str
    """The verification method named as the signer (its full id)."""
    pointer: str
    """Where the document names it."""
    method: VerificationMethod | None
    resolution_error: BadgeError | None
    secured_as: str | None = None
    """``"a JWT (ES256)"`` for a credential in a JWS envelope."""


def check_credential(
    data: bytes | dict[str, Any], trust: Trust, *, path: str | Path | None = None,
    expand: bool = True,
) -> Report:
    """Run every check on one credential and return the report; never raises ``BadgeError``.

    A CLR's embedded credentials are each checked too (``report.children``), unless
    ``expand`` is false (an embedded CLR inside a CLR is not expanded further).
    """
    report = Report(path=str(path) if path is not None else None)
    envelope: Envelope | None = None
    try:
        if isinstance(data, bytes):
            document, envelope = load_credential(data, path=path)
        else:
            document = data
            check_tree(document)
        credential = _check_format(document, trust)
        if envelope is not None:
            check_claims(envelope, document)
    except BadgeError as exc:
        report.checks.append(_failed("format", exc))
        return report
    report.credential_id = credential.id
    report.issuer = credential.issuer_id
    report.about = describe(document)
    if expand and credential.is_clr:
        report.children = check_embedded(credential, trust)
    try:
        signed = (_check_signature(document, credential.issuer_id, trust) if envelope is None
                  else _check_jws(envelope, credential.issuer_id, trust))
    except BadgeError as exc:
        report.checks.append(_failed("signature", exc))
        return report
    issuer_key = _check_issuer_key(signed, credential.issuer_id, trust)
    confirmed = issuer_key.state is State.PASS
    message = MESSAGES["signaturePass" if confirmed else "signatureUnconfirmedKey"]
    if signed.secured_as:
        message = f"Secured as {signed.secured_as}. {message}"
    report.checks.append(Check("signature", State.PASS, message))
    report.checks.append(issuer_key)
    report.checks.append(_check_status(credential, trust))
    report.checks.append(_check_dates(credential, trust, envelope))
    report.checks.insert(0, Check("format", State.PASS, MESSAGES["formatPass"]))
    return report


def verify_credential(
    data: bytes | dict[str, Any], trust: Trust, *, path: str | Path | None = None
) -> Credential:
    """Verify one credential and return it parsed.

    Raises:
        BadgeError: the first check that did not pass, with file, pointer and hint.
    """
    report = check_credential(data, trust, path=path)
    problem = report.first_problem()
    if problem is not None:
        raise BadgeError(problem.message, path=path, pointer=problem.pointer, hint=problem.hint)
    document = load_credential(data, path=path)[0] if isinstance(data, bytes) else data
    return Credential.parse(document)


def _failed(check: str, exc: BadgeError, code: str | None = None) -> Check:
    return Check(check, State.FAIL, exc.message, exc.pointer, exc.hint, code)


def unreadable_report(exc: BadgeError) -> Report:
    """The report of a file that could not even be read as a credential."""
    return Report(path=exc.path, checks=[_failed("format", exc)])


def check_embedded(record: Credential, trust: Trust) -> list[Report]:
    """Check each credential a CLR embeds (``credentialSubject.verifiableCredential``) on
    its own: its own proof, issuer key, status and dates, as if it came alone. An embedded
    CLR is checked but not expanded. The outer report's verdict never depends on these."""
    reports = []
    for index, item in enumerate(record.subject[EMBEDDED]):
        pointer = f"/credentialSubject/{EMBEDDED}/{index}"
        if isinstance(item, dict):
            child = check_credential(item, trust, expand=False)
        else:
            child = Report(path=None, checks=[Check("format", State.FAIL, MESSAGES[
                "embeddedUnreadable"], pointer)])
        child.pointer = pointer
        child.about = [achievement_line(item), *child.about]
        reports.append(child)
    return reports


def _check_record_shape(credential: Credential) -> None:
    """A CLR holds 1 to ``MAX_EMBEDDED`` embedded credentials.

    Raises:
        DocumentError: naming the field.
    """
    embedded = credential.subject.get(EMBEDDED)
    pointer = f"/credentialSubject/{EMBEDDED}"
    if not isinstance(embedded, list) or not embedded:
        raise DocumentError("a ClrCredential must embed at least one credential",
                            pointer=pointer)
    if len(embedded) > MAX_EMBEDDED:
        raise DocumentError(f"embeds {len(embedded):,} credentials; this verifier checks at "
                            f"most {MAX_EMBEDDED:,}", pointer=pointer,
                            hint="split the record into smaller CLRs")


def _check_format(document: Any, trust: Trust) -> Credential:
    # One walk vouches for the two tree checks; when it cannot, they run and word the error.
    clean = passes_plain_and_portable(document, trust.loader)
    if not clean:
        check_plain_tree(document, SHOWN)
    credential = Credential.parse(document)
    if credential.is_clr:
        _check_record_shape(credential)
    errors = [] if credential.schema is None else _schema_errors(document, credential.schema,
                                                                 trust)
    if errors:
        first = errors[0]
        if len(errors) > 1:
            first.message += more_message(len(errors) - 1)
        raise first
    if not clean:
        check_portable(document, trust.loader)
    return credential


def _schema_errors(document: dict[str, Any], name: str, trust: Trust) -> list[DocumentError]:
    """The schema's violations in the credential as stored (pointers of the stored fields):
    none when a valid credential of the same shape vouches for it (``trust.schemas``), else
    those the general path finds."""
    valid = None if trust.schemas is None else trust.schemas.valid(
        document, lambda tree: schema_view(tree)[0], name)
    if valid:
        return []
    shaped, renamed = schema_view(document)
    errors = schema_errors(shaped, name, fast=valid is None)
    if errors and errors[0].pointer in renamed:
        errors[0].pointer = renamed[str(errors[0].pointer)]
    return errors


def _check_signature(document: dict[str, Any], issuer_id: str, trust: Trust) -> _Signed:
    """The proof that vouches for ``document``: of its proofs of a supported suite (a proof
    set), the first whose signature matches with a key the issuer may sign with; else the
    first whose signature matches (the issuer check then says why it is not the issuer's).

    Raises:
        BadgeError: no proof's signature matches (the first proof's reason).
    """
    first_error: BadgeError | None = None
    matching: _Signed | None = None
    for pointer, raw in supported_proofs(document):
        try:
            signed = _verified_proof(document, parse_proof(pointer, raw), trust)
        except BadgeError as exc:
            first_error = first_error or exc
            continue
        if _check_issuer_key(signed, issuer_id, trust).state is State.PASS:
            return signed
        matching = matching or signed
    if matching is not None:
        return matching
    assert first_error is not None  # noqa: S101 - supported_proofs returns at least one
    raise first_error


def _verified_proof(document: dict[str, Any], proof: Proof, trust: Trust) -> _Signed:
    method: VerificationMethod | None = None
    resolution_error: BadgeError | None = None
    try:
        method = trust.method(full_method_id(proof.verification_method))
        key = method.key
    except BadgeError as exc:
        resolution_error = exc
        key = _key_in_fragment(proof, exc)
    verify_proof(document, proof, key, trust.loader, trust.shapes)
    return _Signed(full_method_id(proof.verification_method),
                   f"{proof.pointer}/verificationMethod", method, resolution_error)


def _check_jws(envelope: Envelope, issuer_id: str, trust: Trust) -> _Signed:
    """The JWS signature of an enveloped credential, checked with the key its ``kid`` names
    (through the controller's DID document, or in the JWK set its ``jku`` or ``kid`` URL
    names, see ``jose.keyset``), else the key its header carries (``jwk``, which confirms
    nobody unless the issuer is that very did:key).

    Raises:
        BadgeError: the header is refused, the key cannot be had, or the signature does not
            match.
    """
    alg = algorithm(envelope)
    in_set = key_from_set(envelope, alg, issuer_id, trust.resolver)
    if in_set is not None:
        verify_jws(envelope, alg, in_set.key)
        method = None if in_set.unconfirmed else VerificationMethod(
            in_set.method_id, issuer_id, in_set.key, assertion=True)
        return _Signed(in_set.method_id, in_set.pointer, method, in_set.unconfirmed,
                       f"a JWT ({alg})")
    kid = envelope.header.get("kid")
    own = header_key(envelope)
    if kid is None and own is not None:
        method, error = _self_asserted(own, issuer_id, trust)
        verify_jws(envelope, alg, own)
        return _Signed(method.id if method else "the key in the JWT header", f"{HEADER}/jwk",
                       method, error, f"a JWT ({alg})")
    method_id = _kid_method_id(kid, issuer_id)
    try:
        method = trust.method(method_id)
        key, error = method.key, None
    except BadgeError as exc:
        fallback = own or _fragment_key(method_id)
        if fallback is None:
            raise ProofError(f"cannot check the signature: the signing key was not found "
                             f"({exc.message})", pointer=f"{HEADER}/kid", hint=exc.hint) from None
        method, key, error = None, fallback, exc
    verify_jws(envelope, alg, key)
    return _Signed(method_id, f"{HEADER}/kid", method, error, f"a JWT ({alg})")


def _kid_method_id(kid: str | None, issuer_id: str) -> str:
    """The full verification method id a JWT's ``kid`` names: a DID URL or URL as it is, a
    fragment (``#key-1``) or bare name of the issuer's document, or, without a ``kid``, the
    issuer's own did:key.

    Raises:
        ProofError: no ``kid`` and an issuer that is not a did:key.
    """
    if kid is None:
        if issuer_id.startswith(DID_KEY_PREFIX):
            return full_method_id(issuer_id)
        raise ProofError("the JWT names no signing key (no kid in its header)",
                         pointer=f"{HEADER}/kid",
                         hint="the issuer should name its published key in the JWT's kid")
    if kid.startswith("#"):
        return f"{issuer_id}{kid}"
    if kid.startswith(("did:", "https://")):
        return full_method_id(kid)
    return f"{issuer_id}#{kid}"


def _self_asserted(key: PublicKey, issuer_id: str, trust: Trust
                   ) -> tuple[VerificationMethod | None, BadgeError | None]:
    """Whether a key carried in the JWT header is the issuer's: only when the issuer's
    identifier is that key (did:key); anyone can put any key in a header."""
    if issuer_id.startswith(DID_KEY_PREFIX):
        own = find_method(trust.resolver.resolve(issuer_id), full_method_id(issuer_id))
        if own.key == key:
            return own, None
    return None, ResolutionError(
        f"the JWT header carries its own key (jwk), which anyone can do; nothing shows it is "
        f"a key of {issuer_id}", pointer=f"{HEADER}/jwk",
        hint="the issuer should name a key published in its DID document in the JWT's kid")


def _fragment_key(method_id: str) -> PublicKey | None:
    """The public key named by a ``…#z6Mk…`` method id (or a did:key), if it names one, so
    the signature can be checked even when the issuer's DID document is not at hand (the
    issuer check still fails)."""
    candidate = method_id.split("#", 1)[1] if "#" in method_id else \
        method_id.removeprefix(DID_KEY_PREFIX)
    try:
        return PublicKey.from_any_multibase(candidate)
    except KeyMaterialError:
        return None


def _key_in_fragment(proof: Proof, cause: BadgeError) -> PublicKey:
    """The key of ``_fragment_key`` for a proof.

    Raises:
        ProofError: the method id names no key, so the signature cannot be checked.
    """
    key = _fragment_key(proof.verification_method)
    if key is None:
        raise ProofError(
            f"cannot check the signature: the signing key was not found ({cause.message})",
            pointer=f"{proof.pointer}/verificationMethod",
            hint=cause.hint,
        )
    return key


def _check_issuer_key(signed: _Signed, issuer_id: str, trust: Trust) -> Check:
    vm, pointer = signed.method_id, signed.pointer
    if signed.method is None:
        assert signed.resolution_error is not None  # noqa: S101 - set together
        error = signed.resolution_error
        return Check("issuer_key", State.FAIL,
                     f"cannot confirm the signing key belongs to the issuer: {error.message}",
                     pointer, error.hint, "key-unresolved")
    method = signed.method
    if method.controller != issuer_id:
        return Check("issuer_key", State.FAIL,
                     f"the signing key belongs to {method.controller}, not to the issuer "
                     f"{issuer_id}", pointer, "the issuer must sign with its own key",
                     "wrong-issuer")
    if not method.assertion:
        note = trust.key_notes.get(vm)
        return Check("issuer_key", State.FAIL,
                     f"the issuer no longer lets key {vm} sign credentials"
                     + (f": {note}" if note else " (it is not in assertionMethod)"),
                     pointer, "the issuer should re-issue this credential with its current key",
                     "key-not-authorised")
    if issuer_id.startswith(CONFIRMED_BY_DOMAIN):
        return Check("issuer_key", State.PASS, f"Signed with a key published by {issuer_id}.")
    return Check("issuer_key", State.PASS,
                 f"Signed with the key that is the issuer's identifier ({issuer_id}); no web "
                 "domain confirms the issuer's name.", code="self-asserted")


def _check_dates(credential: Credential, trust: Trust, envelope: Envelope | None) -> Check:
    """Within the credential's dates and, for a JWT, its ``nbf``/``exp`` claims too."""
    start, start_at = credential.valid_from, f"/{credential.valid_from_field}"
    until: datetime | None = credential.valid_until
    until_at = f"/{credential.valid_until_field}"
    nbf, exp = date_bounds(envelope) if envelope is not None else (None, None)
    if nbf is not None and nbf.when > start:
        start, start_at = nbf.when, nbf.pointer
    if exp is not None and (until is None or exp.when < until):
        until, until_at = exp.when, exp.pointer
    if start > trust.now:
        return Check("dates", State.FAIL, f"not yet valid: valid from {format_datetime(start)}",
                     start_at, code="not-yet-valid", facts={"date": format_datetime(start)})
    if until is not None and until <= trust.now:
        return Check("dates", State.FAIL, f"expired on {format_datetime(until)}", until_at,
                     "ask the issuer for a renewed badge", "expired",
                     {"date": format_datetime(until)})
    return Check("dates", State.PASS,
                 f"Valid from {format_datetime(start)}"
                 + (f" until {format_datetime(until)}." if until else ", with no expiry date."))


def _check_status(credential: Credential, trust: Trust) -> Check:
    """Revoked or suspended if any revocation/suspension entry's bit is set; else a warning
    if an entry could not be checked. ``refresh`` and ``message`` entries say nothing about
    validity (BSL §2.1) and are not checked.

    A list need not be signed by the credential's issuer: "the issuer value of a verifiable
    credential containing a BitstringStatusListEntry MAY be different from the issuer value
    of a BitstringStatusListCredential" (Bitstring Status List v1.0 REC, §2.2). Such a list,
    verified under its own issuer's key, counts one way only. Its set bit revokes (or
    suspends): the issuer signed the list's URL into the credential, so it delegated to
    whatever that URL serves, and a set bit fails closed. Its clear bit cannot vouch for
    the badge (status unknown): whoever controls that host could serve a clear bit for a
    revoked badge.

    A received list shorter than ``MIN_BITS`` is still read (the bit says what it says),
    with a note on the check. The Recommendation's minimum is there for holders' herd
    privacy: Bitstring Status List v1.0 REC §3.2 Validate Algorithm ("Let
    minimumNumberOfEntries be 131,072 unless a different lower bound is established by a
    specific ecosystem specification", then STATUS_LIST_LENGTH_ERROR), §3.5 Processing
    Errors ("the minimum length required for herd privacy") and §6.1 Revocation Bitstring
    Length. A short list weakens that privacy; it does not make the bit wrong. badgepress's
    own lists are never short (``verify_status_list`` and the build refuse them)."""
    entries = credential.status_entries
    if not entries:
        return Check("status", State.PASS, MESSAGES["statusNone"])
    unknown: Check | None = None
    note: str | None = None
    for pointer, entry in entries:
        if entry.get("type") == REVOCATION_LIST:
            try:
                revoked = _revocation_list_entry(entry, pointer, credential.id, trust)
            except BadgeError as exc:
                unknown = unknown or _status_unknown(exc, pointer)
                continue
            if revoked is not None:
                detail = f": {revoked}" if revoked else " (no reason given)"
                return Check("status", State.FAIL, f"revoked by the issuer{detail}", pointer,
                             code="revoked", facts={"reason": revoked} if revoked else {})
            continue
        purpose = entry.get("statusPurpose")
        if entry.get("type") in LIST_TYPES and purpose not in WITHDRAWN:
            continue
        try:
            bit = _entry_bit(entry, pointer, trust)
        except BadgeError as exc:
            unknown = unknown or _status_unknown(exc, pointer)
            continue
        if bit.size < MIN_BITS:
            note = note or MESSAGES["statusShortList"].format(entries=f"{bit.size:,}")
        if bit.signer != credential.issuer_id:
            if bit.is_set:
                return _withdrawn_per_list(bit, purpose == "suspension", pointer, note)
            unknown = unknown or _not_vouched_for(bit, purpose == "suspension", pointer)
            continue
        if bit.is_set and purpose == "suspension":
            return Check("status", State.FAIL, "suspended by the issuer", pointer,
                         "ask the issuer whether the suspension has ended", "suspended",
                         note=note)
        if bit.is_set:
            record = trust.status.revocation(credential.id)
            detail = f" on {record.date}: {record.reason}" if record else " (no reason given)"
            facts = {"date": record.date, "reason": record.reason} if record else {}
            return Check("status", State.FAIL, f"revoked by the issuer{detail}",
                         pointer, code="revoked", facts=facts, note=note)
    if unknown is not None:
        return replace(unknown, note=note)
    return Check("status", State.PASS, MESSAGES["statusPass"], note=note)


@dataclass(frozen=True)
class _ListBit:
    """A status entry's bit in the list it points to, once that list is verified."""

    url: str
    is_set: bool
    size: int
    """The list's length in bits."""
    signer: str
    """The list's issuer, whose key signed it (perhaps not the credential's issuer)."""


def _status_unknown(exc: BadgeError, pointer: str) -> Check:
    return Check("status", State.WARN, f"status could not be checked: {exc.message}",
                 exc.pointer or pointer, exc.hint, "status-unknown")


def _withdrawn_per_list(bit: _ListBit, suspended: bool, pointer: str, note: str | None
                        ) -> Check:
    """Revoked (or suspended) by the set bit of a list that someone other than the
    credential's issuer signed: the report names who."""
    signer = without_bidi(bit.signer)
    words = MESSAGES["statusSuspendedPerList" if suspended else "statusRevokedPerList"]
    return Check("status", State.FAIL, words.format(url=bit.url, signer=signer), pointer,
                 "ask the issuer whether the suspension has ended" if suspended else None,
                 "suspended" if suspended else "revoked", {"signer": signer}, note)


def _not_vouched_for(bit: _ListBit, suspended: bool, pointer: str) -> Check:
    """Status unknown: a clear bit in a list the credential's issuer did not sign."""
    message = MESSAGES["statusListNotIssuers"].format(
        url=bit.url, signer=without_bidi(bit.signer),
        withdrawn="suspended" if suspended else "revoked")
    return Check("status", State.WARN, message, f"{pointer}/statusListCredential",
                 "the issuer should sign its status list with its own key", "status-unknown")


def _revocation_list_entry(
    entry: dict[str, Any], pointer: str, credential_id: str, trust: Trust
) -> str | None:
    """Check a ``1EdTechRevocationList`` entry (OB 3.0, the 1EdTech Revocation List Status
    Method): the JSON at the entry's ``id`` lists ``revokedCredential`` objects; one with the
    credential's ``id`` and ``revoked`` true or absent revokes it. The list is not signed,
    so it can only ever make a badge fail, never vouch for it.

    Returns:
        ``None`` when not revoked, else the reason given (``""`` when none).

    Raises:
        StatusError: the list cannot be had or is not such a list.
    """
    url = entry.get("id")
    if not isinstance(url, str):
        raise StatusError("a 1EdTechRevocationList entry needs the list's URL as its id",
                          pointer=f"{pointer}/id")
    document = trust.status.status_list(url)
    listed = document.get("revokedCredential")
    if not isinstance(listed, list):
        raise StatusError(f"{url} has no revokedCredential list")
    for item in listed:
        if (isinstance(item, dict) and item.get("id") == credential_id
                and item.get("revoked", True) is not False):
            reason = item.get("revocationReason")
            return without_bidi(reason).strip() if isinstance(reason, str) else ""
    return None


def _entry_bit(entry: dict[str, Any], pointer: str, trust: Trust) -> _ListBit:
    """The entry's bit in its verified list, with the list's length and signer.

    Raises:
        StatusError: the list cannot be had or verified, is not of the type or purpose the
            entry names, or the index is outside it.
    """
    list_type = LIST_TYPES.get(entry.get("type"))  # type: ignore[arg-type]
    if list_type is None:
        raise StatusError(f"unsupported status type {entry.get('type')!r}",
                          pointer=f"{pointer}/type")
    index = parse_index(entry.get("statusListIndex"))
    url = entry.get("statusListCredential")
    if not isinstance(url, str):
        raise StatusError("statusListCredential must be a URL",
                          pointer=f"{pointer}/statusListCredential")
    kind, purpose, bits, signer = _status_list(url, trust)
    if kind != list_type:
        raise StatusError(f"{url} is a {kind}, not the {list_type} a {entry.get('type')} "
                          "points to", pointer=f"{pointer}/statusListCredential")
    if entry.get("statusPurpose") not in purpose:
        raise StatusError(f"the status list is for {purpose}, not {entry.get('statusPurpose')}",
                          pointer=f"{pointer}/statusPurpose")
    return _ListBit(url, bits.get(index), len(bits), signer)


def _status_list(url: str, trust: Trust) -> StatusListEntry:
    """Fetch, verify and decode a status list once per trust and URL (kept on ``trust``,
    with who signed it: the signer is read from the very document that was verified)."""
    cached = trust.verified_status_lists.get(url)
    if cached is None:
        try:
            cached = _verified_status_list(url, trust, dated=True)
        except BadgeError as exc:
            cached = exc
        trust.verified_status_lists[url] = cached
    if isinstance(cached, BadgeError):
        raise cached
    return cached


def _status_issuer(document: dict[str, Any]) -> Any:
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _verified_status_list(url: str, trust: Trust, *, dated: bool) -> StatusListEntry:
    """The list's type, its purposes, its bits and its issuer, once its type and signature
    are checked and (``dated``) that ``trust.now`` is within its validity dates.

    Its issuer need not be the credential's (BSL §2.2, see ``_check_status``); its proof
    must verify under a key its own issuer may sign with, resolved as any signing key is
    (a did:key, or a did:web / https controller document the trust can read).

    Raises:
        StatusError: saying what is wrong.
    """
    document = trust.status.status_list(url)
    if not isinstance(document, dict):
        raise StatusError(f"{url} is not a status list credential")
    types = type_names(document.get("type"))
    kind = next((t for t in LIST_TYPES.values() if t in types), None)
    # Its id need not be ``url``: "The verifiable credential that contains the status list
    # MAY express an id property that matches the value specified in statusListCredential"
    # (Bitstring Status List v1.0 REC, §2.2 BitstringStatusListCredential), and §3.2
    # Validate Algorithm does not compare them. What binds it to the badge is that it was
    # served at the URL the signed entry names (§3.2: dereference the URL, verify the proofs).
    if kind is None:
        raise StatusError(f"{url} is not a BitstringStatusListCredential")
    issuer = _status_issuer(document)
    if not isinstance(issuer, str):
        raise StatusError(f"the status list {url} names no issuer")
    try:
        signed = _check_signature(document, issuer, trust)
    except BadgeError as exc:
        raise StatusError(f"the status list's signature is invalid: {exc.message}") from None
    key_check = _check_issuer_key(signed, issuer, trust)
    if key_check.state is not State.PASS:
        raise StatusError(f"the status list's signing key is not trusted: {key_check.message}")
    if dated:
        _check_list_dates(document, url, trust)
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        raise StatusError("the status list has no credentialSubject")
    purpose = subject.get("statusPurpose")
    purposes = purpose if isinstance(purpose, list) else [purpose]
    encoded = subject.get("encodedList", "")
    if kind != STATUS_LIST_CREDENTIAL and isinstance(encoded, str):
        encoded = "u" + encoded  # StatusList2021 writes plain base64url, no multibase prefix
    return (kind, [p for p in purposes if isinstance(p, str)],
            Bitstring.decode(encoded, any_length=True), issuer)


def _check_list_dates(document: dict[str, Any], url: str, trust: Trust) -> None:
    """A list is read only within its validity period (BSL §2.2 validFrom / validUntil,
    "defined in the Verifiable Credentials Data Model specification", its Validity Period;
    VC 1.1 lists: issuanceDate / expirationDate), by the same date fields as a credential
    (checks.json ``dataModels``): an expired list could be an old copy from before a
    revocation.

    Raises:
        StatusError: not a VC 2.0 or 1.1 document, a date is unreadable, or ``trust.now``
            is outside the dates.
    """
    contexts = document.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else None
    model = DATA_MODELS.get(first) if isinstance(first, str) else None
    if model is None:
        raise StatusError(f"the status list {url} is not a VC Data Model 2.0 or 1.1 "
                          "credential")
    for field in (f for f in (*model["from"], *model["until"]) if f in document):
        try:
            moment = parse_datetime(document[field], f"/{field}")
        except DocumentError as exc:
            raise StatusError(f"the status list {url}: its {field} {exc.message}") from None
        if field in model["from"] and moment > trust.now:
            raise StatusError(f"the status list {url} is not valid until "
                              f"{format_datetime(moment)}")
        if field in model["until"] and moment <= trust.now:
            raise StatusError(f"the status list {url} expired on {format_datetime(moment)}")


def verify_status_list(url: str, trust: Trust) -> None:
    """Verify the status list credential with id ``url`` as ``trust`` knows it: its type
    and id, its signature, that a key of its issuer that may sign signed it, and that it
    holds at least ``MIN_BITS`` entries (as every list badgepress publishes must).

    Raises:
        StatusError: saying what is wrong.
    """
    _verified_status_list(url, trust, dated=False)[2].require_minimum()
