"""Collect every problem of a build, then stop once with all of them."""

from __future__ import annotations

from collections.abc import Iterable

from badgepress.errors import BadgeError


class SiteError(BadgeError):
    """The site cannot be built; ``problems`` holds one error per bad file."""

    def __init__(self, problems: Iterable[BadgeError]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was published:\n"
            + "\n".join(f"  {p}" for p in self.problems)
        )


class Problems:
    """A list of errors found so far, raised together by :meth:`raise_if_any`."""

    def __init__(self) -> None:
        self.items: list[BadgeError] = []

    def add(self, error: BadgeError) -> None:
        """Record one problem."""
        self.items.append(error)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Stop the build when anything was recorded.

        Raises:
            SiteError: listing every recorded problem, sorted by file.
        """
        if self.items:
            raise SiteError(sorted(self.items, key=lambda e: (e.path or "", e.pointer or "")))
