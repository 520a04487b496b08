"""JSON Schema verdicts by credential shape: the authority runs once per shape.

Credentials of one achievement differ in their strings, not their structure. The first
document of a *skeleton* (:func:`badgepress.jsonld.shape.skeleton`: keys, array lengths, JSON
types, numbers, booleans, ``null`` and the ``@context`` and ``type`` values as they are, every
other string a hole) is validated by ``jsonschema`` (the authority) with each hole's string
tagged, and every keyword application that reads a string's content (``pattern``, ``enum``,
``const``, ``minLength``…) is recorded with its outcome. Every other keyword the schemas use
reads only what the skeleton fixes (keys, lengths, types) or combines the outcomes of its
subschemas. Validity is a function of those outcomes, and the applications the authority
made decide it (short-circuiting only skips what cannot change the result); so a later
document of the same skeleton whose recorded applications give the same outcomes is valid
too, and the authority would say so.

Only "valid" is remembered. A new skeleton, an outcome that differs, and any document the
authority rejects go through :func:`badgepress.schema.schema_errors`, which words the errors
and names their pointers. A schema using a keyword outside ``STRUCTURAL`` and ``READS_TEXT``,
or an ``enum``/``const`` with an object or array value, is never cached (every document goes
the general way). ``tests/property/test_schema_shapes.py`` holds the verdicts, messages and
pointers equal to the general path's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from jsonschema import validators
from jsonschema.protocols import Validator

from badgepress.jsonld.shape import Skeleton, fill_holes, skeleton
from badgepress.schema import _schema, _validator

STRUCTURAL = frozenset({
    "$ref", "$recursiveRef", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "type",
    "properties", "additionalProperties", "items", "additionalItems", "contains",
    "minItems", "maxItems", "minProperties", "maxProperties", "required",
    "dependentRequired", "dependentSchemas"})
"""Keywords that read only an instance's JSON type, keys and length, or combine their
subschemas' outcomes (``properties`` applies its subschemas to the members, whose own
applications are recorded)."""
READS_TEXT = frozenset({"pattern", "enum", "const", "minLength", "maxLength", "format"})
"""Keywords whose outcome depends on a string's content: recorded and re-checked."""

MAX_TRACES = 128
"""The most documents one cache has the authority validate (about a millisecond each),
valid or not; beyond, new shapes are left to the compiled validator (compiled once, about
0.2 s)."""

_Check = tuple[int, Callable[[str], bool], bool]
"""A recorded application: hole index, the test it made of the hole's string (see
:func:`_test`), and whether the string passed."""


class _Hole(str):
    """A hole's string, tagged with its index, collecting the applications made to it."""

    number: int
    applied: dict[tuple[str, str], _Check]
    """By keyword and its value (as JSON): the application's test and outcome."""


@dataclass
class SchemaStats:
    """How documents were validated."""

    vouched: int = 0
    """Documents of a known shape whose recorded applications gave the same outcomes."""
    traced: int = 0
    """Documents the authority found valid, recording their shape."""
    rejected: int = 0
    """Documents the authority found invalid (``schema_errors`` then words why)."""
    general: int = 0
    """Documents this cache did not decide."""


