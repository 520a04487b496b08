"""``badgepress init``: a new issuer repository, made whole or not at all.

Every file is rendered from the templates in ``badgepress/scaffold_templates/`` into a
temporary folder beside the target, the result is loaded back (``mkdocs.yml`` through
:meth:`Project.load`, the example achievement through the achievement loader) and only
then renamed into place. An interrupted or failed ``init`` leaves nothing half-made.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import badgepress
from badgepress.errors import ConfigError
from badgepress.model.achievement import load_achievements
from badgepress.pin import REQUIREMENTS_FILE, PinError, requirement_for
from badgepress.project import CONFIG_FILE, IssuerProfile, Project

TEMPLATES = "scaffold_templates"
EXAMPLE_SLUG = "example-badge"
DOCS_DIR = "site_src"
WORKFLOW = ".github/workflows/pages.yml"
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")

# Where each template goes in the new repository (files are written in this order).
_LAYOUT: tuple[tuple[str, str], ...] = (
    ("mkdocs.yml", CONFIG_FILE),
    ("README.md", "README.md"),
    ("gitignore", ".gitignore"),
    ("requirements.txt", REQUIREMENTS_FILE),
    ("pages.yml", WORKFLOW),
    ("index.md", f"{DOCS_DIR}/index.md"),
    ("example-badge.md", f"{DOCS_DIR}/achievements/{EXAMPLE_SLUG}.md"),
    ("example-badge.svg", f"{DOCS_DIR}/images/{EXAMPLE_SLUG}.svg"),
)
_EMPTY_FOLDERS = ("credentials", "issuer_keys")


@dataclass(frozen=True)
class ScaffoldOptions:
    """What ``init`` needs to know about the new issuer."""

    name: str
    site_url: str
    email: str | None = None
    description: str | None = None
    install_source: str | None = None
    version: str | None = None  # of the badgepress to pin; None: the one running

    def issuer_settings(self) -> dict[str, str]:
        """The ``issuer`` settings written to mkdocs.yml (only those given)."""
        settings = {"name": self.name.strip()}
        if self.description and self.description.strip():
            settings["description"] = self.description.strip()
        if self.email and self.email.strip():
            settings["email"] = self.email.strip()
        settings["url"] = normalise_site_url(self.site_url)
        return settings

    def profile(self) -> IssuerProfile:
        """Validate the options as ``mkdocs.yml`` would be validated.

        Raises:
            ConfigError: naming the setting (``site_url``, ``plugins.badgepress.issuer.*``).
        """
        return IssuerProfile.parse(self.issuer_settings(), normalise_site_url(self.site_url))

    def requirement(self) -> str:
        """The pinned line that installs this badgepress in the repository's CI.

        Raises:
            ConfigError: this badgepress is not a release and no install source is
                given, or the source pins nothing CI can fetch.
        """
        try:
            return requirement_for(self.version or badgepress.__version__, self.install_source)
        except PinError as exc:
            raise ConfigError(exc.message, path=REQUIREMENTS_FILE, hint=exc.hint) from None


def normalise_site_url(site_url: str) -> str:
    """The site address with surrounding blanks removed and a trailing ``/``."""
    url = site_url.strip()
    return url if url.endswith("/") else url + "/"


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``{{key}}`` placeholders; GitHub's ``${{ a.b }}`` expressions are left alone.

    Raises:
        KeyError: a placeholder has no value (a bug in the templates).
    """
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _template(name: str) -> str:
    return (resources.files("badgepress") / TEMPLATES / name).read_text("utf-8")


def _yaml_text(value: str) -> str:
    """A YAML scalar for ``value`` (a JSON string is a valid double-quoted YAML scalar)."""
    return json.dumps(value, ensure_ascii=False)


def render_files(options: ScaffoldOptions) -> dict[str, str]:
    """Every file of the new repository by relative path, rendered.

    Raises:
        ConfigError: an option is invalid, or this badgepress cannot be pinned.
    """
    profile = options.profile()
    issuer = "\n".join(f"        {key}: {_yaml_text(value)}"
                       for key, value in options.issuer_settings().items())
    description = profile.description
    values = {
        "name": profile.name,
        "site_name": _yaml_text(f"{profile.name} badges"),
        "site_url": _yaml_text(profile.site_url),
        "issuer": issuer,
        "did": profile.did,
        "description_paragraph": f"{description}\n\n" if description else "",
        "requirement": options.requirement(),
    }
    files = {target: render(_template(source), values) for source, target in _LAYOUT}
    # The README shows the address as a link, not as a YAML string.
    files["README.md"] = render(_template("README.md"), {**values, "site_url": profile.site_url})
    for folder in _EMPTY_FOLDERS:
        files[f"{folder}/.gitkeep"] = ""
    return files


def check_target(target: Path) -> None:
    """Refuse a target that exists and is not an empty folder.

    Raises:
        ConfigError: the target is a file or a folder with something in it.
    """
    if target.is_dir():
        if any(target.iterdir()):
            raise ConfigError("the folder is not empty; refusing to write into it",
                              path=target, hint="choose a new folder name")
    elif target.exists() or target.is_symlink():
        raise ConfigError("a file with this name exists", path=target,
                          hint="choose a new folder name")


def scaffold(target: Path, options: ScaffoldOptions) -> Project:
    """Create a new issuer repository at ``target`` (absent or an empty folder).

    Returns the new project, loaded from its ``mkdocs.yml``.

    Raises:
        ConfigError: the target is not empty, or an option is invalid. Nothing is
            written in either case.
    """
    check_target(target)
    files = render_files(options)
    target = target.absolute()  # "." has no name to stage beside
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.init-"))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        load_achievements(Project.load(staging))  # what we wrote must load
        os.chmod(staging, 0o755)  # noqa: S103 - a repository folder, like mkdir's default
        check_target(target)  # still free? (something may have appeared meanwhile)
        _move_into_place(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return Project.load(target)


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename the finished folder to ``target`` (replacing an empty folder).

    When ``target`` is the current folder (``badgepress init .``), renaming over it
    would leave the shell in a deleted folder, so its entries move in one by one,
    ``mkdocs.yml`` last: until that last rename the folder is not a repository.
    """
    if target.is_dir() and Path.cwd().resolve() == target.resolve():
        entries = sorted(staging.iterdir(), key=lambda p: p.name == CONFIG_FILE)
        for entry in entries:
            os.replace(entry, target / entry.name)
        staging.rmdir()
        return
    try:
        os.replace(staging, target)
    except OSError:
        if not target.is_dir():
            raise
        target.rmdir()  # platforms that cannot rename over an empty folder
        os.replace(staging, target)


def next_steps(shown: str) -> list[str]:
    """The commands a new issuer runs next, in order, for the ``init`` summary."""
    return [
        f"cd {_shell_word(shown)}",
        "git init -b main",
        "badgepress keys generate",
        f"badgepress issue {EXAMPLE_SLUG} --name \"Ada Lovelace\"",
        "badgepress build",
        "badgepress doctor",
        "git add -A && git commit -m \"Badge site\"",
        "git remote add origin <your GitHub repository URL> && git push -u origin main",
    ]


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[\w./@%+=:,-]+", text) else "'" + text.replace(
        "'", "'\\''") + "'"
