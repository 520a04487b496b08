"""Build or serve an issuer site through mkdocs' Python API (used by ``build.py`` and
the ``badgepress build`` / ``badgepress serve`` commands)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from badgepress.errors import BadgeError, ConfigError
from badgepress.planning.verification import VerifyStats
from badgepress.site.plugin import BadgepressPlugin

PLUGIN = "badgepress"


@dataclass(frozen=True)
class BuildResult:
    """What a finished build did."""

    site_dir: Path
    stats: VerifyStats
    files: int


def setup_logging(verbose: bool = False) -> None:
    """Show mkdocs' and badgepress' messages on stderr (once)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_badgepress", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._badgepress = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


def build_site(config_file: Path | str = "mkdocs.yml", *, strict: bool = True,
               site_dir: Path | str | None = None, workers: int | None = None) -> BuildResult:
    """Run ``mkdocs build`` (``--strict`` by default) with the badgepress plugin.

    Raises:
        SiteError: credentials, keys or status files that do not verify (every one).
        BadgeError: any other reason the build stopped.
    """
    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    try:
        config = load_config(config_file=str(config_file), strict=strict, **overrides)
    except (ConfigurationError, Abort) as exc:
        raise ConfigError(f"mkdocs configuration: {exc}", path=str(config_file)) from None
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, BadgepressPlugin):
        raise ConfigError("the badgepress plugin is not enabled", path=str(config_file),
                          hint="add '- badgepress' under plugins: in mkdocs.yml")
    plugin.workers = workers
    try:
        build(config)
    except Abort as exc:
        if plugin.error is not None:
            raise plugin.error from None
        raise BadgeError(f"the build stopped: {exc}") from None
    except OSError as exc:  # a full disk, a read-only file: the previous site is kept
        raise BadgeError(f"cannot write the site: {exc.strerror or exc}",
                         path=exc.filename, hint="free disk space or fix permissions, "
                         "then build again; the previous site was kept") from None
    if plugin.plan is None:  # pragma: no cover - on_config always plans or raises
        raise BadgeError("the build did not run the badgepress plugin")
    return BuildResult(Path(config.site_dir), plugin.plan.stats, plugin.plan.file_count)