class SchemaShapes:
    """The shapes the authority found valid, per schema; one per :class:`~badgepress.trust.
    Trust` (never a module global). Bounded: ``maxsize`` shapes, LRU."""

    def __init__(self, maxsize: int = 256) -> None:
        self.stats = SchemaStats()
        self._known: LRUCache[tuple[str, Skeleton], tuple[_Check, ...]] = \
            LRUCache(maxsize=maxsize)
        self._tracers: dict[str, Validator | None] = {}

    def valid(self, document: Any, view: Callable[[Any], Any], name: str) -> bool | None:
        """Whether ``view(document)`` (the tree the schema reads; ``view`` may copy and
        reshape but must keep each string object of ``document``) is valid against schema
        ``name``: ``True`` when a known shape vouches for it or the authority accepts it,
        ``False`` when the authority rejects it (:func:`~badgepress.schema.schema_errors`
        words why), ``None`` when this cache does not decide (a schema never cached, or
        ``MAX_TRACES`` shapes recorded already: past that many, the compiled validator is
        the cheaper way).
        """
        tracer = self._tracer(name)
        if tracer is None or not isinstance(document, dict):
            self.stats.general += 1
            return None
        shape, holes, _ = skeleton(document)
        checks = self._known.get((name, shape))
        if checks is not None and _same_outcomes(checks, holes):
            self.stats.vouched += 1
            return True
        if self.stats.traced + self.stats.rejected >= MAX_TRACES:
            self.stats.general += 1
            return None
        tagged = fill_holes(document, _tag)
        if next(tracer.iter_errors(view(tagged)), None) is not None:
            self.stats.rejected += 1
            return False
        self.stats.traced += 1
        checks = tuple(check for hole in _holes(tagged) for check in hole.applied.values())
        if _same_outcomes(checks, holes):  # each test agrees with the authority here
            self._known[(name, shape)] = checks
        return True

    def _tracer(self, name: str) -> Validator | None:
        """The authority's validator for ``name``, recording each ``READS_TEXT``
        application to a hole; ``None`` when the schema is not one whose verdicts can be
        cached."""
        if name not in self._tracers:
            base = _validator(name)
            self._tracers[name] = _traced(base) if _cacheable(_schema(name), base) else None
        return self._tracers[name]


def _tag(value: str, index: int) -> _Hole:
    hole = _Hole(value)
    hole.number, hole.applied = index, {}
    return hole


def _holes(value: Any) -> Iterator[_Hole]:
    """Every hole of a tagged document."""
    if isinstance(value, _Hole):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _holes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _holes(item)


def _same_outcomes(checks: tuple[_Check, ...], holes: list[str]) -> bool:
    return all(test(holes[index]) is passed for index, test, passed in checks)


def _test(keyword: str, value: Any, schema: Any, function: Callable[..., Any],
          validator: Validator) -> Callable[[str], bool]:
    """Whether a string passes the application of ``keyword`` with ``value``: the test
    the authority's ``function`` makes of a string, without building its error (the
    function itself for anything else). A test that disagrees with the authority on the
    traced document keeps its shape from being remembered."""
    if keyword == "pattern" and isinstance(value, str):
        search = re.compile(value).search  # jsonschema: re.search(pattern, instance)
        return lambda text: search(text) is not None
    if keyword == "enum" and isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, str)).__contains__
    if keyword == "format" and validator.format_checker is None:
        return lambda text: True  # formats are not asserted (see badgepress.schema)
    return lambda text: next(iter(function(validator, value, text, schema) or ()), None) is None


def _cacheable(schema: Any, validator: Validator) -> bool:
    """Whether every keyword of ``schema`` is in ``STRUCTURAL`` or ``READS_TEXT`` and each
    ``enum``/``const`` value is a string, number, boolean or ``null`` (an object or array
    value would compare a whole subtree)."""
    known = validator.VALIDATORS.keys()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in known and key not in STRUCTURAL | READS_TEXT:
                    return False
                if key in ("enum", "const") and any(
                        isinstance(v, dict | list)
                        for v in (value if key == "enum" and isinstance(value, list)
                                  else [value])):
                    return False
                stack.append(value)
    return True


def _traced(base: Validator) -> Validator:
    """A validator like ``base`` whose ``READS_TEXT`` keywords note, on each hole they are
    applied to, their outcome."""
    def recording(keyword: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def applied(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
            errors = list(function(validator, value, instance, schema) or ())
            if isinstance(instance, _Hole):
                instance.applied.setdefault((keyword, json.dumps(value, sort_keys=True)), (
                    instance.number, _test(keyword, value, schema, function, base),
                    not errors))
            yield from errors
        return applied

    kind = type(base)
    traced = validators.extend(kind, {keyword: recording(keyword, function)
                                      for keyword, function in kind.VALIDATORS.items()
                                      if keyword in READS_TEXT})
    validator: Validator = traced(base.schema)
    return validator
