"""Achievements: one Markdown file each, ``<docs_dir>/achievements/<slug>.md``.

The YAML front matter describes the achievement; the Markdown body is the criteria
narrative (what a recipient did to earn it)::

    ---
    name: Python Fundamentals
    description: Writes, tests and debugs small Python programs.
    image: images/python-fundamentals.svg   # PNG or SVG, relative to docs_dir
    achievement_type: Badge                 # OB 3.0 AchievementType, or ext:Something
    tags: [python, programming]
    alignments:
      - target_name: ESCO programming skill
        target_url: https://esco.ec.europa.eu/...
    valid_for_days: 730                     # optional: credentials expire after this
    human_code: PY-101                      # optional
    certificate: {design: modern}           # optional: see model/certificate.py
    requires: {all: [a, b]}                 # optional: a stacked badge, see pathways.py
    ---
    Recipients completed the six exercises ...

The slug (file stem) becomes part of URLs, so only ``^[a-z0-9][a-z0-9-]{0,63}$`` is
accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from badgepress.errors import ConfigError
from badgepress.model.certificate import CertificateSettings, parse_certificate
from badgepress.model.text import has_bidi
from badgepress.pathways import Requirement, check_pathways, parse_requires

if TYPE_CHECKING:
    from badgepress.project import Project

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
IMAGE_SUFFIXES = frozenset({".png", ".svg"})
DEFAULT_TYPE = "Badge"
ACHIEVEMENT_TYPES = frozenset({
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree",
    "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
    "Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree",
    "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership",
    "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate",
    "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma",
})
ALIGNMENT_TARGET_TYPES = frozenset({
    "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion",
    "CFRubricCriterionLevel", "CTDL",
})
_EXTENSION = re.compile(r"^ext:[A-Za-z0-9.\-_]+$")
_ALIGNMENT_KEYS = {
    "target_name": "targetName",
    "target_url": "targetUrl",
    "target_description": "targetDescription",
    "target_framework": "targetFramework",
    "target_code": "targetCode",
    "target_type": "targetType",
}
_KEYS = frozenset({"name", "description", "image", "achievement_type", "tags", "alignments",
                   "valid_for_days", "human_code", "certificate", "requires"})
_Fail = Callable[..., ConfigError]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass(frozen=True)
class Achievement:
    """One achievement definition, checked when loaded."""

    slug: str
    path: Path
    name: str
    description: str
    image: str
    """The image path relative to docs_dir (POSIX separators), e.g. ``images/x.svg``."""
    achievement_type: str
    tags: tuple[str, ...]
    alignments: tuple[dict[str, str], ...]
    """OB ``Alignment`` fields (camelCase: targetName, targetUrl, …; ``type`` is added by
    :meth:`to_ob`)."""
    valid_for_days: int | None
    criteria_markdown: str
    human_code: str | None = None
    certificate: CertificateSettings = field(default_factory=CertificateSettings)
    """How its certificate PDF looks (design, criteria line, signatory)."""
    requires: Requirement | None = None
    """The achievements it stacks (a pathway), or ``None``."""

    def id(self, site_url: str) -> str:
        """The achievement's id: the URL of its page on the site."""
        return f"{site_url}achievements/{self.slug}/"

    def json_url(self, site_url: str) -> str:
        """The URL of the achievement's JSON on the site."""
        return f"{site_url}achievements/{self.slug}.json"

    def image_url(self, site_url: str) -> str:
        """The absolute URL of the achievement's image on the site."""
        return f"{site_url}{self.image}"

    def to_ob(self, site_url: str) -> dict[str, Any]:
        """Return the OB 3.0 ``Achievement`` object embedded in credentials."""
        criteria: dict[str, Any] = {"id": self.id(site_url)}
        if self.criteria_markdown:
            criteria["narrative"] = self.criteria_markdown
        out: dict[str, Any] = {
            "id": self.id(site_url),
            "type": ["Achievement"],
            "name": self.name,
            "description": self.description,
            "criteria": criteria,
            "image": {"id": self.image_url(site_url), "type": "Image"},
            "achievementType": self.achievement_type,
        }
        if self.tags:
            out["tag"] = list(self.tags)
        if self.alignments:
            out["alignment"] = [{"type": ["Alignment"], **a} for a in self.alignments]
        if self.human_code:
            out["humanCode"] = self.human_code
        return out


def load_achievements(project: Project) -> list[Achievement]:
    """Load every ``achievements/*.md`` file of the project, sorted by slug.

    Raises:
        ConfigError: naming the file and the field of the first problem found (a file,
            then the pathways between them).
    """
    folder = project.achievements_dir
    if not folder.is_dir():
        return []
    found = [_load(project, path) for path in sorted(folder.glob("*.md"))]
    problems = pathway_problems(project, found)
    if problems:
        raise problems[0]
    return found


def pathway_problems(project: Project, achievements: list[Achievement]) -> list[ConfigError]:
    """The problems of the pathways between ``achievements`` (unknown slugs, cycles)."""
    return check_pathways(achievements, lambda slug: project.relative(
        project.achievements_dir / f"{slug}.md"))


def load_achievement(project: Project, slug: str) -> Achievement:
    """Load the achievement ``slug``.

    Raises:
        ConfigError: the slug is invalid, there is no such achievement, or its file is invalid.
    """
    if not SLUG.match(slug):
        raise ConfigError(f"{slug!r} is not an achievement slug",
                          hint="slugs are lower-case letters, digits and '-', e.g. "
                          "python-fundamentals")
    path = project.achievements_dir / f"{slug}.md"
    if not path.is_file():
        known = ", ".join(a.slug for a in load_achievements(project)) or "none yet"
        raise ConfigError(f"no achievement {slug!r}", path=project.relative(path),
                          hint=f"known achievements: {known}")
    return _load(project, path)


