"""JSON Canonicalization Scheme (RFC 8785), the transformation of the ``eddsa-jcs-2022``
and ``ecdsa-jcs-2019`` cryptosuites.

Members are sorted by their names' UTF-16 code units, strings are escaped as ECMAScript's
``JSON.stringify`` escapes them, and numbers are written as ECMAScript's
``Number.prototype.toString`` writes them (RFC 8785 §3.2.2.3). Python's ``repr`` of a float
gives the same shortest round-trip digits ECMAScript picks, so only their layout is redone
here. A number JavaScript cannot hold exactly (an integer beyond ±(2**53 - 1), a non-finite
value) has no such form: it is refused, naming its JSON pointer, rather than guessed at.
"""

from __future__ import annotations

import json
import math
from typing import Any

from badgepress.errors import CanonicalizationError
from badgepress.jsonld.canon import escape_pointer_token
from badgepress.model.document import MAX_SAFE_INTEGER


def canonical_json(value: Any, pointer: str = "") -> str:
    """Return the RFC 8785 canonical form of a JSON value.

    Raises:
        CanonicalizationError: a number has no exact ECMAScript form, a string holds an
            unpaired surrogate, or a value is not JSON.
    """
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str):
        if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            raise CanonicalizationError("a string holds an unpaired UTF-16 surrogate",
                                        pointer=pointer or "/")
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise _inexact(str(value), pointer)
        return str(value)
    if isinstance(value, float):
        return _es_number(value, pointer)
    if isinstance(value, list):
        items = (canonical_json(item, f"{pointer}/{index}") for index, item in enumerate(value))
        return "[" + ",".join(items) + "]"
    if isinstance(value, dict):
        members = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be",
                                                                      "surrogatepass"))
        return "{" + ",".join(
            canonical_json(key, pointer) + ":"
            + canonical_json(item, f"{pointer}/{escape_pointer_token(key)}")
            for key, item in members) + "}"
    raise CanonicalizationError(f"a {type(value).__name__} is not a JSON value",
                                pointer=pointer or "/")


def _inexact(token: str, pointer: str) -> CanonicalizationError:
    return CanonicalizationError(
        f"the number {token[:24]} has no exact JSON canonical form (RFC 8785)",
        pointer=pointer or "/",
        hint=f"a JCS-signed credential uses integers within ±{MAX_SAFE_INTEGER} and finite "
             "numbers")


def _es_number(value: float, pointer: str) -> str:
    """ECMAScript ``Number::toString`` of a finite float (ECMA-262 §6.1.6.1.20)."""
    if not math.isfinite(value):
        raise _inexact(repr(value), pointer)
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    significant = (whole + fraction).lstrip("0")
    digits = significant.rstrip("0")
    k = len(digits)
    n = len(significant) + int(exponent or 0) - len(fraction)  # value = 0.digits * 10**n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mark = "+" if e >= 0 else "-"
    body = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{body}e{mark}{abs(e)}"
