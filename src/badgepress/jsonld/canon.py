"""RDFC-1.0 canonicalisation that matches other implementations, or refuses.

pyld is the engine (``algorithm: URDNA2015``, ``base: None``). Three things it does
silently are turned into errors here, because each would make a signature cover
less than the document says or differ from what JavaScript verifiers compute:

* a term the contexts do not define is dropped (so it would not be signed);
* a ``type`` value (or any other IRI value) that expands to no absolute IRI is
  dropped the same way;
* an ``id`` that is not an absolute IRI is dropped;
* control characters are escaped differently from RDFC-1.0 / rdf-canonize.

And one thing JSON-LD allows is refused (:func:`check_plain_tree`): a signature covers
the RDF graph, while pages read the JSON tree, so the JSON must be one plain tree of
that graph — else a holder could re-spell a signed credential (one node in two JSON
objects, ``@included``, ``@graph``, a property spelt as an IRI) so that a page shows
less than, or something other than, what was signed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

from badgepress.errors import CanonicalizationError, ContextError, DocumentError
from badgepress.jsonld.loader import BundledLoader

# C0 controls other than TAB, LF and CR, and DEL: pyld and RDFC-1.0 disagree on these.
_UNPORTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
# Keys whose string values JSON-LD reads as IRIs in the contexts we ship.
_IRI_KEYS = frozenset({"id", "@id", "verificationMethod", "statusListCredential", "issuer"})


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Yield ``(pointer, key, value)`` for every member and item of a JSON value, in
    document order, each before its own members (one loop, not a generator per level)."""
    stack = [_members(value, pointer)]
    while stack:
        for child, key, item in stack[-1]:
            yield child, key, item
            if isinstance(item, dict | list):
                stack.append(_members(item, child))
                break
        else:
            stack.pop()


def _members(value: Any, pointer: str) -> Iterator[tuple[str, Any, Any]]:
    """The direct members of a dict or items of a list, with their pointers."""
    if isinstance(value, dict):
        for key, item in value.items():
            token = escape_pointer_token(key) if "~" in key or "/" in key else key
            yield f"{pointer}/{token}", key, item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{pointer}/{index}", index, item


class Processor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor with one cache fix and drop detection.

    For a type-scoped (non-propagating) context pyld clones the active context
    before processing it; the clone gets a new identity every time, so pyld's
    processed-context cache, keyed by that identity, never hits and every typed
    node re-processes its scoped context. Here the clone is made once per parent
    context and reused. The clone is exactly what pyld would have built, so the
    output is unchanged (``tests/unit/test_canon.py`` compares against plain pyld).
    """

    _scoped_clones: LRUCache[str, dict[str, Any]] = LRUCache(maxsize=4096)

    def __init__(self) -> None:
        self.dropped: list[str | None] = []
        super().__init__(on_property_dropped=self.dropped.append)

    def _object_to_rdf(
        self, item: Any, issuer: Any, triples: list[Any], options: dict[str, Any]
    ) -> Any:
        """pyld's conversion, noting the IRI values (``type`` values among them) it drops."""
        converted = super()._object_to_rdf(item, issuer, triples, options)
        if converted is None:
            self.dropped.append(item.get("@id") if isinstance(item, dict) else item)
        return converted

    def _process_context(
        self,
        active_ctx: dict[str, Any],
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        if (
            not propagate
            and not active_ctx.get("previousContext")
            and isinstance(local_ctx, dict)
            and "@propagate" not in local_ctx
            and "@context" not in local_ctx
        ):
            active_ctx = self._scoped_clone(active_ctx)
        return super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )

    def _scoped_clone(self, parent: dict[str, Any]) -> dict[str, Any]:
        if "_uuid" not in parent:
            parent["_uuid"] = jsonld.uuid.uuid1().hex
        clone = self._scoped_clones.get(parent["_uuid"])
        if clone is None or clone["previousContext"] is not parent:
            clone = self._clone_active_context(parent)
            clone["previousContext"] = parent
            clone["_uuid"] = jsonld.uuid.uuid1().hex
            self._scoped_clones[parent["_uuid"]] = clone
        return clone


class _Rdfc(URDNA2015):  # type: ignore[misc]
    """pyld's RDFC-1.0 (URDNA2015) with the algorithm's hash parameter (RDFC-1.0 §4.4
    "hash algorithm"): SHA-384 for ecdsa-rdfc-2019 with a P-384 key (W3C vc-di-ecdsa,
    "canon-and-hash"), where pyld always uses SHA-256."""

    def __init__(self, hash_name: str) -> None:
        super().__init__()
        self._hash_name = hash_name

    def create_hash(self) -> Any:
        return hashlib.new(self._hash_name)