def _load(project: Project, path: Path) -> Achievement:
    shown = project.relative(path)
    slug = path.stem
    if not SLUG.match(slug):
        raise ConfigError(f"the file name {path.name!r} is not a valid slug", path=shown,
                          hint="rename it: lower-case letters, digits and '-', at most 64 "
                          "characters, e.g. python-fundamentals.md")
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", path=shown) from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ConfigError("no YAML front matter", path=shown,
                          hint="start the file with a '---' line, the settings, and '---'")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ConfigError(f"the front matter is not valid YAML: {exc}", path=shown) from None
    if not isinstance(meta, dict):
        raise ConfigError("the front matter must be a mapping of settings", path=shown)
    return _parse(project, path, shown, slug, meta, text[match.end():].strip())


def _parse(project: Project, path: Path, shown: str, slug: str, meta: dict[Any, Any],
           body: str) -> Achievement:
    def fail(field: str, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(message, path=shown, pointer=field, hint=hint)

    unknown = sorted(str(k) for k in meta if k not in _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown field {unknown[0]!r}",
                   f"the fields are: {', '.join(sorted(_KEYS))}")

    def text(field: str, required: bool) -> str | None:
        value = meta.get(field)
        if value is None:
            if required:
                raise fail(field, f"required field {field!r} is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(field, f"{field!r} must be a non-empty text")
        if has_bidi(value):
            raise fail(field, f"{field!r} holds a bidirectional control character, which "
                       "reorders the text around it", "delete it (an invisible character "
                       "between U+202A and U+202E or U+2066 and U+2069)")
        return value.strip()

    name = text("name", True) or ""
    description = text("description", True) or ""
    kind = text("achievement_type", False) or DEFAULT_TYPE
    if kind not in ACHIEVEMENT_TYPES and not _EXTENSION.match(kind):
        raise fail("achievement_type", f"unknown achievement_type {kind!r}",
                   "use an Open Badges type such as Badge, Certificate, Certification, "
                   "Course, MicroCredential — or ext:YourType")
    days = meta.get("valid_for_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days <= 0):
        raise fail("valid_for_days", "valid_for_days must be a whole number of days above 0")
    return Achievement(
        slug=slug, path=path, name=name, description=description,
        image=_image(project, text("image", True) or "", fail),
        achievement_type=kind, tags=_tags(meta.get("tags"), fail),
        alignments=_alignments(meta.get("alignments"), fail),
        valid_for_days=days, criteria_markdown=body, human_code=text("human_code", False),
        certificate=parse_certificate(meta.get("certificate"), project.docs_dir, fail),
        requires=parse_requires(meta.get("requires"), fail),
    )


def _image(project: Project, value: str, fail: _Fail) -> str:
    relative = PurePosixPath(value.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or re.match(r"^[A-Za-z]:", value):
        raise fail("image", f"image {value!r} must be a path inside the docs folder",
                   "write it relative to the docs folder, e.g. images/badge.svg")
    if relative.suffix.lower() not in IMAGE_SUFFIXES:
        raise fail("image", f"image {value!r} must be a PNG or SVG file",
                   "Open Badges requires achievement images to be PNG or SVG")
    if not (project.docs_dir / relative).is_file():
        raise fail("image", f"image file {value!r} does not exist",
                   f"put it in the docs folder ({project.relative(project.docs_dir)})")
    return str(relative)


def _tags(value: Any, fail: _Fail) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise fail("tags", "tags must be a list of texts", "e.g. tags: [python, programming]")
    return tuple(t.strip() for t in value)


def _alignments(value: Any, fail: _Fail) -> tuple[dict[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail("alignments", "alignments must be a list")
    out: list[dict[str, str]] = []
    for index, item in enumerate(value):
        where = f"alignments[{index}]"
        if not isinstance(item, dict):
            raise fail(where, "each alignment must be a mapping with target_name and "
                       "target_url")
        unknown = sorted(str(k) for k in item if k not in _ALIGNMENT_KEYS)
        if unknown:
            raise fail(f"{where}.{unknown[0]}", f"unknown alignment field {unknown[0]!r}",
                       f"the fields are: {', '.join(_ALIGNMENT_KEYS)}")
        alignment: dict[str, str] = {}
        for key, term in _ALIGNMENT_KEYS.items():
            field = item.get(key)
            if field is None:
                if key in ("target_name", "target_url"):
                    raise fail(f"{where}.{key}", f"required field {key!r} is missing")
                continue
            if not isinstance(field, str | int) or not str(field).strip():
                raise fail(f"{where}.{key}", f"{key!r} must be a non-empty text")
            alignment[term] = str(field).strip()
        if not alignment["targetUrl"].startswith(("https://", "http://")):
            raise fail(f"{where}.target_url", "target_url must be a web address")
        target_type = alignment.get("targetType")
        if target_type and target_type not in ALIGNMENT_TARGET_TYPES \
                and not _EXTENSION.match(target_type):
            raise fail(f"{where}.target_type", f"unknown target_type {target_type!r}",
                       f"use one of {', '.join(sorted(ALIGNMENT_TARGET_TYPES))} or ext:...")
        out.append(alignment)
    return tuple(out)
