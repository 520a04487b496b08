"""Helpers for the site tests: achievements, issued credentials and builds in a tmp repo."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from badgepress.issue import issue_batch
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project
from badgepress.site.build import BuildResult, build_site

ISSUED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BUILT = "1788000000"  # 2026-08-29, SOURCE_DATE_EPOCH for builds in tests
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
       '<circle cx="32" cy="32" r="30" fill="#1f5fbf"/></svg>\n')


def add_achievement(project: Project, slug: str = "python", name: str = "Python Basics",
                    body: str = "Passed the **final** project.", extra: str = "") -> None:
    """Write an achievement page and its image into the project's docs folder."""
    images = project.docs_dir / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / f"{slug}.svg").write_text(SVG, encoding="utf-8")
    project.achievements_dir.mkdir(parents=True, exist_ok=True)
    (project.achievements_dir / f"{slug}.md").write_text(textwrap.dedent(f"""\
        ---
        name: {name}
        description: Writes small, tested programs.
        image: images/{slug}.svg
        tags: [python, testing]
        alignments:
          - target_name: Programming skill
            target_url: https://example.org/skills/programming
        """) + extra + "---\n" + body + "\n", encoding="utf-8")


def add_png(project: Project, slug: str = "python") -> None:
    """A PNG of the achievement's badge beside its SVG."""
    image = Image.new("RGBA", (200, 220), (31, 95, 191, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    (project.docs_dir / "images" / f"{slug}.png").write_bytes(out.getvalue())


def issue(project: Project, names: Iterable[str], slug: str = "python",
          now: datetime = ISSUED, evidence: str | None = None) -> list[Path]:
    """Issue ``slug`` to each name, with the project's key and status lists."""
    achievement = load_achievement(project, slug)
    recipients = [Recipient(name, evidence=evidence) for name in names]
    result = issue_batch(project, achievement, recipients, now=now, workers=1)
    return [item.path for item in result.issued]


def build(project: Project, site_dir: Path | None = None, workers: int = 1) -> BuildResult:
    """Build the project's site in strict mode."""
    return build_site(project.root / "mkdocs.yml", strict=True, site_dir=site_dir,
                      workers=workers)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The ``project`` with one achievement, three badges, and a fixed build moment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)
    add_achievement(project)
    issue(project, ["Ada Lovelace", "Grace Hopper", "Alan Turing"],
          evidence="https://example.org/portfolio/42")
    return project
