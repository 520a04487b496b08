"""Names that become output paths: badge tokens, achievement slugs, status list numbers.

Anything that could leave the output folder (``../``, absolute paths, separators,
upper case, dots) is refused, so a file name can never choose where output goes.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from badgepress.errors import ConfigError

TOKEN = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LIST_NUMBER = re.compile(r"^[0-9]{1,9}$")


def check_name(name: str, pattern: re.Pattern[str], what: str, path: str) -> str:
    """Return ``name`` when it matches ``pattern``.

    Raises:
        ConfigError: naming the file, when the name could escape the output folder.
    """
    if not pattern.match(name):
        raise ConfigError(
            f"the {what} {name!r} is not allowed in a web address",
            path=path,
            hint="use lower-case letters a-z, digits and '-' only (no '/', '..' or '.')",
        )
    return name


def safe_output_path(path: str) -> str:
    """Return ``path`` when it is a relative POSIX path inside the output folder.

    Raises:
        ConfigError: an absolute path, a ``..`` part or a backslash.
    """
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or not path:
        raise ConfigError(f"output path {path!r} would leave the site folder")
    return path


def relative_root(output_path: str) -> str:
    """The relative prefix from ``output_path``'s folder to the site root
    (``badges/x/index.html`` → ``../../``; ``index.html`` → ``./``)."""
    depth = len(PurePosixPath(output_path).parts) - 1
    return "../" * depth if depth else "./"
