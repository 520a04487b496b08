"""badgepress inside an existing mkdocs site (the tested example under docs/examples/).

The host's own pages must come out byte for byte as mkdocs makes them without the plugin.
What may differ, and why: the pages badgepress adds (achievements/, badges/, verify/, its
assets and machine-readable files), the search index (it indexes the added pages) and
sitemap.xml (badgepress writes its own, with the added pages).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from badgepress.errors import ConfigError
from badgepress.keystore import generate_key
from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from tests.integration.site_project import BUILT, add_achievement, build, issue, tree

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "existing-site"
THEMES = {
    "material": '<header class="md-header',
    "readthedocs": 'class="wy-nav-side',
    "mkdocs": 'class="navbar',
}
MAY_DIFFER = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")


def host_site(root: Path, theme: str, site_url: str | None = None) -> Project:
    """The example host site in ``root`` with ``theme`` (and ``site_url``), a key and
    one issued badge."""
    shutil.copytree(EXAMPLE, root)
    config = root / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    if site_url is not None:
        settings["site_url"] = site_url
    if theme != "material":
        settings["theme"] = {"name": theme, "highlightjs": False}  # no CDN
        settings["markdown_extensions"] = settings["markdown_extensions"][:3]
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    project = Project.load(root)
    generate_key(project.keys_dir, root, date(2026, 1, 1))
    add_achievement(project)
    issue(project, ["Ada Lovelace"])
    return project


def build_without_plugin(root: Path, site_dir: Path) -> dict[str, bytes]:
    """Build the host site with mkdocs alone: the badgepress entry taken out."""
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["plugins"] = [p for p in settings["plugins"] if p == "search"]
    plain = root / "mkdocs-plain.yml"
    plain.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    mkdocs_build(load_config(config_file=str(plain), site_dir=str(site_dir), strict=True))
    return tree(site_dir)


def host_pages(plain: dict[str, bytes]) -> dict[str, bytes]:
    """The files of the host's own site: not the achievement pages' Markdown sources
    rendered by mkdocs alone, nor the files that may differ."""
    return {path: data for path, data in plain.items()
            if not path.startswith("achievements/") and path not in MAY_DIFFER}


@pytest.fixture(params=sorted(THEMES))
def theme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_host_pages_are_byte_for_byte_what_mkdocs_makes_without_the_plugin(
        tmp_path: Path, theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    project = host_site(tmp_path / "repo", theme)
    plain = host_pages(build_without_plugin(project.root, tmp_path / "plain"))
    built = tree(build(project, tmp_path / "site").site_dir)
    assert "setup/index.html" in plain and "reference/index.html" in plain
    assert '<div class="admonition note">' in plain["setup/index.html"].decode()
    assert "<details><summary>Raw HTML</summary>" in plain["reference/index.html"].decode()
    changed = sorted(path for path in plain if built.get(path) != plain[path])
    assert changed == []


def test_achievement_page_takes_the_host_theme_look(tmp_path: Path, theme: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    project = host_site(tmp_path / "repo", theme)
    site = build(project, tmp_path / "site").site_dir
    html = (site / "achievements" / "python" / "index.html").read_text(encoding="utf-8")
    assert THEMES[theme] in html
    assert '<div class="bp-scope">' in html
    assert '<link rel="stylesheet" href="../../assets/badgepress.css">' in html
    assert "Passed the <strong>final</strong> project." in html
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';" in html
    assert "Content-Security-Policy" not in (site / "setup" / "index.html").read_text(
        encoding="utf-8")


def test_a_site_with_no_key_yet_builds_its_other_pages(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    site = build(Project.load(root), tmp_path / "site").site_dir
    assert (site / "setup" / "index.html").is_file()
    assert (site / "verify" / "index.html").is_file()


def test_badges_without_a_key_are_refused_naming_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    project = host_site(tmp_path / "repo", "material")
    shutil.rmtree(project.root / "issuer_keys")
    with pytest.raises(SiteError) as refused:
        build(project, tmp_path / "site")
    assert "issuer_keys: the issuer has no keys" in str(refused.value)
    assert "badgepress keys generate" in str(refused.value)
    assert not (tmp_path / "site").exists()


def test_the_documented_example_is_the_one_tested() -> None:
    page = (EXAMPLE.parents[1] / "pages" / "existing-site.md").read_text(encoding="utf-8")
    documented = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    config = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(documented) == yaml.safe_load(config)


def test_a_theme_without_the_usual_blocks_is_refused_naming_the_setting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    project = host_site(tmp_path / "repo", "material")
    theme = project.root / "bare-theme"
    theme.mkdir()
    (theme / "main.html").write_text("<html><head></head><body>{{ page.content }}</body>"
                                     "</html>\n", encoding="utf-8")
    config = project.root / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"] = {"name": None, "custom_dir": "bare-theme"}
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        build(project, tmp_path / "site")
    assert str(refused.value).startswith(f"{config}: /theme: the theme ")
    assert "has no extrahead or content block in main.html" in str(refused.value)
    assert not (tmp_path / "site").exists()
