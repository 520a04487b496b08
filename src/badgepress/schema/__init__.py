"""The 1EdTech Open Badges 3.0 JSON Schemas, shipped in the package.

Validation runs in two steps: a compiled validator (fastjsonschema, about twenty times
faster) answers "valid?" for the common case; only a document it rejects goes through
``jsonschema``'s 2019-09 validator, which is the authority and lists every violation
with its JSON pointer. Formats are not enforced by either (as in ``jsonschema``'s
default); a test checks that the fast path never accepts what the authority rejects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft201909Validator

from badgepress.errors import DocumentError

ACHIEVEMENT_CREDENTIAL = "ob_v3p0_achievementcredential_schema.json"
ENDORSEMENT_CREDENTIAL = "ob_v3p0_endorsementcredential_schema.json"
PROFILE = "ob_v3p0_profile_schema.json"


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("badgepress.schema").joinpath("schemas", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Draft201909Validator:
    return Draft201909Validator(_schema(name))


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


def schema_errors(document: Any, name: str = ACHIEVEMENT_CREDENTIAL) -> list[DocumentError]:
    """Return every violation of the named OB 3.0 JSON Schema, deepest first."""
    if is_valid_fast(document, name):
        return []
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: -len(e.absolute_path))
    return [
        DocumentError(
            f"does not match the Open Badges 3.0 schema: {_describe(error)}",
            pointer=pointer_of(error.absolute_path) or "/",
        )
        for error in errors
    ]


def _describe(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= 160 else message[:157] + "…"
