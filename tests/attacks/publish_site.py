"""Helpers for the publish attacks: a project built once, and the checks every attack
makes afterwards (the build refused, named the file, and published nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from badgepress.errors import BadgeError
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.publishable import secret_in
from tests.integration.site_project import build, site_project, tree

__all__ = ["Published", "published", "site_project"]


@dataclass
class Published:
    """A project whose site was built once, and that site's files."""

    project: Project
    site_dir: Path
    before: dict[str, bytes]

    @property
    def docs(self) -> Path:
        """The docs folder (``site_src/``)."""
        return self.project.docs_dir

    def refused(self) -> BadgeError:
        """Build again: it must fail and leave the previous site exactly as it was."""
        with pytest.raises(BadgeError) as caught:
            build(self.project, self.site_dir)
        self.assert_unchanged()
        return caught.value

    def assert_unchanged(self) -> None:
        """The previous site is intact, holds no key, and no work folder is left."""
        after = tree(self.site_dir)
        assert after == self.before
        assert not [name for name, data in after.items() if secret_in(data)]
        assert sorted(p.name for p in self.site_dir.parent.iterdir()
                      if p.name.startswith(f".{self.site_dir.name}.")) == []


def problems(error: BadgeError) -> dict[str, BadgeError]:
    """The problems of a refused build, by the file each one names."""
    found = error.problems if isinstance(error, SiteError) else [error]
    return {p.path or "": p for p in found}


@pytest.fixture
def published(site_project: Project, tmp_path: Path) -> Published:
    """``site_project`` built into ``out/``."""
    site_dir = build(site_project, tmp_path / "out").site_dir
    return Published(site_project, site_dir, tree(site_dir))
