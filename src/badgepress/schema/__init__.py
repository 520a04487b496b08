"""The 1EdTech Open Badges 3.0 JSON Schemas, shipped in the package.

Validation runs in two steps: a compiled validator (fastjsonschema, about twenty times
faster) answers "valid?" for the common case; only a document it rejects goes through
``jsonschema``'s 2019-09 validator, which is the authority and lists every violation
with its JSON pointer. Formats are not enforced by either (as in ``jsonschema``'s
default); a test checks that the fast path never accepts what the authority rejects.
Violations are worded from ``checks.json`` "schema", the one table the browser's validator
(``js/src/schema.js``) words them from too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import validators
from jsonschema.protocols import Validator

from badgepress.errors import DocumentError
from badgepress.report import CHECKS_TABLE

ACHIEVEMENT_CREDENTIAL = "ob_v3p0_achievementcredential_schema.json"
ENDORSEMENT_CREDENTIAL = "ob_v3p0_endorsementcredential_schema.json"
PROFILE = "ob_v3p0_profile_schema.json"
_TABLE: dict[str, Any] = CHECKS_TABLE["schema"]
_WORDS: dict[str, Any] = _TABLE["words"]


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("badgepress.schema").joinpath("schemas", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Validator:
    schema = _schema(name)
    validator: Validator = validators.validator_for(schema)(schema)
    return validator


@cache
def _fast(name: str) -> Callable[[Any], Any]:
    compiled: Callable[[Any], Any] = fastjsonschema.compile(_schema(name), use_formats=False)
    return compiled


def is_valid_fast(document: Any, name: str = ACHIEVEMENT_CREDENTIAL) -> bool:
    """Whether the compiled validator accepts ``document`` (no error details)."""
    try:
        _fast(name)(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def pointer_of(path: Any) -> str:
    """Return the JSON pointer of a jsonschema error path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def schema_errors(document: Any, name: str = ACHIEVEMENT_CREDENTIAL, *,
                  fast: bool = True) -> list[DocumentError]:
    """Return every violation of the named JSON Schema, deepest first (then in the order
    the validator found them), each naming the field at fault. ``fast``: ask the compiled
    validator first (``False`` when the document is likely invalid: compiling it takes
    longer than one validation by the authority)."""
    if fast and is_valid_fast(document, name):
        return []
    found = [_located(error) for error in _validator(name).iter_errors(document)]
    found.sort(key=lambda item: -item[0].count("/"))
    prefix = _TABLE["message"].format(title=_TABLE["titles"][name], words="{words}")
    return [DocumentError(prefix.format(words=words), pointer=pointer or "/")
            for pointer, words in found]


def more_message(count: int) -> str:
    """The words added to the first violation when ``count`` more follow."""
    return str(_TABLE["more"]).format(count=count)


def _listed(values: Any) -> str:
    return ", ".join(json.dumps(v, ensure_ascii=False) for v in values)


def _located(error: Any) -> tuple[str, str]:
    """The pointer of the field at fault and the table's words for the failed keyword."""
    pointer = pointer_of(error.absolute_path)
    keyword, value = error.validator, error.validator_value
    if keyword == "required":
        missing = [p for p in value if p not in error.instance]
        name = next((p for p in missing if str(error.message).startswith(repr(p))), missing[0])
        return pointer + pointer_of([name]), str(_WORDS["required"])
    if keyword == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return pointer + pointer_of([next(k for k in error.instance if k not in allowed)]), \
            str(_WORDS["additionalProperties"])
    words: dict[str, Any] = {
        "type": lambda: _WORDS["type"].format(expected=_WORDS["types"].get(value, value)),
        "enum": lambda: _WORDS["enum"].format(values=_listed(value)),
        "minItems": lambda: _WORDS["minItems"].format(limit=value),
        "contains": lambda: _WORDS["contains"].format(values=_listed(value["enum"]))
        if isinstance(value, dict) and isinstance(value.get("enum"), list)
        else _WORDS["containsShape"],
        "pattern": lambda: _WORDS["pattern"].format(pattern=value),
        "oneOf": lambda: _WORDS["oneOfMany" if "valid under each" in str(error.message)
                                else "oneOf"],
    }
    return pointer, str(words[keyword]() if keyword in words else _WORDS[keyword])
