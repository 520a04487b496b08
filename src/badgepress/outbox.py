"""The outbox: who got which badge, kept outside the repository.

Credentials carry e-mail addresses only as salted hashes, so once a roster is issued the
mapping "this address got that badge page" cannot be rebuilt from the repository. The
outbox keeps it: one record per credential (name, plain e-mail, badge page, LinkedIn
link, credential file, achievement, issue time) in a per-user folder (by default
``<badgepress data folder>/outbox/<site>``; ``BADGEPRESS_OUTBOX`` or ``--outbox`` choose
another). A folder inside the issuer's git work tree is refused unless git ignores it,
so plain addresses are never committed.

Each record is its own file, ``issued/<token>.json``, written atomically and never
rewritten: a crash leaves whole records only, and recording the same credential again
adds nothing. Recipients a re-run skips (they hold the badge already) are recorded too
when their record is missing, so re-running the roster after a crash fills the gaps.
``notify`` keeps its send log beside the records (see ``badgepress.notify``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from badgepress.errors import ConfigError, DocumentError
from badgepress.fsutil import dump_json, sync_folder, write_atomic
from badgepress.issue import BatchResult
from badgepress.keystore import app_dir, work_tree
from badgepress.model.achievement import Achievement
from badgepress.model.credential import Credential, load_json
from badgepress.model.dates import format_datetime, human_date
from badgepress.model.recipient import Recipient
from badgepress.pages.badge import VALID, BadgeView, recipient_name, script_json
from badgepress.pages.share import linkedin_url
from badgepress.project import Project

OUTBOX_ENV = "BADGEPRESS_OUTBOX"
RECORDS = "issued"
_TOKEN = re.compile(r"^[a-z2-7]{26}$")


@dataclass(frozen=True)
class Record:
    """One credential as its recipient should learn of it. Keys are camelCase in JSON."""

    token: str
    name: str
    email: str | None
    page_url: str
    linkedin_url: str | None
    credential_file: str
    """Relative to the issuer repository, e.g. ``credentials/<token>.json``."""
    achievement: str
    """The achievement's slug."""
    achievement_name: str
    issued: str

    def to_json(self) -> dict[str, Any]:
        """The record as JSON (camelCase keys)."""
        return {_camel(k): v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, document: Any, path: Path) -> Record:
        """Read a record written by :meth:`to_json`.

        Raises:
            DocumentError: it is not a record.
        """
        fields = cls.__dataclass_fields__
        if not isinstance(document, dict) or set(document) != {_camel(f) for f in fields}:
            raise DocumentError("not an outbox record", path=path,
                                hint="remove the file; re-running the roster recreates it")
        return cls(**{f: document[_camel(f)] for f in fields})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def default_folder(project: Project) -> Path:
    """The outbox of ``project`` when none is chosen: ``BADGEPRESS_OUTBOX``, else a
    per-site folder under badgepress's per-user data folder."""
    configured = os.environ.get(OUTBOX_ENV)
    if configured:
        return Path(configured)
    site = re.sub(r"[^A-Za-z0-9.-]+", "_", project.profile.site_url.split("://", 1)[-1])
    return app_dir() / "outbox" / site.strip("_")


def check_outside_tree(folder: Path, project: Project) -> None:
    """Refuse an outbox inside the issuer repository unless git ignores it.

    Raises:
        ConfigError: the folder is inside the repository and not git-ignored.
    """
    target = folder.resolve()
    tree = work_tree(project.root)
    for root in filter(None, (project.root.resolve(), tree)):
        if target != root and root not in target.parents:
            continue
        if tree is not None and target != tree and _ignored(target, tree):
            return
        raise ConfigError(
            "refusing to keep the outbox (plain e-mail addresses) inside the repository",
            path=folder, hint="choose a folder outside it, or one that .gitignore lists")


def _ignored(folder: Path, tree: Path) -> bool:
    out = subprocess.run(  # noqa: S603 - a fixed git command on our own path
        ["git", "check-ignore", "-q", "--no-index", str(folder / RECORDS)],  # noqa: S607
        cwd=tree, capture_output=True, check=False, timeout=10,
    )
    return out.returncode == 0


