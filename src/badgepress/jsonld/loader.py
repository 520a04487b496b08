"""The offline JSON-LD document loader: bundled contexts only, never the network.

The contexts ship inside the package under ``contexts/`` and are listed in
``contexts/manifest.json`` with their URL, file name and SHA-256. Any other URL is
an error, so verification can never be steered by a remote document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pyld.resolved_context import ResolvedContext

from badgepress.errors import ContextError

CONTEXTS_PACKAGE = "badgepress.jsonld"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ContextEntry:
    """One bundled context: where it is published and which file holds it."""

    url: str
    file: str
    sha256: str


def read_manifest() -> list[ContextEntry]:
    """Return the manifest of bundled contexts."""
    text = resources.files(CONTEXTS_PACKAGE).joinpath("contexts", MANIFEST).read_text("utf-8")
    return [ContextEntry(**entry) for entry in json.loads(text)]


def read_context_bytes(entry: ContextEntry) -> bytes:
    """Return the bytes of one bundled context file."""
    return resources.files(CONTEXTS_PACKAGE).joinpath("contexts", entry.file).read_bytes()


class BundledLoader:
    """A pyld document loader that serves the bundled contexts and nothing else.

    Each context is parsed once and handed out as the same object with pyld's
    ``static`` tag, which lets pyld cache the processed context.
    """

    def __init__(self, documents: Mapping[str, Any] | None = None) -> None:
        if documents is None:
            documents = {}
            for entry in read_manifest():
                data = read_context_bytes(entry)
                if hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise ContextError(
                        f"bundled context {entry.url} does not match its manifest hash",
                        path=entry.file,
                        hint="reinstall badgepress",
                    )
                documents[entry.url] = json.loads(data)
        self.resolved_scoped = _scoped_contexts(documents)
        self._responses = {
            url: {"contextUrl": None, "documentUrl": url, "document": doc, "tag": "static"}
            for url, doc in documents.items()
        }

    def __contains__(self, url: object) -> bool:
        return url in self._responses

    @property
    def urls(self) -> frozenset[str]:
        """The context URLs this loader serves."""
        return frozenset(self._responses)

    def __call__(self, url: str, options: object = None) -> dict[str, Any]:
        """Return the bundled context for ``url``.

        Raises:
            ContextError: ``url`` is not a bundled context.
        """
        try:
            return self._responses[url]
        except KeyError:
            raise ContextError(
                f"context not bundled: {url}",
                pointer="/@context",
                hint="badgepress reads only the contexts it ships; it never fetches one",
            ) from None


def _scoped_contexts(documents: Mapping[str, Any]) -> dict[int, Any]:
    """Map the identity of every embedded ``@context`` object in ``documents`` to
    a pyld ``ResolvedContext``, so pyld can reuse its processed form."""
    found: dict[int, Any] = {}
    stack: list[Any] = list(documents.values())
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            scoped = node.get("@context")
            if isinstance(scoped, dict) and node is not scoped:
                found[id(scoped)] = ResolvedContext(scoped)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@cache
def bundled_loader() -> BundledLoader:
    """The loader of the contexts shipped in the package, made once per process."""
    return BundledLoader()
