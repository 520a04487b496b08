"""Canonical N-Quads by substitution: JSON-LD processing once per credential shape.

Credentials of one achievement differ only in literal values. A document's *skeleton* is
its JSON tree with every string replaced by a typed hole (object keys sorted; numbers,
booleans, ``null``, ``@context`` and ``type`` values kept as they are). The first time a
skeleton is seen, the general path (:func:`~badgepress.jsonld.canon.canonicalize`) runs once
on a copy whose holes hold unique sentinels, and records where each sentinel lands in the
N-Quads. A document of a known skeleton then gets its canonical form by putting its values
in those places, re-sorting, and labelling blank nodes (RDFC-1.0 §4.4, Hash First Degree
Quads; labels depend on the values).

A hole is substituted only where its value's meaning cannot depend on its content:

* a string pyld turns into a literal whose lexical form is the string itself (not a
  ``@json`` or ``xsd:double`` literal, whose form is computed from the value);
* an IRI pyld expands without ``@vocab`` (``id``, ``@id``-typed terms): the hole's class
  holds the part before the first ``:`` and whether ``//`` follows, which is all pyld's
  IRI expansion looks at (prefix, absolute IRI), and the value must be an absolute IRI
  with no character N-Quads cannot carry.

Any other hole (a ``@vocab``-typed or ``type``-like value, a string that pyld reads as a
relative IRI or a blank node, a value that does not land in the output as itself) is
*pinned*: its value joins the key and the shape is compiled again with it. Holes with equal
values share one sentinel (and the pattern of equalities is part of the key), so pyld
merges nodes and drops repeated values in the sentinel document exactly where it does in
the document. When first-degree hashes do not tell the blank nodes apart, pyld's whole
labelling step (URDNA2015, with the N-degree hashes) runs on the substituted statements.
A document takes the general path when its shape cannot be compiled, when a value could
fail the portability checks, or when substitution yields a repeated statement.
``tests/unit/test_shape.py`` (every reference fixture) and
``tests/property/test_shape_canon.py`` hold the output byte-identical to the general path;
:meth:`ShapeCache.audit` lets a build re-check a sample. The merge reasoning assumes no
bundled context has an ``@index`` container (a test checks it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from pyld.canon import URDNA2015
from pyld.jsonld import RDF_LANGSTRING, XSD_STRING
from pyld.nquads import escape

from badgepress.errors import BadgeError, CanonicalizationError
from badgepress.jsonld.canon import _IRI_KEYS, _UNPORTABLE, Processor, canonicalize
from badgepress.jsonld.loader import BundledLoader

_MARK = "bpshape"
_SENTINEL = re.compile(_MARK + r"(\d+)z")
_IRI = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(//)?[^\s<>\"{}|\\^`]*")
_TERM = r'(<[^<>]*>|_:[A-Za-z0-9]+|"(?:[^"\\]|\\.)*"(?:\^\^<[^<>]*>|@[A-Za-z0-9-]+)?)'
_QUAD = re.compile(f"{_TERM} {_TERM} {_TERM}(?: {_TERM})? \\.")
_XSD_DOUBLE = "^^<http://www.w3.org/2001/XMLSchema#double>"
_UNESCAPE = re.compile(r'\\(["\\tnr])')
_ESCAPES = {'"': '"', "\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
"""The inverse of ``pyld.nquads.escape`` (pyld's own ``unescape`` is not, for ``\\\\t``)."""
_LITERAL_KEYS = frozenset({"@context", "type"})
"""Keys whose values are part of the skeleton itself (contexts and types steer JSON-LD)."""

Skeleton = tuple[Any, ...]
_Part = str | int
"""A part of a template term: fixed text, or the index of a hole."""


def skeleton(document: Any) -> tuple[Any, list[str], bool]:
    """The skeleton of a JSON value, the strings in its holes (in skeleton order), and
    whether a value may fail :func:`~badgepress.jsonld.canon.check_portable` (a control
    character, or an ``id``-like key whose value is not an absolute IRI). Everything else
    that function checks is in the skeleton."""
    holes: list[str] = []
    suspect = [False]
    shape = _shape(document, holes, suspect, None)
    return shape, holes, suspect[0] or _UNPORTABLE.search("".join(holes)) is not None


def _shape(value: Any, holes: list[str], suspect: list[bool], key: str | None) -> Any:
    if isinstance(value, dict):
        return ("{", *[(k, _text(v, holes, suspect, k) if isinstance(v, str)
                        else _shape(v, holes, suspect, k)) for k, v in sorted(value.items())])
    if isinstance(value, list):
        literal = key if key in _LITERAL_KEYS else None
        return ("[", *[_text(v, holes, suspect, literal) if isinstance(v, str)
                       else _shape(v, holes, suspect, literal) for v in value])
    if isinstance(value, str):
        return _text(value, holes, suspect, key)
    return (type(value).__name__, value)


def _text(value: str, holes: list[str], suspect: list[bool], key: str | None) -> Any:
    """The skeleton of a string: itself under a literal key, else a hole of its class."""
    if key in _LITERAL_KEYS:
        return ("=", value)
    holes.append(value)
    match = _IRI.fullmatch(value) if ":" in value else None
    if match is None:
        suspect[0] = suspect[0] or key in _IRI_KEYS
        return "s"
    return (match[1], match[2] is not None)


def _lead(value: str) -> int:
    """The length of an IRI value's class part: ``p:`` or ``p://``."""
    colon = value.index(":")
    return colon + (3 if value.startswith("//", colon + 1) else 1)


def _sentinel(value: str, index: int) -> str:
    marker = f"{_MARK}{index}z"
    return value[:_lead(value)] + marker if _IRI.fullmatch(value) else marker


def _sentinels(pins: frozenset[int], pattern: tuple[int, ...]) -> Callable[[str, int], str]:
    """What :func:`fill_holes` puts in a hole: its sentinel, or its value if pinned."""
    def mark(value: str, index: int) -> str:
        return value if index in pins else _sentinel(value, pattern[index])
    return mark


def _equalities(values: list[str]) -> tuple[int, ...]:
    """For each hole, the first hole with the same value. Equal values get one sentinel,
    so pyld merges nodes and drops repeated values in the sentinel document exactly where
    it does in the document."""
    first: dict[str, int] = {}
    return tuple(first.setdefault(value, index) for index, value in enumerate(values))


def _closed(pins: frozenset[int], pattern: tuple[int, ...]) -> frozenset[int]:
    """``pins`` with every hole equal to a pinned one."""
    pinned = {pattern[i] for i in pins}
    return frozenset(i for i, first in enumerate(pattern) if first in pinned)


def fill_holes(value: Any, mark: Callable[[str, int], Any]) -> Any:
    """A copy of ``value`` (object keys sorted) with each hole's string replaced by
    ``mark(string, index)``, ``index`` its place in :func:`skeleton`'s hole list (the same
    walk as :func:`_shape`)."""
    return _filled(value, mark, [0], None)


def _filled(value: Any, mark: Callable[[str, int], Any], counter: list[int],
            key: str | None) -> Any:
    if isinstance(value, str):
        if key in _LITERAL_KEYS:
            return value
        index = counter[0]
        counter[0] += 1
        return mark(value, index)
    if isinstance(value, dict):
        return {k: _filled(value[k], mark, counter, k) for k in sorted(value)}
    if isinstance(value, list):
        literal = key if key in _LITERAL_KEYS else None
        return [_filled(item, mark, counter, literal) for item in value]
    return value


class _Watcher(Processor):
    """The general path's processor, noting each sentinel pyld expands as an IRI and
    whether it used ``@vocab`` to do so."""

    def __init__(self) -> None:
        super().__init__()
        self.expanded: dict[int, set[bool]] = {}

    def _expand_iri(self, active_ctx: Any, value: Any, base: Any = None, vocab: bool = False,
                    local_ctx: Any = None, defined: Any = None) -> Any:
        if isinstance(value, str) and _MARK in value:
            for match in _SENTINEL.finditer(value):
                self.expanded.setdefault(int(match[1]), set()).add(vocab)
        return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)