class _Resolver(ContextResolver):  # type: ignore[misc]
    """pyld's context resolver, minus re-serialising bundled scoped contexts.

    For every embedded (scoped) context pyld computes a JCS string as its cache key,
    on every use. The scoped contexts of the bundled documents are the same objects
    every time, so they are looked up by identity instead.
    """

    _shared: LRUCache[str, Any] = LRUCache(maxsize=1000)

    def __init__(self, loader: BundledLoader) -> None:
        super().__init__(self._shared, loader)
        self._static = loader.resolved_scoped

    def resolve(
        self, active_ctx: Any, context: Any, base: Any, cycles: set[str] | None = None
    ) -> list[Any]:
        if isinstance(context, dict) and id(context) in self._static:
            return [self._static[id(context)]]
        return super().resolve(active_ctx, context, base, cycles)  # type: ignore[no-any-return]


def _json_copy(value: Any) -> Any:
    """Deep-copy a JSON value (dicts, lists, scalars) — much faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value


class _Document(dict[str, Any]):
    """A JSON document that pyld may deep-copy cheaply (pyld copies its input before
    expanding it; for plain JSON a structural copy is equivalent and five times faster)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {key: _json_copy(item) for key, item in self.items()}


def check_plain_tree(document: Any, shown: Mapping[str, Collection[str]] | None = None) -> None:
    """Refuse JSON that is not one plain tree of the graph it signs: every ``@context``
    a list of URLs (no embedded context), no other JSON-LD keyword, no property spelt as
    an IRI; and, with ``shown`` (JSON pointer of an object a page reads, ``*`` for any
    array index → the fields it shows), no shown field of a node written in another JSON
    object with the same ``id``, so each field a page shows is all the signature says
    about it.

    Raises:
        DocumentError: naming the field that re-shapes the graph.
    """
    for pointer, key, value in walk(document):
        if key == "@context":
            _check_context_urls(value, pointer)
        elif isinstance(key, str) and key.startswith("@"):
            raise DocumentError(
                f"the JSON-LD keyword {key} re-shapes what is signed, so a page could "
                "show something other than the signed content",
                pointer=pointer, hint="write the credential as plain JSON fields")
        elif isinstance(key, str) and ":" in key:
            raise DocumentError(
                f"the property {key!r} is spelt as an IRI; a page would not show it",
                pointer=pointer, hint="use the term the contexts define for it")
    if shown:
        _check_shown_fields_in_place(document, shown)


def _shown_at(pointer: str, shown: Mapping[str, Collection[str]]) -> Collection[str]:
    pattern = re.sub(r"/\d+(?=/|$)", "/*", pointer) or "/"
    return shown.get(pattern, ())


def _check_shown_fields_in_place(document: Any, shown: Mapping[str, Collection[str]]) -> None:
    """Refuse a shown field of a node that sits in another JSON object with the node's id
    (or, where a page reads the node, the JSON holds only its id)."""
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    if isinstance(document, dict) and isinstance(document.get("id"), str):
        groups[document["id"]] = [("", document)]
    for pointer, _, value in walk(document):
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            groups.setdefault(value["id"], []).append((pointer, value))
        elif isinstance(value, str) and _shown_at(pointer, shown):
            # A page reads this node but finds only its id (``"issuer": "did:…"``).
            groups.setdefault(value, []).append((pointer, {}))
    for node_id, objects in groups.items():
        if len(objects) < 2:
            continue
        fields = {f for pointer, _ in objects for f in _shown_at(pointer, shown)}
        for pointer, value in objects:
            moved = sorted(fields.intersection(value) - set(_shown_at(pointer, shown)))
            if moved:
                raise DocumentError(
                    f"{node_id} is described in more than one JSON object and its "
                    f"{moved[0]!r} sits where no page shows it",
                    pointer=f"{pointer}/{escape_pointer_token(moved[0])}",
                    hint="describe each thing in one JSON object")


def passes_plain_and_portable(document: Any, loader: BundledLoader) -> bool:
    """Whether ``document`` passes both :func:`check_plain_tree` (with any ``shown`` table
    whose patterns name objects, never an ``id``) and :func:`check_portable`, found in one
    walk that builds no JSON pointer. ``False`` only says "run the checks": they find and
    word the problem. A shown field can only sit out of place in a node written in two JSON
    objects, so it is enough that no two objects share an ``id`` and no other text is one.
    """
    if not isinstance(document, dict):
        return False
    texts: list[str] = []
    ids: list[str] = []
    others: list[str] = []
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for item in node:
                if isinstance(item, str):
                    texts.append(item)
                    others.append(item)
                elif isinstance(item, dict | list):
                    stack.append(item)
            continue
        for key, value in node.items():
            if not isinstance(key, str) or ":" in key or (
                    key.startswith("@") and key != "@context"):
                return False
            texts.append(key)
            if isinstance(value, str):
                texts.append(value)
                if key == "@context":
                    if value not in loader:
                        return False
                elif key == "id":
                    ids.append(value)
                else:
                    others.append(value)
                if key in _IRI_KEYS and not _ABSOLUTE_IRI.match(value):
                    return False
            elif key == "@context":
                if not isinstance(value, list) or not all(
                        isinstance(url, str) and url in loader for url in value):
                    return False
                texts.extend(value)
            elif isinstance(value, dict | list):
                stack.append(value)
    unique = set(ids)
    return (len(unique) == len(ids) and unique.isdisjoint(others)
            and not _UNPORTABLE.search("".join(texts)))


