"""The verification report: one entry per check, in a fixed order, in plain words.

The browser verifier shows the same checks, in the same order, with the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
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


LABELS = {
    "format": "Well-formed Open Badges 3.0 credential",
    "signature": "Signature is valid",
    "issuer_key": "Signing key belongs to the issuer",
    "status": "Not revoked",
    "dates": "Within its validity dates",
}
HEADLINES = {
    Verdict.VERIFIED: "Verified",
    Verdict.WARNING: "Warning",
    Verdict.NOT_VERIFIED: "Not verified",
}


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

    @property
    def verdict(self) -> Verdict:
        """Verified when every check passed; Warning when none failed."""
        states = {c.state for c in self.checks}
        if State.FAIL in states or not self.checks:
            return Verdict.NOT_VERIFIED
        return Verdict.WARNING if State.WARN in states else Verdict.VERIFIED

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
            "checks": [c.to_json() for c in self.checks],
        }