@dataclass(frozen=True)
class _Template:
    """The canonical N-Quads of one shape, with holes, ready for substitution."""

    quads: tuple[tuple[tuple[_Part, ...], ...], ...]
    """Each statement's terms (3, or 4 with a graph name), each a tuple of parts."""
    blank_quads: dict[str, tuple[int, ...]]
    """Each blank node label → the statements it occurs in."""
    iri_holes: frozenset[int]
    """Holes written as (the rest of) an IRI: the value without its class's lead."""
    lines: str = field(init=False)
    """Every statement as a ``str.format`` pattern (field ``j``: the label of blank node
    ``j``, in ``blank_quads`` order; field ``blanks + i``: hole ``i``), each ending in
    ``" .\\n"``, joined by ``_SEPARATOR``."""
    first_degree: tuple[str, ...] = field(init=False)
    """For each blank node, the statements it occurs in as Hash First Degree Quads writes
    them (``_:a`` itself, ``_:z`` any other), as ``lines`` (its holes only)."""

    def __post_init__(self) -> None:
        fields = {label: number for number, label in enumerate(self.blank_quads)}
        object.__setattr__(self, "lines", _SEPARATOR.join(
            _pattern(terms, fields.__getitem__, len(fields)) for terms in self.quads))
        object.__setattr__(self, "first_degree", tuple(_SEPARATOR.join(
            _pattern(self.quads[n], lambda other, label=label: "_:a" if other == label
                     else "_:z") for n in numbers)
            for label, numbers in self.blank_quads.items()))


