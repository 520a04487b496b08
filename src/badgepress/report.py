"""The verification report: one entry per check, in a fixed order, in plain words.

The checks, their labels and the fixed wordings live in ``checks.json``, which the
browser verifier bundles too: both show the same checks, in the same order, with the
same words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.resources import files
from typing import Any


class State(StrEnum):
    """The outcome of one check."""

    PASS = "pass"  # noqa: S105 - a state, not a password
    WARN = "warn"
    FAIL = "fail"


class Verdict(StrEnum):
    """The headline of a report."""

    VERIFIED = "verified"
    WARNING = "warning"
    NOT_VERIFIED = "not-verified"


CHECKS_TABLE: dict[str, Any] = json.loads(
    files("badgepress").joinpath("checks.json").read_text(encoding="utf-8"))
"""The shared table of checks (``checks.json``)."""
CHECK_IDS = tuple(c["id"] for c in CHECKS_TABLE["checks"])
LABELS: dict[str, str] = {c["id"]: c["label"] for c in CHECKS_TABLE["checks"]}
NOT_VERIFIED: dict[str, str] = {c["id"]: c["notVerified"] for c in CHECKS_TABLE["checks"]}
"""The headline of a report whose first failing check is the key."""
HEADLINES = {Verdict(k): v for k, v in CHECKS_TABLE["headlines"].items()}
MESSAGES: dict[str, str] = CHECKS_TABLE["messages"]
DATA_MODELS: dict[str, dict[str, Any]] = CHECKS_TABLE["dataModels"]
"""By first ``@context``: the date field a credential must have (``required``), and those
it may not be valid before (``from``) and after (``until``)."""
SHOWN: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in CHECKS_TABLE["shown"].items()}
SHOWN |= {CHECKS_TABLE["shownEmbedded"] + k.rstrip("/"): v for k, v in SHOWN.items()}
"""The fields pages show, by the JSON pointer of the object they read them from (the same
below ``shownEmbedded``: a CLR's embedded credentials are shown as credentials)."""


@dataclass(frozen=True)
class Check:
    """One check's outcome, with where and why when it did not pass."""

    id: str
    state: State
    message: str
    pointer: str | None = None
    hint: str | None = None
    code: str | None = None
    """A stable name for the outcome (``expired``, ``revoked``, ``status-unknown``…)."""

    @property
    def label(self) -> str:
        """The check's name in plain words."""
        return LABELS[self.id]

    def to_json(self) -> dict[str, Any]:
        """The check as a JSON object (for ``--json``)."""
        out = {"id": self.id, "label": self.label, "state": str(self.state),
               "message": self.message}
        extra = (("pointer", self.pointer), ("hint", self.hint), ("code", self.code))
        return out | {k: v for k, v in extra if v}


@dataclass
class Report:
    """Every check run on one credential."""

    path: str | None
    checks: list[Check] = field(default_factory=list)
    credential_id: str | None = None
    issuer: str | None = None
    pointer: str | None = None
    """Where this credential sits in the one it is embedded in (a CLR), else ``None``."""
    about: list[tuple[str, str]] = field(default_factory=list)
    """What the credential says, as (label, text) lines (endorsement, CLR); shown as text."""
    children: list[Report] = field(default_factory=list)
    """A CLR's embedded credentials, each with its own checks (never folded into ours)."""

    @property
    def verdict(self) -> Verdict:
        """Verified when every check passed; Warning when none failed."""
        states = {c.state for c in self.checks}
        if State.FAIL in states or not self.checks:
            return Verdict.NOT_VERIFIED
        return Verdict.WARNING if State.WARN in states else Verdict.VERIFIED

    @property
    def headline(self) -> str:
        """The verdict in plain words; when not verified, also why (the first failing check)."""
        failed = next((c for c in self.checks if c.state is State.FAIL), None)
        headline = NOT_VERIFIED[failed.id] if failed else HEADLINES[self.verdict]
        if not self.children:
            return headline
        good = sum(child.ok for child in self.children)
        return headline + MESSAGES["embeddedCount"].format(
            verified=good, total=len(self.children))

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return self.verdict is Verdict.VERIFIED

    def first_problem(self) -> Check | None:
        """The first check that did not pass."""
        return next((c for c in self.checks if c.state is not State.PASS), None)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object (for ``--json``)."""
        return {
            "file": self.path,
            "id": self.credential_id,
            "issuer": self.issuer,
            "verdict": str(self.verdict),
            "headline": self.headline,
            "checks": [c.to_json() for c in self.checks],
        } | ({"pointer": self.pointer} if self.pointer else {}) | (
            {"about": [{"label": k, "text": v} for k, v in self.about]} if self.about else {}
        ) | ({"credentials": [c.to_json() for c in self.children]} if self.children else {})
