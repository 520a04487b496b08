"""The 1EdTech Open Badges 3.0 JSON Schemas, shipped in the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft201909Validator

from badgepress.errors import DocumentError

ACHIEVEMENT_CREDENTIAL = "ob_v3p0_achievementcredential_schema.json"
ENDORSEMENT_CREDENTIAL = "ob_v3p0_endorsementcredential_schema.json"
PROFILE = "ob_v3p0_profile_schema.json"


@cache
def _validator(name: str) -> Draft201909Validator:
    text = resources.files("badgepress.schema").joinpath("schemas", name).read_text("utf-8")
    return Draft201909Validator(json.loads(text))


def pointer_of(path: Any) -> str:
    """Return the JSON pointer of a jsonschema error path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def schema_errors(document: Any, name: str = ACHIEVEMENT_CREDENTIAL) -> list[DocumentError]:
    """Return every violation of the named OB 3.0 JSON Schema, deepest first."""
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