def _check_context_urls(value: Any, pointer: str) -> None:
    for index, entry in enumerate(value if isinstance(value, list) else [value]):
        if not isinstance(entry, str):
            raise DocumentError(
                "an embedded @context could redefine what the credential's terms mean",
                pointer=f"{pointer}/{index}" if isinstance(value, list) else pointer,
                hint="list only the URLs of the VC 2.0 and Open Badges 3.0 contexts")


def check_portable(document: Any, loader: BundledLoader) -> None:
    """Refuse what pyld would canonicalise silently wrong or differently from JS, and
    JSON that is not a plain tree of the signed graph (:func:`check_plain_tree`).

    Raises:
        ContextError: a ``@context`` is not bundled.
        CanonicalizationError: a string holds a control character, or an id is
            not an absolute IRI.
        DocumentError: the JSON re-shapes the signed graph.
    """
    check_plain_tree(document)
    for pointer, key, value in walk(document):
        if key == "@context":
            for index, url in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(url, str) and url not in loader:
                    where = f"{pointer}/{index}" if isinstance(value, list) else pointer
                    raise ContextError(
                        f"context not bundled: {url}",
                        pointer=where,
                        hint="use the VC 2.0 and Open Badges 3.0.3 contexts; "
                        "badgepress never fetches a context",
                    )
        if isinstance(key, str) and _UNPORTABLE.search(key):
            raise _control_character(pointer)
        if isinstance(value, str):
            if _UNPORTABLE.search(value):
                raise _control_character(pointer)
            if key in _IRI_KEYS and not _ABSOLUTE_IRI.match(value):
                raise CanonicalizationError(
                    f"{key} {value!r} is not an absolute IRI, so it would not be signed",
                    pointer=pointer,
                    hint="use a full URL (https://…), a DID or a urn:",
                )


def _control_character(pointer: str) -> CanonicalizationError:
    return CanonicalizationError(
        "text contains a control character that canonicalises differently "
        "in other verifiers",
        pointer=pointer,
        hint="remove control characters (other than tab and line breaks) from the text",
    )


def canonicalize(
    document: Any, loader: BundledLoader, hash_name: str = "sha256",
    processor: Processor | None = None,
) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document, blank nodes labelled
    with the hash ``hash_name`` (RDFC-1.0's default ``sha256``; ``sha384`` for
    ecdsa-rdfc-2019 with a P-384 key); with ``processor``, a :class:`Processor` that also
    watches what pyld does, as the shape compiler needs.

    Raises:
        ContextError: a context is not bundled, or a term is not defined by the
            document's contexts (it would be dropped, unsigned).
        CanonicalizationError: the document cannot be canonicalised portably.
    """
    check_portable(document, loader)
    processor = processor or Processor()
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "base": None,
        "documentLoader": loader,
        "contextResolver": _Resolver(loader),
        "rdfDirection": "i18n-datatype",
        "safe": True,
    }
    source = _Document(document) if isinstance(document, dict) else document
    try:
        if hash_name == "sha256":
            nquads: str = processor.normalize(source, options)
        else:
            rdf_options = {k: v for k, v in options.items() if k != "format"}
            dataset = processor.to_rdf(source, {**rdf_options, "produceGeneralizedRdf": False})
            nquads = _Rdfc(hash_name).main(dataset, options)
    except jsonld.JsonLdError as exc:
        raise _from_pyld(exc) from exc
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        # pyld assumes valid JSON-LD in places (e.g. ``"@type": null`` in a node); on
        # hostile input its own bug must still end as "cannot be canonicalised".
        raise CanonicalizationError(
            f"JSON-LD processing failed: {type(exc).__name__}: {exc}",
            hint="the document is not valid JSON-LD; check the keywords (@type, @id…) it uses",
        ) from exc
    if processor.dropped:
        raise _undefined_term(document, processor.dropped[0])
    return nquads


def _from_pyld(exc: BaseException) -> CanonicalizationError | ContextError:
    """Find our own error in pyld's chain of causes, or describe pyld's deepest one."""
    cause: BaseException | None = exc
    deepest = exc
    while cause is not None:
        if isinstance(cause, ContextError):
            return cause
        deepest = cause
        cause = cause.__cause__ or getattr(cause, "cause", None)
    return CanonicalizationError(
        f"JSON-LD processing failed: {deepest}",
        pointer="/@context",
        hint="check the @context list and the terms used",
    )


def _undefined_term(document: Any, term: str | None) -> ContextError:
    pointer = next((p for p, key, _ in walk(document) if key == term), None)
    if pointer is None:
        pointer = next((p for p, _, value in walk(document) if value == term), None)
    return ContextError(
        f"term {term!r} is not defined by the document's contexts, so it would not be signed",
        pointer=pointer,
        hint="remove it or spell it as the Open Badges 3.0 / VC 2.0 contexts define it",
    )