_SEPARATOR = "\x00"
"""Between the statements of a pattern: a character no substituted value holds (a value
with a control character takes the general path), checked by the number of parts."""


@dataclass
class _Shape:
    """What is known about one skeleton: which holes are pinned, and its templates."""

    pins: frozenset[int] = frozenset()
    templates: LRUCache[tuple[tuple[int, ...], tuple[str, ...]], _Template | None] = field(
        default_factory=lambda: LRUCache(maxsize=64))


@dataclass
class ShapeStats:
    """How documents were canonicalised."""

    substituted: int = 0
    compiled: int = 0
    general: int = 0
    """Documents that took the general path (no template, a value that could fail the
    portability checks, a repeated statement)."""
    remembered: int = 0
    """Repeated documents (proof configurations) answered from the canonical forms kept."""


class ShapeCache:
    """Compiled credential shapes for one loader; one per build or worker process (it is
    never shared through a module global). Bounded: ``maxsize`` skeletons, LRU."""

    def __init__(self, loader: BundledLoader, maxsize: int = 256) -> None:
        self.loader = loader
        self.stats = ShapeStats()
        self._shapes: LRUCache[Skeleton, _Shape] = LRUCache(maxsize=maxsize)
        self._repeated: LRUCache[str, str] = LRUCache(maxsize=maxsize)

    def canonicalize(self, document: Any, *, repeated: bool = False) -> str:
        """The RDFC-1.0 canonical N-Quads of ``document``, byte-identical to
        :func:`~badgepress.jsonld.canon.canonicalize`. A ``repeated`` document (a proof
        configuration: one per signing key and time, shared by a batch) is answered from
        the canonical forms kept by its JSON text (sorted keys: equal text, equal JSON).

        Raises:
            ContextError: as the general path.
            CanonicalizationError: as the general path.
            DocumentError: as the general path.
        """
        if not repeated:
            return self._canonical(document)
        text = json.dumps(document, sort_keys=True)
        known = self._repeated.get(text)
        if known is not None:
            self.stats.remembered += 1
            return known
        known = self._repeated[text] = self._canonical(document)
        return known

    def _canonical(self, document: Any) -> str:
        fast = self._substituted(document)
        if fast is not None:
            self.stats.substituted += 1
            return fast
        self.stats.general += 1
        return canonicalize(document, self.loader)

    def audit(self, document: Any, path: str | None = None) -> None:
        """Canonicalise ``document`` both ways and compare.

        Raises:
            CanonicalizationError: the two differ (a bug in the shape compiler).
        """
        try:
            fast: str | BadgeError = self.canonicalize(document)
        except BadgeError as exc:
            fast = exc
        try:
            general: str | BadgeError = canonicalize(document, self.loader)
        except BadgeError as exc:
            general = exc
        if isinstance(fast, str) != isinstance(general, str) or (
                isinstance(fast, str) and fast != general):
            raise CanonicalizationError(
                "the canonical form computed from the credential's shape differs from "
                "the one JSON-LD processing gives; nothing was published",
                path=path, hint="this is a badgepress bug: please report it with the file")

    def _substituted(self, document: Any) -> str | None:
        if not isinstance(document, dict):
            return None
        key, values, suspect = skeleton(document)
        if suspect:
            return None
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = _Shape()
        pattern = _equalities(values)
        slot = (pattern, tuple(values[i] for i in sorted(shape.pins)))
        if slot in shape.templates:
            template = shape.templates[slot]
        else:
            template = self._compile(document, key, values, pattern, shape)
        return None if template is None else _render(template, values)

    def _compile(self, document: Any, key: Skeleton, values: list[str],
                 pattern: tuple[int, ...], shape: _Shape) -> _Template | None:
        """Compile the template of ``document``'s shape, pinning holes until every other
        hole is one whose value can be substituted.

        ``shape.pins`` grows as holes are pinned (its templates keyed by fewer pins are
        dropped), and the template (or ``None``: use the general path) is stored under
        the document's equalities and pinned values."""
        self.stats.compiled += 1
        pins = _closed(shape.pins, pattern)
        template: _Template | None = None
        # A sentinel-like text of the document's own would be taken for a hole.
        while _MARK not in repr(key) and not any(_MARK in value for value in values):
            watcher = _Watcher()
            try:
                nquads: str | None = canonicalize(
                    fill_holes(document, _sentinels(pins, pattern)), self.loader,
                    processor=watcher)
            except BadgeError:
                nquads = None
            template, more = (None, set()) if nquads is None else \
                _template(nquads, values, pins, pattern, watcher.expanded)
            if nquads is None:
                more = {i for i, kinds in watcher.expanded.items()
                        if i not in pins and not _iri_safe(values[i], kinds)}
            if not more:
                break
            pins = _closed(pins | more, pattern)
        if not pins <= shape.pins:
            shape.pins = shape.pins | pins
            shape.templates.clear()
        shape.templates[(pattern, tuple(values[i] for i in sorted(shape.pins)))] = template
        return template


