"""Which badgepress an issuer repository installs: one pinned requirement line.

``badgepress init`` writes the line into the repository's ``requirements.txt`` (the
workflow installs from that file), and ``badgepress doctor`` reads it back: a line is
pinned when it names one exact version (``badgepress==1.2.0``) or one git revision
(``badgepress @ git+https://github.com/OWNER/badgepress@v1.2.0``) that CI can fetch.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PACKAGE = "badgepress"
REQUIREMENTS_FILE = "requirements.txt"
SOURCE_EXAMPLE = "git+https://github.com/OWNER/badgepress@vX.Y.Z"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ARCHIVE = re.compile(r"badgepress-(?P<version>[^-/]+?)(?:-py3-none-any\.whl|\.tar\.gz|\.zip)$",
                      re.I)


class PinError(ValueError):
    """A requirement line does not pin a badgepress that CI can install.

    Not a :class:`~badgepress.errors.BadgeError`: callers say which file or option
    the line came from (``init`` as a usage error, ``doctor`` as a finding).
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_release(version: str) -> bool:
    """Whether ``version`` can be a release on the package index (no ``.dev``, no ``+local``)."""
    try:
        parsed = Version(version)
    except InvalidVersion:
        return False
    return not parsed.is_devrelease and parsed.local is None


def requirement_for(version: str, install_source: str | None = None) -> str:
    """The requirement line that installs this badgepress (``version``) in CI.

    Args:
        version: the running badgepress's version.
        install_source: where to install from instead of the package index: a git URL
            with a revision, an ``https`` archive URL, or a full requirement.

    Raises:
        PinError: ``version`` is not a release and no ``install_source`` is given, or
            the source pins nothing CI can fetch.
    """
    if install_source is None or not install_source.strip():
        if not is_release(version):
            raise PinError(f"badgepress {version} is a development version, which no package "
                           "index has, so the repository's workflow could not install it",
                           f"give --install-source, e.g. {SOURCE_EXAMPLE} with the tag or "
                           "commit of the badgepress you use")
        return f"{PACKAGE}=={version}"
    source = install_source.strip()
    line = f"{PACKAGE} @ {source}" if _URL.match(source) else source
    names = pinned_version(parse(line))  # refuses what would not pin
    if names is not None and is_release(version) and Version(names) != Version(version):
        raise PinError(f"{source} installs badgepress {names}, but this is badgepress "
                       f"{version}: the repository would be built by another version",
                       f"name the tag of {version}, or run init with badgepress {names}")
    return line


def parse(line: str) -> Requirement:
    """One requirement line (PEP 508).

    Raises:
        PinError: pip could not read the line.
    """
    try:
        return Requirement(line)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0]
        raise PinError(f"{line!r} is not a requirement pip can read: {reason}",
                       f"write it as {PACKAGE}==X.Y.Z or {PACKAGE} @ {SOURCE_EXAMPLE}"
                       ) from None


def is_badgepress(requirement: Requirement) -> bool:
    """Whether the requirement is for badgepress itself."""
    return canonicalize_name(requirement.name) == PACKAGE


def pinned_version(requirement: Requirement) -> str | None:
    """The badgepress version that ``requirement`` installs, exactly.

    ``None`` when it pins a git revision that is not a version tag (a commit): pinned,
    but its version cannot be told from the line.

    Raises:
        PinError: the requirement is not for badgepress, pins no single version, or
            names a source CI cannot fetch (a local path, plain ``http``, a git URL
            without a revision).
    """
    if not is_badgepress(requirement):
        raise PinError(f"{requirement} does not install {PACKAGE}",
                       f"name the package {PACKAGE}")
    if requirement.url:
        return _url_version(requirement.url)
    specs = list(requirement.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return specs[0].version
    shown = str(requirement)
    raise PinError(f"{shown!r} does not pin one version of {PACKAGE}, so each build may "
                   "install another one (or none, where no release matches)",
                   f"pin the version you use: {PACKAGE}==X.Y.Z")


def _url_version(url: str) -> str | None:
    scheme = url.partition("://")[0]
    if scheme not in ("git+https", "https"):
        raise PinError(f"{url} is not a source CI can fetch (only https and git+https are)",
                       f"install from the package index ({PACKAGE}==X.Y.Z) or a public "
                       f"https git URL with a tag, e.g. {SOURCE_EXAMPLE}")
    parts = urlsplit(url)
    if scheme == "https":
        archive = _ARCHIVE.search(parts.path)
        if archive is None:
            raise PinError(f"{url} is not a badgepress wheel or source archive",
                           f"use a git URL with a tag instead, e.g. {SOURCE_EXAMPLE}")
        return archive["version"]
    _, at, ref = parts.path.rpartition("@")
    if not at or not ref or "/" in ref:
        raise PinError(f"{url} names no revision, so each build installs whatever the "
                       "branch holds then",
                       f"add the tag or commit of the badgepress you use: {SOURCE_EXAMPLE}")
    tag = ref.removeprefix("v")
    try:
        return str(Version(tag)) if re.match(r"^\d", tag) else None
    except InvalidVersion:
        return None
