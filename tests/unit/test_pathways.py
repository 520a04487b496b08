"""Pathways in achievement front matter: the requirement tree, its evaluation, and the
graph errors the build and ``achievements list`` stop on (unknown slug, cycle, shape)."""

from __future__ import annotations

from pathlib import Path

import pytest

from badgepress.errors import BadgeError, ConfigError
from badgepress.model.achievement import load_achievements
from badgepress.pathways import part_of
from badgepress.project import Project
from badgepress.site.build import build_site
from tests.helpers import write_achievement


def refused(project: Project) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_achievements(project)
    return caught.value


def test_all_and_any_groups_nested_one_level_evaluate_against_held_slugs(
        project: Project) -> None:
    for slug in ("a", "b", "c", "d"):
        write_achievement(project, slug)
    write_achievement(project, "top", "{all: [a, {any: 2, of: [b, c, d]}]}")
    top = load_achievements(project)[-1]
    assert top.slug == "top" and top.requires is not None
    assert list(top.requires.slugs()) == ["a", "b", "c", "d"]
    assert top.requires.met({"a", "b", "d"})
    assert not top.requires.met({"b", "c", "d"})
    assert not top.requires.met({"a", "c"})
    names = {"a": "A", "b": "B", "c": "C", "d": "D"}
    assert top.requires.missing({"c"}, names) == ["A", "1 more of: B, D"]
    assert top.requires.missing({"a", "b", "c"}, names) == []
    assert part_of(load_achievements(project)) == {s: ("top",) for s in "abcd"}


def test_an_unknown_slug_names_the_file_the_field_and_the_known_slugs(
        project: Project) -> None:
    write_achievement(project, "a")
    write_achievement(project, "top", "{all: [a, nope]}")
    error = refused(project)
    assert error.path == "site_src/achievements/top.md" and error.pointer == "requires"
    assert "'nope', which is not an achievement" in error.message
    assert error.hint == "known achievements: a, top"


def test_a_cycle_is_named_in_order(project: Project) -> None:
    write_achievement(project, "a", "{all: [b]}")
    write_achievement(project, "b", "{any: 1, of: [c]}")
    write_achievement(project, "c", "{all: [a]}")
    write_achievement(project, "d", "{all: [a]}")
    error = refused(project)
    assert error.message == "the requirements go round in a circle: a → b → c → a"
    assert error.path == "site_src/achievements/a.md" and error.pointer == "requires"


def test_an_achievement_requiring_itself_is_a_cycle(project: Project) -> None:
    write_achievement(project, "a", "{all: [a]}")
    assert refused(project).message == "the requirements go round in a circle: a → a"


@pytest.mark.parametrize(("requires", "pointer", "words"), [
    ("[a, b]", "requires", "must be a group"),
    ("{all: []}", "requires.all", "non-empty list"),
    ("{all: [a], any: 1}", "requires", "either 'all' or both 'any' and 'of'"),
    ("{any: 3, of: [a, b]}", "requires.any", "asks for more than the 2"),
    ("{any: 0, of: [a, b]}", "requires.any", "whole number above 0"),
    ("{any: yes, of: [a, b]}", "requires.any", "whole number above 0"),
    ("{all: [a, a]}", "requires.all[1]", "listed twice"),
    ("{all: [A b]}", "requires.all[0]", "not an achievement slug"),
    ("{all: [a, {all: [b, {all: [a]}]}]}", "requires.all[1].all[1]", "one level deep"),
])
def test_a_bad_shape_names_the_field(project: Project, requires: str, pointer: str,
                                     words: str) -> None:
    write_achievement(project, "a")
    write_achievement(project, "b")
    write_achievement(project, "top", requires)
    error = refused(project)
    assert error.path == "site_src/achievements/top.md"
    assert error.pointer == pointer and words in error.message and error.hint


def test_the_build_fails_on_a_cycle_naming_the_file(project: Project, tmp_path: Path) -> None:
    write_achievement(project, "a", "{all: [b]}")
    write_achievement(project, "b", "{all: [a]}")
    with pytest.raises(BadgeError) as caught:
        build_site(project.root / "mkdocs.yml", site_dir=tmp_path / "out", workers=1)
    assert "site_src/achievements/a.md: requires: the requirements go round in a circle: " \
        "a → b → a" in str(caught.value)