@dataclass(frozen=True)
class Outbox:
    """An outbox folder (created with mode 0700; records are 0600)."""

    folder: Path

    @classmethod
    def open(cls, project: Project, folder: Path | None = None) -> Outbox:
        """The outbox at ``folder`` (default :func:`default_folder`), checked.

        Raises:
            ConfigError: the folder is inside the repository and not git-ignored.
        """
        chosen = folder if folder is not None else default_folder(project)
        check_outside_tree(chosen, project)
        return cls(chosen)

    @property
    def records_dir(self) -> Path:
        """Where the records are."""
        return self.folder / RECORDS

    def add(self, records: Iterable[Record]) -> list[Record]:
        """Write the records not written yet; return those.

        Raises:
            ConfigError: the folder cannot be written.
        """
        added = []
        try:
            self.records_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            for record in records:
                path = self.records_dir / f"{record.token}.json"
                if not path.exists():
                    write_atomic(path, dump_json(record.to_json()), mode=0o600,
                                 durable=False)
                    added.append(record)
            if added:
                sync_folder(self.records_dir)
        except OSError as exc:
            raise ConfigError(f"cannot write the outbox: {exc.strerror}",
                              path=self.folder) from None
        return added

    def records(self) -> list[Record]:
        """Every record, in token order.

        Raises:
            DocumentError: a record is damaged.
        """
        paths = sorted(self.records_dir.glob("*.json")) if self.records_dir.is_dir() else []
        return [Record.from_json(load_json(p.read_bytes(), path=p), p) for p in paths]


def token_of(project: Project, credential_id: str) -> str:
    """The badge token in a credential id (``<site_url>badges/<token>/``).

    Raises:
        DocumentError: the id is not one of this site's badge pages.
    """
    prefix = f"{project.profile.site_url}badges/"
    token = credential_id[len(prefix):-1] if credential_id.startswith(prefix) else ""
    if not _TOKEN.match(token) or not credential_id.endswith("/"):
        raise DocumentError(f"{credential_id} is not a badge page of this site")
    return token


def record_of(project: Project, achievement: Achievement, recipient: Recipient,
              credential_id: str) -> Record:
    """The record of a credential issued by ``project`` (read from its file).

    Raises:
        DocumentError: the credential file is missing or not a credential.
    """
    token = token_of(project, credential_id)
    path = project.credentials_dir / f"{token}.json"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the credential: {exc.strerror}", path=path) from None
    credential = Credential.parse(load_json(data, path=path))
    issued = format_datetime(credential.valid_from)
    expires = format_datetime(credential.valid_until)[:10] if credential.valid_until else None
    view = BadgeView(
        token=token, credential_id=credential.id,
        recipient=recipient_name(credential.subject),
        achievement_name=credential.achievement_name or achievement.name,
        achievement_description=achievement.description,
        achievement_slug=achievement.slug, achievement_id=achievement.id(
            project.profile.site_url),
        image=achievement.image, issuer_name=credential.issuer_name or project.profile.name,
        issued=issued[:10], expires=expires, issued_human=human_date(issued),
        expires_human=human_date(expires) if expires else None,
        evidence=(), narrative_html=None, criteria_html=None, criteria_href=None, tags=(),
        alignments=(), status=VALID, revocation=None,
        credential_json=script_json(json.loads(data)),
    )
    return Record(
        token=token, name=recipient.name, email=recipient.email, page_url=credential.id,
        linkedin_url=linkedin_url(view, project.profile, credential.id),
        credential_file=project.relative(path), achievement=achievement.slug,
        achievement_name=view.achievement_name, issued=issued,
    )


def record_batch(project: Project, achievement: Achievement, result: BatchResult,
                 outbox: Outbox) -> list[Record]:
    """Record a batch: the credentials it wrote, and those of recipients it skipped whose
    record is missing (so a re-run after a crash fills the gaps). Returns the records of
    the credentials written.

    Raises:
        ConfigError: the outbox cannot be written.
        DocumentError: a credential file is missing or damaged.
    """
    held = [(item.recipient, item.credential_id) for item in result.issued] + result.skipped
    records = [record_of(project, achievement, r, i) for r, i in held]
    outbox.add(records)
    return records[:len(result.issued)]
