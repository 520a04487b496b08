"""Two credentials sharing one status bit: revoking one would revoke the other.

``issue`` never hands out an index twice (it allocates under the repository lock),
but two branches that each issued credentials can, once merged, hold credentials
pointing at the same bit of the same list. The build refuses such a repository and
``doctor`` flags it; ``badgepress reissue`` gives all but one of them a new entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from badgepress.errors import StatusError

FIX = "run 'badgepress reissue': it gives all but one of them a new status entry"


@dataclass(frozen=True)
class SharedIndex:
    """One status bit named by more than one credential."""

    list_url: str
    index: str
    files: tuple[str, ...]
    """The credential files, in the order given."""

    def error(self) -> StatusError:
        """The build's error: names every file and the index."""
        return StatusError(
            f"status index {self.index} of {self.list_url} is shared with "
            f"{', '.join(self.files[1:])}: revoking one would revoke the other",
            path=self.files[0], pointer="/credentialStatus/statusListIndex", hint=FIX)


def status_bits(document: Any) -> list[tuple[str, str]]:
    """The (status list URL, index) pairs a credential's ``credentialStatus`` names."""
    if not isinstance(document, dict):
        return []
    entries = document.get("credentialStatus")
    out = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict):
            url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
            if isinstance(url, str) and isinstance(index, str | int):
                out.append((url, str(index)))
    return out


def file_bits(data: bytes) -> tuple[tuple[str, str], ...]:
    """The status bits a credential file (bytes) names; none when it is not JSON (the
    checks that read it report that)."""
    try:
        return tuple(status_bits(json.loads(data)))
    except ValueError:
        return ()


def shared_bits(holders: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[SharedIndex]:
    """Every status bit that more than one of ``holders`` (file, its status bits) names."""
    by_bit: dict[tuple[str, str], list[str]] = defaultdict(list)
    for file, bits in holders:
        for bit in dict.fromkeys(bits):
            by_bit[bit].append(file)
    return [SharedIndex(url, index, tuple(files))
            for (url, index), files in sorted(by_bit.items()) if len(files) > 1]


def shared_indices(credentials: Iterable[tuple[str, Any]]) -> list[SharedIndex]:
    """Every status bit that more than one of ``credentials`` (file, parsed JSON) names."""
    return shared_bits((file, status_bits(document)) for file, document in credentials)
