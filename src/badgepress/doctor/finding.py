"""One line of ``badgepress doctor``: what was checked, whether it is right, how to fix it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import BadgeError


@dataclass(frozen=True)
class Finding:
    """The outcome of one check on an issuer repository.

    A finding that is not ``ok`` is a problem (``doctor`` exits 1) unless it is a
    ``warning``: something worth knowing that does not stop the site from working
    (no credentials yet, no private key on a machine that only publishes).
    """

    check: str
    ok: bool
    message: str
    fix: str | None = None
    warning: bool = False

    @property
    def problem(self) -> bool:
        """Whether this finding makes the repository unfit to publish."""
        return not self.ok and not self.warning

    @property
    def level(self) -> str:
        """``ok``, ``warning`` or ``problem``."""
        return "ok" if self.ok else "warning" if self.warning else "problem"

    def to_json(self) -> dict[str, Any]:
        """The finding as a JSON object (for ``--json``)."""
        out: dict[str, Any] = {"check": self.check, "ok": self.ok, "level": self.level,
                               "message": self.message}
        if self.fix:
            out["fix"] = self.fix
        return out


def passed(check: str, message: str) -> Finding:
    """A check that found nothing wrong."""
    return Finding(check, True, message)


def problem(check: str, message: str, fix: str) -> Finding:
    """Something that must be fixed before publishing."""
    return Finding(check, False, message, fix)


def warning(check: str, message: str, fix: str) -> Finding:
    """Something worth knowing that does not stop the site from working."""
    return Finding(check, False, message, fix, warning=True)


def where(exc: BadgeError, root: Path) -> str:
    """The error's message prefixed by its file (relative to ``root``) and pointer."""
    path = exc.path
    if path is not None:
        with contextlib.suppress(ValueError):
            path = str(Path(path).resolve().relative_to(root.resolve()))
    place = ": ".join(p for p in (path, exc.pointer) if p)
    return f"{place}: {exc.message}" if place else exc.message
