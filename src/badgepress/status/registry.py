"""Allocating status list entries, revoking, and re-signing the status lists.

Indices are drawn at random so a position says nothing about issue order, and are
recorded in ``status/allocation.json`` (tracked in git) so every machine agrees. A
list that fills up rolls over to the next one. Signed lists live in
``status/lists/<n>.json`` and are published unchanged.

Crash safety: ``issue`` saves the allocation before any credential is written;
``revoke`` writes the re-signed list first (the revocation takes effect) and the
log line second — a revoke interrupted between the two is completed by running it
again, and until then the credential already shows as revoked.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.crypto.keys import Signer
from badgepress.crypto.proof import sign
from badgepress.errors import StatusError
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.model.dates import format_datetime
from badgepress.project import Project
from badgepress.status.bitstring import MIN_BITS, Bitstring
from badgepress.status.store import (
    ALLOCATION_FILE,
    LISTS_DIR,
    LOG_FILE,
    Revocation,
    read_log,
    status_list_files,
)

PURPOSE = "revocation"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def list_url(site_url: str, number: int) -> str:
    """The URL (and id) of status list ``number``."""
    return f"{site_url}status/{number}.json"


def list_number(url: str, path: str | Path | None = None) -> int:
    """The number of the status list at ``url`` (``…/status/<n>.json``).

    Raises:
        StatusError: the URL does not end in a list number.
    """
    name = url.rsplit("/", 1)[-1].removesuffix(".json")
    if not name.isascii() or not name.isdigit():
        raise StatusError(f"the status list id {url!r} does not end in a list number",
                          path=path, pointer="/id",
                          hint="status lists are written by 'badgepress issue' as "
                          "status/<n>.json; restore status/ from git")
    return int(name)


@dataclass(frozen=True)
class Allocation:
    """Where one credential's status bit lives."""

    list: int
    index: int


