"""An issuer repository: where things are, and the issuer's settings in ``mkdocs.yml``.

The badgepress settings sit under the plugin's entry in ``mkdocs.yml``::

    site_url: https://example-academy.github.io/badges/
    plugins:
      - badgepress:
          issuer:
            name: Example Academy
            description: ...
            email: badges@example.org
            url: https://example.org
            image: images/logo.png      # a file in docs_dir
            linkedin_organization_id: "1234567"
            color: "#1f3a5f"            # optional: the certificate's main colour
            accent_color: "#b08d3c"     # optional: its second colour
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from badgepress.did.web import did_from_site_url
from badgepress.errors import BadgeError, ConfigError
from badgepress.settings_file import load_mapping

CONFIG_FILE = "mkdocs.yml"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML loading that keeps going past mkdocs' ``!!python/name`` and ``!ENV`` tags."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _unknown_tag)


@dataclass(frozen=True)
class IssuerProfile:
    """The issuer's public profile, as configured."""

    name: str
    site_url: str
    description: str = ""
    email: str | None = None
    url: str | None = None
    image: str | None = None
    linkedin_organization_id: str | None = None
    color: str | None = None
    accent_color: str | None = None

    @property
    def did(self) -> str:
        """The issuer's did:web DID, derived from the site URL."""
        return did_from_site_url(self.site_url)

    @classmethod
    def parse(cls, settings: Any, site_url: Any) -> IssuerProfile:
        """Validate the ``issuer`` settings.

        Raises:
            ConfigError: naming the setting that is wrong.
        """
        if not isinstance(site_url, str) or not site_url:
            raise ConfigError("site_url is required", pointer="site_url",
                              hint="set it to the address the site is published at, "
                              "e.g. https://org.github.io/badges/")
        site_url = site_url if site_url.endswith("/") else site_url + "/"
        did_from_site_url(site_url)
        if not isinstance(settings, dict):
            raise ConfigError("the badgepress plugin needs an 'issuer' section",
                              pointer="plugins.badgepress.issuer")

        def text(key: str, required: bool = False) -> str | None:
            value = settings.get(key)
            if value is None and not required:
                return None
            if not isinstance(value, str | int) or not str(value).strip():
                raise ConfigError(f"issuer.{key} must be {'set to ' if required else ''}a text",
                                  pointer=f"plugins.badgepress.issuer.{key}")
            return str(value).strip()

        unknown = set(settings) - {f.name for f in cls.__dataclass_fields__.values()}
        if unknown:
            raise ConfigError(f"unknown setting issuer.{sorted(unknown)[0]}",
                              pointer=f"plugins.badgepress.issuer.{sorted(unknown)[0]}",
                              hint="see the settings reference in the documentation")
        email = text("email")
        if email and not _EMAIL.match(email):
            raise ConfigError(f"issuer.email {email!r} is not an email address",
                              pointer="plugins.badgepress.issuer.email")
        url = text("url")
        if url and not url.startswith(("https://", "http://")):
            raise ConfigError("issuer.url must be a web address",
                              pointer="plugins.badgepress.issuer.url")
        org = text("linkedin_organization_id")
        if org and not org.isdigit():
            raise ConfigError("issuer.linkedin_organization_id must be the numeric id",
                              pointer="plugins.badgepress.issuer.linkedin_organization_id",
                              hint="the digits in your LinkedIn company admin URL")
        for key in ("color", "accent_color"):
            color = text(key)
            if color and not _COLOR.match(color):
                raise ConfigError(f"issuer.{key} {color!r} is not a colour",
                                  pointer=f"plugins.badgepress.issuer.{key}",
                                  hint='write it as #rrggbb, e.g. "#1f3a5f" (quoted)')
        return cls(name=text("name", required=True) or "", site_url=site_url,
                   description=text("description") or "", email=email, url=url,
                   image=text("image"), linkedin_organization_id=org,
                   color=text("color"), accent_color=text("accent_color"))


@dataclass(frozen=True)
class Project:
    """An issuer repository on disk."""

    root: Path
    profile: IssuerProfile
    docs_dir: Path
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def credentials_dir(self) -> Path:
        """Where signed credentials are committed."""
        return self.root / "credentials"

    @property
    def keys_dir(self) -> Path:
        """Where the issuer's public key records are committed."""
        return self.root / "issuer_keys"

    @property
    def status_dir(self) -> Path:
        """Where status lists, their allocation and the status log are committed."""
        return self.root / "status"

    @property
    def achievements_dir(self) -> Path:
        """Where achievement definitions live (one Markdown file each)."""
        return self.docs_dir / "achievements"

    @property
    def did(self) -> str:
        """The issuer's DID."""
        return self.profile.did

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, for messages."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    @classmethod
    def load(cls, root: Path | str = ".") -> Project:
        """Read ``mkdocs.yml`` in ``root``.

        Raises:
            ConfigError: the file is missing or a setting is invalid.
        """
        root = Path(root)
        config_path = root / CONFIG_FILE
        config = load_mapping(config_path, loader=_TolerantLoader,
                              missing_hint="run badgepress inside an issuer repository, or "
                              "'badgepress init' to make one")
        settings = plugin_settings(config)
        try:
            profile = IssuerProfile.parse(settings.get("issuer"), config.get("site_url"))
        except BadgeError as exc:
            raise exc.at(config_path) from None
        docs_dir = root / str(config.get("docs_dir", "docs"))
        return cls(root=root, profile=profile, docs_dir=docs_dir, settings=settings)


def plugin_settings(config: dict[str, Any]) -> dict[str, Any]:
    """Return the badgepress plugin's settings from a parsed mkdocs.yml (``{}`` if absent)."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins
    )
    for name, value in entries:
        if name == "badgepress":
            return value if isinstance(value, dict) else {}
    return {}