def _iri_safe(value: str, kinds: set[bool]) -> bool:
    """Whether a hole pyld expanded as an IRI can be substituted: expanded without
    ``@vocab`` only, and of an IRI class."""
    return kinds == {False} and _IRI.fullmatch(value) is not None


def _template(
    nquads: str, values: list[str], pins: frozenset[int], pattern: tuple[int, ...],
    expanded: dict[int, set[bool]],
) -> tuple[_Template | None, set[int]]:
    """Parse the sentinel document's N-Quads into a template, or name the holes to pin.

    Returns:
        The template (``None`` if the N-Quads cannot be parsed back exactly) and the
        holes that must be pinned (then the template is not to be used).
    """
    quads: list[tuple[tuple[_Part, ...], ...]] = []
    seen: dict[int, int] = {}
    bad: set[int] = set()
    for line in nquads.splitlines():
        match = _QUAD.fullmatch(line)
        if match is None:
            return None, set()
        terms = tuple(_parts(term, values, pins, expanded, seen, bad)
                      for term in match.groups() if term is not None)
        quads.append(terms)
    bad |= {i for i, first in enumerate(pattern) if i == first and i not in pins
            and i not in seen}
    if bad:
        return None, bad
    blank_quads: dict[str, list[int]] = {}
    for number, terms in enumerate(quads):
        for term in terms:
            if len(term) == 1 and str(term[0]).startswith("_:"):
                blank_quads.setdefault(str(term[0]), []).append(number)
    iri_holes = frozenset(i for i, count in seen.items() if count < 0)
    return _Template(tuple(quads), {k: tuple(v) for k, v in blank_quads.items()},
                     iri_holes), set()


def _pattern(terms: tuple[tuple[_Part, ...], ...], blank: Any, offset: int = 0) -> str:
    """One statement as a ``str.format`` pattern: hole ``i`` the field ``offset + i``, each
    blank node ``blank(label)`` (a field number, or fixed text), braces of fixed text
    doubled."""
    written = []
    for term in terms:
        if len(term) == 1 and str(term[0]).startswith("_:"):
            label = blank(term[0])
            written.append(f"{{{label}}}" if isinstance(label, int) else label)
        else:
            written.append("".join(f"{{{offset + p}}}" if isinstance(p, int) else
                                   p.replace("{", "{{").replace("}", "}}") for p in term))
    return " ".join(written) + " .\n"


