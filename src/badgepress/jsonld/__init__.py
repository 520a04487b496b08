"""Bundled JSON-LD contexts, the offline document loader and canonicalisation."""

from badgepress.jsonld.canon import canonicalize
from badgepress.jsonld.loader import BundledLoader, bundled_loader

__all__ = ["BundledLoader", "bundled_loader", "canonicalize"]
