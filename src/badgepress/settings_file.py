"""Read a YAML settings file (``mkdocs.yml``, ``endorser.yml``) into a mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from badgepress.errors import ConfigError


def load_mapping(path: Path, *, missing_hint: str,
                 loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> dict[str, Any]:
    """The file's top-level mapping, read with a safe ``loader``.

    Raises:
        ConfigError: the file is missing (with ``missing_hint``), is not YAML, or is not
            a mapping.
    """
    try:
        settings = yaml.load(path.read_text("utf-8"), Loader=loader)  # noqa: S506 (safe loaders only)
    except FileNotFoundError:
        raise ConfigError(f"no {path.name} here", path=path, hint=missing_hint) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", path=path) from None
    if not isinstance(settings, dict):
        raise ConfigError(f"{path.name} must be a mapping", path=path)
    return settings
