"""Property: the fast paths of ``check_credential`` never vouch for what the full checks
refuse. For credentials with hostile members put anywhere in the tree (JSON-LD keywords,
IRI-spelt properties, embedded or unknown contexts, control characters, relative ids, nodes
split over several objects, unsafe numbers, surrogates, repeated keys):

* when ``passes_plain_and_portable`` says yes, ``check_plain_tree`` (with the pages' shown
  fields) and ``check_portable`` find nothing;
* when the JSON reader accepts a text without walking it, ``check_tree`` finds nothing.

Whenever a shortcut says no, the full checks run, so these two make the verdicts, messages
and pointers those of the full checks. ``BADGEPRESS_SHAPE_EXAMPLES`` raises the number of
examples (random, not the derandomised default run)."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgepress.errors import BadgeError
from badgepress.jsonld import bundled_loader
from badgepress.jsonld.canon import check_plain_tree, check_portable, passes_plain_and_portable
from badgepress.model.document import check_tree, load_json
from badgepress.report import SHOWN
from tests.helpers import ISSUER_DID, unsigned_credential

EXAMPLES = int(os.environ.get("BADGEPRESS_SHAPE_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize="BADGEPRESS_SHAPE_EXAMPLES" not in
                    os.environ, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PLAIN_KEYS = st.sampled_from(["id", "name", "image", "narrative", "type", "issuer",
                              "verificationMethod", "statusListCredential", "targetUrl", "x"])
KEYS = st.one_of(PLAIN_KEYS, st.sampled_from([
    "@id", "@type", "@context", "@graph", "@included", "@value", "ex:p",
    "https://schema.org/name", "salt\x01", "a/b~c", "\u202e"]))
PLAIN_TEXT = st.sampled_from([
    ISSUER_DID, "https://example.org/a", "urn:uuid:1", "https://www.w3.org/ns/credentials/v2",
    "https://example-academy.github.io/badges/achievements/python/", "tab\tnew\nline",
    "Zoë 李", "a\\ud800"])
TEXT = st.one_of(PLAIN_TEXT, st.sampled_from(
    ["relative/x", "", "https://evil.example/c.json", "bad\x01", "del\x7f", "\ud800"]),
    st.text(max_size=6))
SCALAR = st.one_of(TEXT, st.integers(-2**60, 2**60), st.floats(), st.booleans(), st.none())
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)), max_leaves=8)
PLAIN_VALUE = st.recursive(st.one_of(PLAIN_TEXT, st.integers(-100, 100), st.booleans()),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(PLAIN_KEYS, inner,
                                                                   max_size=3)),
                           max_leaves=6)


def containers(value: Any) -> list[Any]:
    """Every object and array in a JSON value, in document order."""
    found = [value] if isinstance(value, dict | list) else []
    children = value.values() if isinstance(value, dict) else value if \
        isinstance(value, list) else []
    for child in children:
        found.extend(containers(child))
    return found


@st.composite
def hostile_credentials(draw: st.DrawFn) -> dict[str, Any]:
    """A credential with one to four members or items put anywhere in it, each hostile or
    plain (so that some documents pass and others fail close to the line)."""
    document = unsigned_credential()
    if draw(st.booleans()):
        document["evidence"] = [{"type": ["Evidence"], "id": "https://example.org/e",
                                 "name": "Project"}]
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(containers(document)))
        hostile = draw(st.booleans())
        value = draw(VALUE if hostile else PLAIN_VALUE)
        if isinstance(target, dict):
            target[draw(KEYS if hostile else PLAIN_KEYS)] = value
        else:
            target.insert(draw(st.integers(0, len(target))), value)
    return document


def refused(check: Any, *args: Any) -> BadgeError | None:
    try:
        check(*args)
    except BadgeError as exc:
        return exc
    return None


@SETTINGS
@given(hostile_credentials())
def test_the_walk_vouches_only_for_what_the_tree_checks_accept(document: dict[str, Any]) -> None:
    loader = bundled_loader()
    if passes_plain_and_portable(document, loader):
        assert refused(check_plain_tree, document, SHOWN) is None
        assert refused(check_portable, document, loader) is None


@SETTINGS
@given(hostile_credentials(), st.booleans(), st.sampled_from(
    ["", '"name": 1, ', '"x": [NaN], ', '"x": 1e999, ', '"x": [9007199254740993], ',
     '"x": 12345678901234567890, ', '"\\udc00": 1, ', '"x": "\\\\ud800", ']))
def test_the_reader_skips_its_tree_check_only_when_it_would_pass(
    document: dict[str, Any], ascii_only: bool, extra: str
) -> None:
    """Text written with or without ``\\u`` escapes, with a member inserted after the
    first brace of every object (a second ``name`` repeats a key where there is one)."""
    try:
        text = json.dumps(document, ensure_ascii=ascii_only).replace("{", "{" + extra)
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate cannot be written as UTF-8 text at all
    try:
        parsed = load_json(data)
    except BadgeError:
        return
    assert refused(check_tree, parsed) is None
