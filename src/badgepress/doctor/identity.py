"""Doctor checks on who the issuer is: mkdocs.yml, site_url, the DID and where its
document is published, and the achievement definitions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from badgepress.did.web import LOCAL_HOSTS, did_document_path
from badgepress.doctor.finding import Finding, passed, problem, warning, where
from badgepress.errors import ConfigError
from badgepress.model.achievement import load_achievements
from badgepress.project import CONFIG_FILE, Project


@dataclass(frozen=True)
class Identity:
    """The loaded project (``None`` when mkdocs.yml is unusable) and what it implies."""

    project: Project | None
    needs_hidden_files: bool
    """Whether the DID document lives under ``.well-known/`` (a hidden folder)."""
    findings: list[Finding]


def check_identity(root: Path) -> Identity:
    """Load mkdocs.yml and explain the issuer's DID and where its document goes."""
    try:
        project = Project.load(root)
    except ConfigError as exc:
        return Identity(None, False, [_config_problem(exc, root)])
    profile = project.profile
    findings = [passed("config", f"{CONFIG_FILE} is valid (issuer {profile.name!r})")]
    findings.append(_site_url(profile.site_url, project.did))
    did_path = did_document_path(project.did)
    hidden = did_path.startswith(".")
    findings.append(passed("did_document", _did_explanation(profile.site_url, did_path)))
    findings.append(_achievements(project, root))
    return Identity(project, hidden, findings)


def _config_problem(exc: ConfigError, root: Path) -> Finding:
    if exc.pointer == "site_url":
        return problem("site_url", where(exc, root),
                       "set site_url in mkdocs.yml to the https:// address the site is "
                       "published at, e.g. https://org.github.io/badges/")
    if not (root / CONFIG_FILE).exists():
        return problem("config", f"no {CONFIG_FILE} in this folder",
                       "run doctor inside an issuer repository, or create one with "
                       "'badgepress init DIR --name ... --url ...'")
    return problem("config", where(exc, root),
                   exc.hint or f"correct the setting in {CONFIG_FILE}")


def _site_url(site_url: str, did: str) -> Finding:
    if urlsplit(site_url).hostname in LOCAL_HOSTS:
        return warning("site_url", f"site_url {site_url} is a local address (issuer DID "
                       f"{did}): fine for testing, but nobody else can verify these badges",
                       "set site_url to the public https:// address before issuing real "
                       "badges (the DID changes with it)")
    return passed("site_url", f"site_url {site_url} gives the issuer DID {did}")


def _did_explanation(site_url: str, did_path: str) -> str:
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    if did_path.startswith("."):
        return (f"the DID document is published at {origin}{did_path}; .well-known is a "
                "hidden folder, so the publishing workflow must keep hidden files "
                "(actions/upload-pages-artifact@v5 with include-hidden-files: true)")
    reason = (f"{origin}.well-known/ belongs to the site at the root of the domain, so the "
              f"DID carries the path {parts.path}" if parts.path.strip("/") else "")
    return (f"the DID document is published at {site_url}{did_path}"
            + (f" ({reason})" if reason else ""))


def _achievements(project: Project, root: Path) -> Finding:
    try:
        found = load_achievements(project)
    except ConfigError as exc:
        return problem("achievements", where(exc, root),
                       exc.hint or "correct the achievement's front matter")
    if not found:
        return warning("achievements", "no achievements defined yet",
                       f"add a Markdown file to {project.relative(project.achievements_dir)}/ "
                       "(see the example made by 'badgepress init')")
    return passed("achievements", f"{len(found)} achievement(s): "
                  + ", ".join(a.slug for a in found))
