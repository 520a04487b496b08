"""Verify credentials: from the cache when nothing changed, else on every core.

Uncached credentials are verified by a process pool, one share per worker; each
share's task builds its own :class:`~badgepress.trust.Trust` from plain data (DID
documents, status lists, the log, ``now``), never from disk, so no verification state
lives in a module global of the worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from badgepress.crypto.proof import audit_sample
from badgepress.planning.cache import VerdictCache, cache_key, report_from_json, report_to_json
from badgepress.planning.context import BuildContext
from badgepress.planning.discover import SourceFile
from badgepress.report import Report
from badgepress.status.store import Revocation
from badgepress.trust import LocalStatus, Trust
from badgepress.verify import check_credential

CHUNK = 100
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class VerifyStats:
    """How many credentials a build verified, and how many came from the cache."""

    verified: int
    cached: int


@dataclass(frozen=True)
class _TrustData:
    """What a worker builds its :class:`Trust` from: plain, picklable data."""

    now: datetime
    documents: dict[str, Any]
    lists: dict[str, Any]
    log: dict[str, Revocation]
    notes: dict[str, str]

    def trust(self) -> Trust:
        return Trust.offline(now=self.now, did_documents=self.documents,
                             status=LocalStatus(self.lists, self.log), key_notes=self.notes)


def _verify_part(data: _TrustData, part: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Verify one worker's share with a trust of its own (no state outlives the task)."""
    trust = data.trust()
    return [report_to_json(check_credential(raw, trust, path=source)) for source, raw in part]


def _worker_count(jobs: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, (jobs + CHUNK - 1) // CHUNK))


def _in_pool(jobs: list[tuple[str, bytes]], ctx: BuildContext) -> list[Report]:
    workers = _worker_count(len(jobs))
    size = -(-len(jobs) // workers)
    parts = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    methods = multiprocessing.get_all_start_methods()
    mp_context = multiprocessing.get_context("fork" if "fork" in methods else None)
    data = _TrustData(ctx.now, {ctx.did: ctx.did_document}, dict(ctx.status_lists),
                      dict(ctx.revocations), dict(ctx.trust.key_notes))
    with ProcessPoolExecutor(workers, mp_context=mp_context) as pool:
        return [report_from_json(r) for part in pool.map(_verify_part, [data] * len(parts),
                                                         parts) for r in part]


def verify_credentials(
    files: Sequence[SourceFile],
    ctx: BuildContext,
    cache: VerdictCache,
    *,
    workers: int | None = None,
) -> tuple[Mapping[str, Report], VerifyStats]:
    """Verify every credential file (by name), using and filling ``cache``.

    ``workers=1`` verifies in this process.
    """
    reports: dict[str, Report] = {}
    todo: list[tuple[str, SourceFile]] = []
    for file in files:
        key = cache_key(ctx.fingerprint, file.data)
        cached = cache.get(key)
        if cached is not None:
            cached.path = file.source
            reports[file.name] = cached
        else:
            todo.append((key, file))
    jobs = [(file.source, file.data) for _, file in todo]
    if workers == 1 or len(jobs) < PARALLEL_THRESHOLD:
        fresh = [check_credential(data, ctx.trust, path=source) for source, data in jobs]
    else:
        fresh = _in_pool(jobs, ctx)
    audit_sample(jobs, ctx.trust.shapes, ctx.fingerprint)
    for (key, file), report in zip(todo, fresh, strict=True):
        cache.put(key, report)
        reports[file.name] = report
    return reports, VerifyStats(verified=len(todo), cached=len(files) - len(todo))
