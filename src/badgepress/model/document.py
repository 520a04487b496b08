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
"""

from __future__ import annotations

import json
import math
import re
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
_DEPTH_HINT = f"a credential nests objects and lists at most {MAX_DEPTH} levels deep"


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


def _parse_text(text: str, *, path: str | Path | None = None) -> Any:
    """Parse decoded JSON text by the rules above.

    Raises:
        DocumentError: as ``load_json``.
    """
    try:
        text = text.removeprefix(_BOM)
        _check_depth(text)
        document = json.loads(text, object_pairs_hook=_object, parse_int=_integer,
                              parse_float=_float, parse_constant=_constant)
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


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                duplicated = _Duplicated(result)
                duplicated.key = key
                return duplicated
            seen.add(key)
    return result


def _integer(token: str) -> int | _Unsafe:
    # int() of a 5,000-digit token raises ValueError; anything past 16 digits is unsafe.
    return _Unsafe(token) if len(token.lstrip("-")) > 16 else int(token)


def _float(token: str) -> float | _Unsafe:
    value = float(token)
    return value if math.isfinite(value) else _Unsafe(token)


def _constant(token: str) -> _Unsafe:
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
