"""The one loader of JSON input: is this text a JSON document every verifier reads alike?

The CLI, the build and the library read credentials, status lists and DID documents through
``load_json``; the browser verifier applies the same rules (``js/src/parse.js``). JSON that
parsers read differently is refused rather than guessed at, because a verifier must see what
the signer saw:

- one UTF-8 byte order mark at the start is ignored (RFC 8259 §8.1 allows it; the signature
  covers the RDF graph, not the bytes), anything else that is not UTF-8 is refused;
- a key that appears twice in one object is refused (parsers disagree on which value counts);
- nesting deeper than ``MAX_DEPTH`` is refused before parsing, so deep input is fast and
  never a ``RecursionError``;
- numbers JavaScript cannot hold exactly (integers beyond ±(2**53 - 1), ``1e400``, ``NaN``) and
  strings with unpaired surrogates (``"\\ud800"``) are refused.

A credential may also come as a compact JWS (VC-JWT, OB 3.0 §8.2, or VC-JOSE-COSE
``application/vc+jwt``); ``load_credential`` reads both forms and returns the credential JSON
with its ``Envelope`` (header, signing input, signature), read just as strictly: three
unpadded, canonical base64url parts and nothing around them, header and payload JSON objects
by the rules above.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import DocumentError

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
"""A credential (or status list, or DID document) is at most this large."""

MAX_DEPTH = 64
"""Objects and arrays nest at most this deep (a credential needs about 8)."""

MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer a JavaScript number holds exactly."""

_BOM = "\ufeff"
# A string literal; one left open runs to the end of the text, so the scan stays linear
# (a required closing quote made '"\\"\\"\\"…' quadratic).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A ``\\u`` escape of a UTF-16 surrogate (or text that only looks like one, after an
escaped backslash or as half of a pair: that costs a walk of the tree, not a verdict)."""
_DEPTH_HINT = f"a credential nests objects and lists at most {MAX_DEPTH} levels deep"
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_JWS_START = re.compile(rb"[A-Za-z0-9_-]+\.")
_JWS_HINT = "a VC-JWT is three base64url parts (header.payload.signature), unpadded, alone"
JWT_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "cnf")
"""JWT registered claims (RFC 7519 §4.1, and ``cnf``): in a ``vc+jwt`` payload they are
claims about the token, not properties of the credential."""
VC_JWT_TYPES = frozenset({"vc+jwt", "application/vc+jwt"})
"""Header ``typ`` values of VC-JOSE-COSE, whose payload is the credential itself."""


@dataclass(frozen=True)
class Envelope:
    """A compact JWS that secures a credential (the credential JSON is returned beside it).

    ``form`` is ``"vc"`` (OB 3.0 §8.2: the credential is the payload's ``vc`` claim) or
    ``"vc+jwt"`` (VC-JOSE-COSE: the payload is the credential); ``claims`` are the payload's
    JWT claims in either form.
    """

    header: dict[str, Any]
    claims: dict[str, Any]
    signing_input: bytes
    signature: bytes
    form: str


class _Duplicated(dict[str, Any]):
    """An object whose text named ``key`` twice (reported, with its pointer, by ``check_tree``)."""

    key: str


class _Unsafe:
    """A number token every verifier would not read alike (reported by ``check_tree``)."""

    def __init__(self, token: str) -> None:
        self.token = token


def load_json(data: bytes, *, path: str | Path | None = None) -> Any:
    """Parse JSON bytes by the rules above.

    Raises:
        DocumentError: too large, not UTF-8, not JSON, nested too deep, a duplicate key,
            an unsafe number or an unpaired surrogate; the pointer names the field.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"file is {len(data) / 1e6:.1f} MB; a credential is at most "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB",
            path=path,
            hint="is this the right file?",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"file is not UTF-8 text (byte {exc.start})", path=path,
                            hint="save it as UTF-8") from None
    return _parse_text(text, path=path)


