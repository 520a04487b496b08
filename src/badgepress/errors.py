"""One error tree for badgepress.

Every error carries data — the file, the JSON pointer inside it and a hint saying
what to do — so the CLI and the mkdocs plugin report from attributes, never by
parsing messages. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class BadgeError(Exception):
    """Base class of every error badgepress raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        pointer: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.pointer = pointer
        self.hint = hint

    def at(self, path: str | Path) -> BadgeError:
        """Return this error with ``path`` filled in when it was not known yet."""
        if self.path is None:
            self.path = str(path)
        return self

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.path, self.pointer) if p)
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class DocumentError(BadgeError):
    """A document is not JSON, or not a well-formed credential, profile or DID document."""


class ContextError(BadgeError):
    """A JSON-LD context is not bundled, or the document's terms are not all defined."""


class CanonicalizationError(BadgeError):
    """A document cannot be canonicalised the same way other implementations would."""


class ProofError(BadgeError):
    """A Data Integrity proof is missing, malformed or does not verify."""


class KeyMaterialError(BadgeError):
    """A key is malformed, missing, misplaced (private key in the tree) or would be overwritten."""


class ResolutionError(BadgeError):
    """A DID or verification method cannot be resolved, or does not belong to the issuer."""


class StatusError(BadgeError):
    """A status list is malformed, cannot be found, or the status entry is invalid."""


class ConfigError(BadgeError):
    """A setting in mkdocs.yml, an achievement file or a roster is invalid."""


class StorageError(BadgeError):
    """A file of the issuer repository cannot be written (disk full, read-only), or
    another badgepress command holds the repository."""


class DeliveryError(BadgeError):
    """Telling recipients failed: the mail server cannot be reached or refuses the sender."""


class RecipientRefused(DeliveryError):
    """One message cannot go to its recipient (the server refused it, or the address is
    unusable); the next one may."""
