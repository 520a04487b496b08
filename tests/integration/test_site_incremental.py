"""A rebuild reuses the previous build's unchanged badge folders, and only those."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from badgepress import lifecycle
from badgepress.pages.badge import BadgeView
from badgepress.pages.render import Renderer
from badgepress.planning import verification
from badgepress.planning.baked import BakeSlot
from badgepress.project import Project
from badgepress.site import pipeline
from tests.conftest import SITE_URL
from tests.integration.site_project import ISSUED, build, issue, site_project, tree

__all__ = ["site_project"]


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_rebuild_reuses_unchanged_folders_and_rewrites_changed_ones(
        site_project: Project, tmp_path: Path) -> None:
    site = build(site_project).site_dir
    pages = sorted(site.glob("badges/*/index.html"))
    kept, revoked = pages[0], pages[1]
    before = {p: inode(p) for p in pages}
    lifecycle.revoke(site_project, revoked.parent.name, "issued in error", ISSUED)
    build(site_project)
    assert inode(kept) == before[kept]  # hard-linked from the previous build, not rewritten
    assert "issued in error" in revoked.read_text()  # its page changed: written anew
    # The result is exactly what a build from nothing produces.
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


def test_an_edited_output_file_is_not_reused(site_project: Project) -> None:
    site = build(site_project).site_dir
    page = next(site.glob("badges/*/index.html"))
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Verification", b"Hacked"))
    build(site_project)
    assert page.read_bytes() == original


def test_a_new_credential_adds_a_folder_and_keeps_the_rest(site_project: Project) -> None:
    site = build(site_project).site_dir
    old = {p.parent.name: inode(p) for p in site.glob("badges/*/index.html")}
    issue(site_project, ["Newcomer"])
    build(site_project)
    now = {p.parent.name: inode(p) for p in site.glob("badges/*/index.html")}
    assert len(now) == len(old) + 1
    assert all(now[token] == number for token, number in old.items())


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tokens of the badge pages rendered from now on."""
    rendered: list[str] = []
    original = Renderer.badge_page

    def counting(self: Renderer, badge: BadgeView, slots: tuple[BakeSlot, ...]) -> bytes:
        rendered.append(badge.token)
        return original(self, badge, slots)

    monkeypatch.setattr(Renderer, "badge_page", counting)
    return rendered


def test_a_rebuild_renders_only_the_pages_that_changed(
        site_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(site_project).site_dir
    rendered = count_renders(monkeypatch)
    [new] = issue(site_project, ["Newcomer"])
    build(site_project)
    assert rendered == [new.stem]
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


def test_a_new_issuer_name_reaches_every_badge_page(
        site_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(site_project).site_dir
    rendered = count_renders(monkeypatch)
    config = site_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("Example Academy", "Renamed Academy"),
                      encoding="utf-8")
    build(site_project)
    pages = sorted(site.glob("badges/*/index.html"))
    assert len(rendered) == len(pages) > 1
    assert all("Renamed Academy" in page.read_text("utf-8") for page in pages)


def test_an_unreadable_output_index_means_rendering_again(
        site_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(site_project).site_dir
    (site_project.root / ".badgepress-cache" / "outputs.json").write_text("{not json")
    rendered = count_renders(monkeypatch)
    build(site_project)
    assert len(rendered) == len(list(site.glob("badges/*/index.html"))) > 1
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


SPARE = ".badgepress-cache/spare-site"


def test_a_third_build_keeps_unchanged_folders_from_the_spare_build(
        site_project: Project, tmp_path: Path) -> None:
    site = build(site_project).site_dir
    pages = sorted(site.glob("badges/*/index.html"))
    kept, revoked = pages[0], pages[1]
    first = inode(kept)
    lifecycle.revoke(site_project, revoked.parent.name, "issued in error", ISSUED)
    build(site_project)
    spare = site_project.root / SPARE / "badges"
    assert inode(spare / kept.parent.name / "index.html") == first  # the first build, kept
    [new] = issue(site_project, ["Newcomer"])
    build(site_project)
    assert inode(kept) == first
    assert "issued in error" in revoked.read_text()
    assert (site / "badges" / new.stem / "index.html").is_file()
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file in ``path``'s place (a new inode, as editors do)."""
    (path.parent / "edited.tmp").write_bytes(data)
    (path.parent / "edited.tmp").replace(path)


@pytest.mark.parametrize("edit", [Path.write_bytes, replace_file],
                         ids=["in place", "replaced"])
def test_an_edited_output_file_is_not_reused_after_several_builds(
        site_project: Project, edit: Any) -> None:
    """The spare build shares the published files' inodes: an edit in place reaches it,
    a replaced file does not; neither edit is published again."""
    site = build(site_project).site_dir
    build(site_project)
    page = next(site.glob("badges/*/index.html"))
    original = page.read_bytes()
    edit(page, original.replace(b"Verification", b"Verificati0n"))  # the same size
    build(site_project)
    assert page.read_bytes() == original
    edit(page, original + b"<!-- added -->")
    build(site_project)
    assert page.read_bytes() == original


def record_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
                 token_of: Any) -> list[str]:
    """The tokens ``module.name`` is called for from now on (the call still happens)."""
    seen: list[str] = []
    original = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(token_of(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return seen


def test_a_rebuild_reads_only_the_new_credential(
        site_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unchanged credentials are neither verified, nor parsed for their status bits,
    nor laid out: their facts come from the output index."""
    site = build(site_project).site_dir
    verified = record_calls(monkeypatch, verification, "check_credential",
                            lambda data, trust, path: Path(path).stem)
    laid_out = record_calls(monkeypatch, pipeline, "badge_view",
                            lambda token, *rest: token)
    bits = record_calls(monkeypatch, pipeline, "file_bits", lambda data: json.loads(data)["id"])
    [new] = issue(site_project, ["Newcomer"])
    assert build(site_project).stats.verified == 1
    assert verified == laid_out == [new.stem]
    assert bits == [f"{SITE_URL}badges/{new.stem}/"]
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


def test_a_changed_issuer_name_lays_out_every_badge_again(
        site_project: Project, tmp_path: Path) -> None:
    site = build(site_project).site_dir
    config = site_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("name: Example Academy\n",
                                                        "name: Example College\n"), "utf-8")
    build(site_project)
    pages = sorted(site.glob("badges/*/index.html"))
    assert len(pages) == 3 and all("Example College" in p.read_text("utf-8") for p in pages)
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)


def test_a_deleted_output_of_an_unchanged_badge_is_written_again(
        site_project: Project, tmp_path: Path) -> None:
    site = build(site_project).site_dir
    build(site_project)  # every badge recorded
    shield = next(site.glob("badges/*/shield.svg"))
    (shield.parent / "credential.json").unlink()
    shield.write_bytes(b"<svg>forged</svg>")
    build(site_project)
    fresh = build(site_project, site_dir=tmp_path / "fresh").site_dir
    assert tree(site) == tree(fresh)
