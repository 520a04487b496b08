"""Badge folders rendered in worker processes: the same site, the same refusals, as the
serial path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badgepress.crypto.keys import KeyPair
from badgepress.project import Project
from badgepress.site import folders
from badgepress.site.folders import badge_folders, write_folders
from badgepress.site.outputs import Output
from tests.integration.site_project import add_png, build, issue, site_project, tree

__all__ = ["site_project"]


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a handful of folders go to the pool (a real one, real processes)."""
    monkeypatch.setattr(folders, "PARALLEL_THRESHOLD", 0)


def with_recipient_cards(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      recipient_previews: true\n",
                      encoding="utf-8")
    add_png(project)


@pytest.mark.usefixtures("pooled")
def test_a_site_rendered_on_two_workers_is_byte_identical_to_one_rendered_serially(
        site_project: Project, tmp_path: Path) -> None:
    with_recipient_cards(site_project)
    issue(site_project, ["Barbara Liskov", "Edsger Dijkstra"])
    serial = build(site_project, tmp_path / "serial", workers=1).site_dir
    pooled = build(site_project, tmp_path / "pooled", workers=2).site_dir
    assert len(list(pooled.glob("badges/*/index.html"))) == 5
    assert len(list(pooled.glob("badges/*/preview.png"))) == 5
    assert tree(pooled) == tree(serial)


@pytest.mark.usefixtures("pooled")
def test_folders_written_by_workers_are_reused_by_the_next_build(
        site_project: Project) -> None:
    site = build(site_project, workers=2).site_dir
    before = {p: p.stat().st_ino for p in site.glob("badges/*/*")}
    [new] = issue(site_project, ["Newcomer"])
    build(site_project, workers=2)
    after = {p: p.stat().st_ino for p in site.glob("badges/*/*")}
    assert {p: after[p] for p in before} == before
    assert {p.parent.name for p in set(after) - set(before)} == {new.stem}


def folders_with_a_key(count: int) -> list[folders.Folder]:
    secret = json.dumps({"secretKeyMultibase": KeyPair.generate().secret_multibase})
    outputs = []
    for number in range(count):
        outputs.append(Output(f"badges/t{number:03d}/index.html", b"<p>fine</p>"))
        leaked = secret.encode() if number % 7 == 3 else b"{}"
        outputs.append(Output(f"badges/t{number:03d}/credential.json", leaked))
    return badge_folders(outputs)


def test_workers_refuse_the_same_files_in_the_same_order_as_the_serial_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned = folders_with_a_key(40)
    serial = write_folders(tmp_path / "serial", planned, workers=1)
    monkeypatch.setattr(folders, "PARALLEL_THRESHOLD", 0)
    pooled = write_folders(tmp_path / "pooled", planned, workers=2)
    messages = [str(e) for e in pooled.refused]
    assert messages == [str(e) for e in serial.refused]
    assert len(messages) == 6
    assert messages[0].startswith("badges/t003/credential.json (generated)")
    assert "private key" in messages[0]
    assert not (tmp_path / "pooled/badges/t003/credential.json").exists()
    assert {k: set(v) for k, v in pooled.stamps.items()} == \
        {k: set(v) for k, v in serial.stamps.items()}
    assert tree(tmp_path / "pooled") == tree(tmp_path / "serial")