def _parts(term: str, values: list[str], pins: frozenset[int],
           expanded: dict[int, set[bool]], seen: dict[int, int], bad: set[int]
           ) -> tuple[_Part, ...]:
    """One term of the sentinel document as parts; note each hole seen (``seen[i] > 0``
    literal, ``< 0`` IRI) and each that cannot be substituted (``bad``)."""
    found = list(_SENTINEL.finditer(term))
    if not found:
        return (term,)
    indices = [int(m[1]) for m in found]
    if len(found) > 1 or indices[0] in pins or indices[0] >= len(values):
        bad.update(i for i in indices if i < len(values) and i not in pins)
        return (term,)
    index, match = indices[0], found[0]
    value = values[index]
    sentinel = _sentinel(value, index)
    is_iri = _IRI.fullmatch(value) is not None
    if term.startswith('"'):
        tail = term[len(sentinel) + 2:]
        if (term[1:len(sentinel) + 1] != sentinel or term[len(sentinel) + 1] != '"'
                or tail == _XSD_DOUBLE or index in expanded or seen.get(index, 1) < 0):
            bad.add(index)
            return (term,)
        seen[index] = seen.get(index, 0) + 1
        return ('"', index, '"' + tail)
    if (term.startswith("<") and is_iri and term.endswith(match[0] + ">")
            and _iri_safe(value, expanded.get(index, set())) and seen.get(index, -1) < 0):
        seen[index] = seen.get(index, 0) - 1
        return (term[:match.start()], index, ">")
    bad.add(index)
    return (term,)


def _render(template: _Template, values: list[str]) -> str | None:
    """The canonical N-Quads of a document of ``template``'s shape, or ``None`` when this
    document needs the general path."""
    text = [value[_lead(value):] if i in template.iri_holes else escape(value)
            for i, value in enumerate(values)]
    labels = _labels(template, text) if template.first_degree else []
    if labels is None:
        return _relabelled([[_join(term, text) for term in quad] for quad in template.quads])
    lines = template.lines.format(*labels, *text).split(_SEPARATOR)
    if len(lines) != len(template.quads) or len(set(lines)) < len(lines):
        return None
    lines.sort()
    return "".join(lines)


def _relabelled(terms: list[list[str]]) -> str | None:
    """Canonical N-Quads by pyld's whole labelling step (URDNA2015 = RDFC-1.0 with the
    N-degree hashes) run on the substituted statements, or ``None`` on a duplicate."""
    if len({tuple(quad) for quad in terms}) < len(terms):
        return None
    dataset: dict[str, list[dict[str, Any]]] = {}
    for quad in terms:
        graph = "@default" if len(quad) < 4 else \
            quad[3][1:-1] if quad[3].startswith("<") else "_:u" + quad[3][2:]
        triple = {"subject": _node(quad[0]), "predicate": _node(quad[1]),
                  "object": _node(quad[2])}
        dataset.setdefault(graph, []).append(triple)
    return str(URDNA2015().main(dataset, {"format": "application/n-quads"}))


def _node(term: str) -> dict[str, str]:
    """A term in pyld's RDF form (what ``pyld.nquads.serialize_nquad`` writes back as is)."""
    if term.startswith("<"):
        return {"type": "IRI", "value": term[1:-1]}
    if term.startswith("_:"):
        # pyld leaves a label that already starts with its canonical prefix as it is.
        return {"type": "blank node", "value": "_:u" + term[2:]}
    end = term.rindex('"')
    node = {"type": "literal", "value": _UNESCAPE.sub(lambda m: _ESCAPES[m[1]], term[1:end]),
            "datatype": XSD_STRING}
    tail = term[end + 1:]
    if tail.startswith("@"):
        node.update(datatype=RDF_LANGSTRING, language=tail[1:])
    elif tail:
        node["datatype"] = tail[3:-1]
    return node


def _join(term: tuple[_Part, ...], text: list[str]) -> str:
    if len(term) == 1:
        return str(term[0])
    return "".join(p if isinstance(p, str) else text[p] for p in term)


def _labels(template: _Template, text: list[str]) -> list[str] | None:
    """Canonical labels for the blank nodes, in template order (RDFC-1.0 §4.4 step 5:
    issued in the order of their first-degree hashes), or ``None`` if two share a hash
    (the N-degree step)."""
    hashes = []
    for pattern in template.first_degree:
        lines = pattern.format(*text).split(_SEPARATOR)
        lines.sort()
        hashes.append(hashlib.sha256("".join(lines).encode()).hexdigest())
    if len(set(hashes)) < len(hashes):
        return None
    labels = [""] * len(hashes)
    for number, blank in enumerate(sorted(range(len(hashes)), key=hashes.__getitem__)):
        labels[blank] = f"_:c14n{number}"
    return labels