@dataclass
class StatusRegistry:
    """The allocation of status bits and the lists that hold them, for one issuer."""

    project: Project
    allocations: dict[str, Allocation]
    bits: dict[int, Bitstring]
    rng: random.Random | secrets.SystemRandom = field(default_factory=secrets.SystemRandom)
    _changed: set[int] = field(default_factory=set)
    _used: dict[int, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, project: Project, rng: random.Random | None = None) -> StatusRegistry:
        """Read the allocation and the current lists.

        Raises:
            StatusError: a status file is invalid.
        """
        path = project.status_dir / ALLOCATION_FILE
        allocations: dict[str, Allocation] = {}
        if path.exists():
            try:
                raw = json.loads(path.read_bytes())
                allocations = {cid: Allocation(int(a["list"]), int(a["index"]))
                               for cid, a in raw["entries"].items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                raise StatusError("the status allocation file is damaged", path=path,
                                  hint="restore it from git") from None
        bits: dict[int, Bitstring] = {}
        for file, document in status_list_files(project.status_dir):
            where, url = project.relative(file), document["id"]
            subject = document.get("credentialSubject")
            encoded = subject.get("encodedList") if isinstance(subject, dict) else None
            if not isinstance(encoded, str):
                raise StatusError(f"the status list {url} has no encodedList", path=where,
                                  pointer="/credentialSubject/encodedList",
                                  hint="restore status/ from git")
            try:
                bits[list_number(url, where)] = Bitstring.decode(encoded)
            except StatusError as exc:
                raise exc.at(where) from None
        registry = cls(project, allocations, bits, rng or secrets.SystemRandom())
        for allocation in allocations.values():
            registry._used.setdefault(allocation.list, set()).add(allocation.index)
        return registry

    def allocate(self, credential_id: str) -> dict[str, Any]:
        """Reserve a status bit for a credential and return its ``credentialStatus``."""
        if credential_id not in self.allocations:
            number = self._open_list()
            used = self._used.setdefault(number, set())
            size = len(self.bits[number])
            index = self.rng.randrange(size)
            while index in used:
                index = self.rng.randrange(size)
            used.add(index)
            self.allocations[credential_id] = Allocation(number, index)
        return self.entry(credential_id)

    def entry(self, credential_id: str) -> dict[str, Any]:
        """The ``credentialStatus`` object of an allocated credential.

        Raises:
            StatusError: the credential has no status bit here.
        """
        allocation = self.allocations.get(credential_id)
        if allocation is None:
            raise StatusError(f"no status entry is allocated for {credential_id}",
                              hint="was it issued by this repository?")
        url = list_url(self.project.profile.site_url, allocation.list)
        return {
            "id": f"{url}#{allocation.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": PURPOSE,
            "statusListIndex": str(allocation.index),
            "statusListCredential": url,
        }

    def _open_list(self) -> int:
        """The list new entries go to: the newest one with room (at most 3/4 full, so
        random draws stay quick), or a new one."""
        for number in sorted(self.bits, reverse=True)[:1]:
            if len(self._used.get(number, ())) < len(self.bits[number]) * 3 // 4:
                return number
        number = max(self.bits, default=0) + 1
        self.bits[number] = Bitstring(MIN_BITS)
        self._changed.add(number)
        return number

    def move(self, credential_id: str) -> dict[str, Any]:
        """Give a credential a new status bit (its old one is shared with another)."""
        self.allocations.pop(credential_id, None)
        return self.allocate(credential_id)

    def claim(self, credential_id: str, entry: dict[str, Any]) -> None:
        """Record that a credential holds the bit its ``credentialStatus`` names.

        Raises:
            StatusError: the entry names no list of this issuer.
        """
        index = str(entry.get("statusListIndex"))
        if not index.isascii() or not index.isdigit():
            raise StatusError(f"status index {index!r} is not a number",
                              pointer="/credentialStatus/statusListIndex")
        allocation = Allocation(list_number(str(entry.get("statusListCredential"))),
                                int(index))
        self.allocations[credential_id] = allocation
        self._used.setdefault(allocation.list, set()).add(allocation.index)

    def is_revoked(self, credential_id: str) -> bool:
        """Whether the credential's bit is set."""
        allocation = self.allocations[credential_id]
        return self.bits[allocation.list].get(allocation.index)

    def revoke(self, credential_id: str) -> bool:
        """Set the credential's bit; return False when it was set already.

        Raises:
            StatusError: the credential has no status bit here.
        """
        self.entry(credential_id)
        allocation = self.allocations[credential_id]
        bits = self.bits[allocation.list]
        if bits.get(allocation.index):
            return False
        bits.set(allocation.index)
        self._changed.add(allocation.list)
        return True

    def resign_all(self) -> None:
        """Have ``save`` re-sign every list (after a signing key was withdrawn)."""
        self._changed.update(self.bits)

    def save(self, signer: Signer, now: datetime) -> None:
        """Write the allocation, then re-sign and write every list that changed."""
        entries = {cid: {"list": a.list, "index": a.index}
                   for cid, a in sorted(self.allocations.items())}
        status_dir = self.project.status_dir
        write_json_atomic(status_dir / ALLOCATION_FILE, {"entries": entries})
        for number in sorted(self._changed):
            document = self._list_credential(number, now)
            write_json_atomic(status_dir / LISTS_DIR / f"{number}.json",
                              sign(document, signer, bundled_loader(), now))
        self._changed.clear()

    def _list_credential(self, number: int, now: datetime) -> dict[str, Any]:
        url = list_url(self.project.profile.site_url, number)
        return {
            "@context": [VC_V2_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.project.did,
            "validFrom": format_datetime(now),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": PURPOSE,
                "encodedList": self.bits[number].encode(),
            },
        }


def append_log(status_dir: Path, revocation: Revocation) -> None:
    """Add a line to the public status log (atomically), unless it is there already."""
    log = read_log(status_dir)
    if any(r.credential == revocation.credential for r in log):
        return
    log.append(revocation)
    write_json_atomic(status_dir / LOG_FILE, {"revocations": [
        {"credential": r.credential, "date": r.date, "reason": r.reason} for r in log
    ]})
