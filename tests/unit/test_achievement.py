"""Achievement files: parsed into OB 3.0 Achievements, or refused naming file and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from badgepress.errors import ConfigError
from badgepress.model.achievement import load_achievement, load_achievements
from badgepress.project import Project
from badgepress.schema import schema_errors

SITE = "https://example-academy.github.io/badges/"
GOOD = """\
    ---
    name: Python Fundamentals
    description: Writes and tests small Python programs.
    image: images/python.svg
    achievement_type: Certificate
    tags: [python, programming]
    human_code: PY-101
    valid_for_days: 365
    alignments:
      - target_name: Programming skill
        target_url: https://example.org/skills/programming
        target_framework: Example Skills
        target_code: "3.4"
    ---
    Complete the **six** exercises.
    """


def write(project: Project, slug: str, text: str, image: str = "images/python.svg") -> Path:
    """Write an achievement file (and its image) into the project."""
    (project.docs_dir / image).parent.mkdir(parents=True, exist_ok=True)
    (project.docs_dir / image).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = project.achievements_dir / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_achievement_becomes_a_schema_valid_ob_achievement(project: Project) -> None:
    write(project, "python-fundamentals", GOOD)
    [achievement] = load_achievements(project)
    assert achievement.id(SITE) == f"{SITE}achievements/python-fundamentals/"
    assert achievement.json_url(SITE) == f"{SITE}achievements/python-fundamentals.json"
    assert achievement.image_url(SITE) == f"{SITE}images/python.svg"
    assert achievement.valid_for_days == 365
    ob = achievement.to_ob(SITE)
    assert ob["criteria"]["narrative"] == "Complete the **six** exercises."
    assert ob["image"] == {"id": f"{SITE}images/python.svg", "type": "Image"}
    assert ob["alignment"] == [{"type": ["Alignment"], "targetName": "Programming skill",
                                "targetUrl": "https://example.org/skills/programming",
                                "targetFramework": "Example Skills", "targetCode": "3.4"}]
    assert ob["tag"] == ["python", "programming"] and ob["humanCode"] == "PY-101"
    credential_schema_achievement = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "did:web:example.org", "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:1",
                              "achievement": ob},
    }
    assert schema_errors(credential_schema_achievement) == []


def test_defaults_and_sorting(project: Project) -> None:
    minimal = "---\nname: B\ndescription: d\nimage: images/python.svg\n---\n"
    write(project, "zeta", minimal)
    write(project, "alpha", minimal)
    found = load_achievements(project)
    assert [a.slug for a in found] == ["alpha", "zeta"]
    assert found[0].achievement_type == "Badge" and found[0].tags == ()
    assert load_achievement(project, "zeta").name == "B"


@pytest.mark.parametrize(("case", "text", "field"), [
    ("missing-name", GOOD.replace("    name: Python Fundamentals\n", ""), "name"),
    ("missing-image-file", GOOD.replace("images/python.svg", "images/nope.svg"), "image"),
    ("image-not-png-or-svg", GOOD.replace("images/python.svg", "images/python.gif"), "image"),
    ("image-outside-docs", GOOD.replace("images/python.svg", "../secret.svg"), "image"),
    ("days-not-a-number", GOOD.replace("365", "two years"), "valid_for_days"),
    ("days-negative", GOOD.replace("365", "-3"), "valid_for_days"),
    ("unknown-type", GOOD.replace("Certificate", "Trophy"), "achievement_type"),
    ("tags-not-a-list", GOOD.replace("[python, programming]", "python"), "tags"),
    ("alignment-without-url", GOOD.replace(
        "        target_url: https://example.org/skills/programming\n", ""),
     "alignments[0].target_url"),
    ("unknown-field", GOOD.replace("human_code", "humancode"), "humancode"),
])
def test_malformed_achievement_names_file_and_field(project: Project, case: str, text: str,
                                                    field: str) -> None:
    write(project, "python-fundamentals", text)
    with pytest.raises(ConfigError) as caught:
        load_achievements(project)
    assert caught.value.path == "site_src/achievements/python-fundamentals.md", case
    assert caught.value.pointer == field, case
    assert field in str(caught.value)


def test_bad_yaml_names_the_file(project: Project) -> None:
    write(project, "broken", "---\nname: [unclosed\n---\nbody\n")
    with pytest.raises(ConfigError, match="not valid YAML") as caught:
        load_achievements(project)
    assert caught.value.path == "site_src/achievements/broken.md"


def test_missing_front_matter_is_refused(project: Project) -> None:
    write(project, "plain", "# Just markdown\n")
    with pytest.raises(ConfigError, match="front matter"):
        load_achievements(project)


@pytest.mark.parametrize("slug", ["Python", "../etc/passwd", "/abs", "a_b", "-lead", "a" * 65,
                                  "python fundamentals"])
def test_bad_slug_is_rejected(project: Project, slug: str) -> None:
    with pytest.raises(ConfigError, match="slug"):
        load_achievement(project, slug)


def test_file_with_bad_slug_name_is_rejected(project: Project) -> None:
    write(project, "Python_Basics", GOOD)
    with pytest.raises(ConfigError, match="not a valid slug") as caught:
        load_achievements(project)
    assert caught.value.path == "site_src/achievements/Python_Basics.md"


def test_unknown_slug_lists_known_ones(project: Project) -> None:
    write(project, "python-fundamentals", GOOD)
    with pytest.raises(ConfigError, match="no achievement 'rust'") as caught:
        load_achievement(project, "rust")
    assert "python-fundamentals" in (caught.value.hint or "")