def load_credential(data: bytes, *, path: str | Path | None = None
                    ) -> tuple[Any, Envelope | None]:
    """Read credential bytes: JSON (as ``load_json``) or a compact JWS around one.

    Returns:
        The credential JSON and, for a JWS, its envelope (else ``None``).

    Raises:
        DocumentError: as ``load_json``, or a JWS that is not three canonical base64url
            parts whose header and payload are JSON objects holding a credential.
    """
    head = data.removeprefix(_BOM.encode()).lstrip(b" \t\r\n")
    if len(data) > MAX_DOCUMENT_BYTES or _JWS_START.match(head) is None:
        return load_json(data, path=path), None
    try:
        return _load_jws(data.decode("ascii"))
    except UnicodeDecodeError:
        raise DocumentError("the JWS holds a character that is not base64url", path=path,
                            hint=_JWS_HINT) from None
    except DocumentError as exc:
        if path is not None:
            exc.at(path)
        raise


def _load_jws(text: str) -> tuple[Any, Envelope]:
    token = text.strip(" \t\r\n")
    if not _JWS.fullmatch(token):
        raise DocumentError("not a compact JWS: it must be three base64url parts joined by "
                            "'.', without padding or anything around them", hint=_JWS_HINT)
    encoded_header, encoded_payload, encoded_signature = token.split(".")
    header = _jws_object(encoded_header, "header")
    payload = _jws_object(encoded_payload, "payload")
    signature = _b64url(encoded_signature, "signature")
    typ = header.get("typ")
    if isinstance(typ, str) and typ.lower() in VC_JWT_TYPES:
        credential = {k: v for k, v in payload.items() if k not in JWT_CLAIMS}
        claims = {k: v for k, v in payload.items() if k in JWT_CLAIMS}
        form = "vc+jwt"
    elif isinstance(payload.get("vc"), dict):
        credential, claims, form = payload["vc"], dict(payload), "vc"
        claims.pop("vc")
    else:
        raise DocumentError("the JWT payload holds no credential: no vc claim, and the header's "
                            "typ is not vc+jwt", pointer="jwt:payload/vc",
                            hint="OB 3.0 §8.2 puts the credential in the vc claim")
    envelope = Envelope(header, claims, f"{encoded_header}.{encoded_payload}".encode("ascii"),
                        signature, form)
    return credential, envelope


def _b64url(part: str, what: str) -> bytes:
    """Decode one canonical, unpadded base64url part of a JWS (RFC 7515 §2)."""
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != part:
        raise DocumentError(f"the JWS {what} is not canonical base64url", hint=_JWS_HINT)
    return raw


def _jws_object(part: str, what: str) -> dict[str, Any]:
    try:
        text = _b64url(part, what).decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"the JWS {what} is not UTF-8 text", hint=_JWS_HINT) from None
    try:
        value = _parse_text(text) if not text.startswith(_BOM) else None
    except DocumentError as exc:
        raise DocumentError(f"the JWS {what} is not usable JSON: {exc.message}",
                            pointer=f"jwt:{what}{exc.pointer or ''}", hint=_JWS_HINT) from None
    if not isinstance(value, dict):
        raise DocumentError(f"the JWS {what} is not a JSON object", pointer=f"jwt:{what}",
                            hint=_JWS_HINT)
    return value


def _parse_text(text: str, *, path: str | Path | None = None) -> Any:
    """Parse decoded JSON text by the rules above.

    Raises:
        DocumentError: as ``load_json``.
    """
    try:
        text = text.removeprefix(_BOM)
        _check_depth(text)
        reader = _Reader()
        document = json.loads(text, object_pairs_hook=reader.object, parse_int=reader.integer,
                              parse_float=reader.float, parse_constant=reader.constant)
        if reader.refused or _SURROGATE_ESCAPE.search(text):
            check_tree(document)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", path=path
        ) from None
    except DocumentError as exc:
        if path is not None:
            exc.at(path)
        raise
    return document


def check_tree(document: Any) -> None:
    """Check an already parsed tree by the same rules (depth, keys, numbers, text).

    Library callers may pass a ``dict`` instead of bytes; it is held to the same rules.

    Raises:
        DocumentError: naming the JSON pointer of the first problem.
    """
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth >= MAX_DEPTH:
                raise DocumentError(f"nested more than {MAX_DEPTH} levels deep",
                                    pointer=pointer or "/", hint=_DEPTH_HINT)
            if isinstance(node, _Duplicated):
                raise DocumentError(
                    "this key appears twice in one object",
                    pointer=f"{pointer}/{_escape(node.key)}",
                    hint="JSON parsers disagree on which value counts; keep exactly one",
                )
            stack.extend(reversed(_children(node, pointer, depth)))
        elif isinstance(node, str):
            _check_text(node, pointer or "/")
        elif isinstance(node, bool) or node is None:
            continue
        elif isinstance(node, int):
            _check_integer(node, pointer or "/")
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise _number_error(repr(node), pointer or "/")
        elif isinstance(node, _Unsafe):
            raise _number_error(node.token, pointer or "/")
        else:
            raise DocumentError(f"a {type(node).__name__} is not a JSON value",
                                pointer=pointer or "/")


def _children(node: dict[str, Any] | list[Any], pointer: str,
              depth: int) -> list[tuple[Any, str, int]]:
    if isinstance(node, list):
        return [(value, f"{pointer}/{i}", depth + 1) for i, value in enumerate(node)]
    children = []
    for key, value in node.items():
        if not isinstance(key, str):
            raise DocumentError("object keys must be text", pointer=pointer or "/")
        _check_text(key, pointer or "/")
        children.append((value, f"{pointer}/{_escape(key)}", depth + 1))
    return children


def _escape(token: str) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` without parsing (string contents skipped)."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(brackets) <= MAX_DEPTH:
        return
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise DocumentError(f"nested more than {MAX_DEPTH} levels deep",
                                    hint=_DEPTH_HINT)
        else:
            depth -= 1


class _Reader:
    """The parser hooks of one ``json.loads``: they build what ``check_tree`` refuses
    (``_Duplicated``, ``_Unsafe``, an integer beyond ``MAX_SAFE_INTEGER``) and note that they
    did, so a text none of them flagged need not be walked again. Text decoded from UTF-8
    holds no surrogate, so only a ``\\u`` escape can add one (``_SURROGATE_ESCAPE``); depth
    is checked on the text before parsing."""

    __slots__ = ("refused",)

    def __init__(self) -> None:
        self.refused = False

    def object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) < len(pairs):
            self.refused = True
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicated = _Duplicated(result)
                    duplicated.key = key
                    return duplicated
                seen.add(key)
        return result

    def integer(self, token: str) -> int | _Unsafe:
        # int() of a 5,000-digit token raises ValueError; anything past 16 digits is unsafe.
        if len(token.lstrip("-")) > 16:
            self.refused = True
            return _Unsafe(token)
        value = int(token)
        self.refused = self.refused or abs(value) > MAX_SAFE_INTEGER
        return value

    def float(self, token: str) -> float | _Unsafe:
        value = float(token)
        if math.isfinite(value):
            return value
        self.refused = True
        return _Unsafe(token)

    def constant(self, token: str) -> _Unsafe:
        self.refused = True
        return _Unsafe(token)


def _check_integer(value: int, pointer: str) -> None:
    if abs(value) > MAX_SAFE_INTEGER:
        raise _number_error(str(value), pointer)


def _number_error(token: str, pointer: str | None) -> DocumentError:
    shown = token if len(token) <= 24 else token[:20] + "…"
    return DocumentError(
        f"the number {shown} cannot be read exactly by every verifier",
        pointer=pointer,
        hint=f"use integers within ±{MAX_SAFE_INTEGER} and finite numbers, or write it as text",
    )


def _check_text(text: str, pointer: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DocumentError("holds an unpaired UTF-16 surrogate (\\ud800-\\udfff)",
                            pointer=pointer, hint="such text is not Unicode; remove it") from None
