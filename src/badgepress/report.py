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

from badgepress.model.dates import human_date
from badgepress.model.text import without_bidi


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
GENUINE: dict[str, str] = CHECKS_TABLE["genuine"]
"""By check code: the headline of a genuine credential that is not valid now."""
GENUINE_BY: dict[str, str] = CHECKS_TABLE["genuineBy"]
"""Who withdrew it, in a ``genuine`` headline: the issuer, or a status list's signer."""
SELF_ASSERTED: str = CHECKS_TABLE["selfAsserted"]
AUTHENTICITY = ("format", "signature", "issuer_key")
"""The checks that say a credential is genuine (who made it, unchanged)."""
MESSAGES: dict[str, str] = CHECKS_TABLE["messages"]
DATA_MODELS: dict[str, dict[str, Any]] = CHECKS_TABLE["dataModels"]
"""By first ``@context``: the date field a credential must have (``required``), and those
it may not be valid before (``from``) and after (``until``)."""
SHOWN: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in CHECKS_TABLE["shown"].items()}
SHOWN |= {CHECKS_TABLE["shownEmbedded"] + k.rstrip("/"): v for k, v in SHOWN.items()}
"""The fields pages show, by the JSON pointer of the object they read them from (the same
below ``shownEmbedded``: a CLR's embedded credentials are shown as credentials)."""


def genuine_headline(code: str, facts: dict[str, str]) -> str:
    """The ``genuine`` headline for ``code``, filled with the check's facts."""
    date = human_date(facts["date"]) if facts.get("date") else ""
    signer = without_bidi(facts["signer"]) if facts.get("signer") else ""
    by = GENUINE_BY["listSigner"].format(signer=signer) if signer else GENUINE_BY["issuer"]
    return GENUINE[code].format(date=date, on=f" on {date}" if date else "", by=by,
                                reason=f" ({without_bidi(facts['reason'])})"
                                if facts.get("reason") else "")


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
    facts: dict[str, str] = field(default_factory=dict)
    """What the headline of a genuine credential names: ``date`` (ISO), ``reason``,
    ``signer`` (of a status list that is not the issuer's)."""
    note: str | None = None
    """Something the reader should know that does not change the outcome (e.g. the
    issuer's status list is shorter than the Recommendation asks)."""

    @property
    def label(self) -> str:
        """The check's name in plain words."""
        return LABELS[self.id]

    def to_json(self) -> dict[str, Any]:
        """The check as a JSON object (for ``--json``)."""
        out = {"id": self.id, "label": self.label, "state": str(self.state),
               "message": self.message}
        extra = (("pointer", self.pointer), ("hint", self.hint), ("code", self.code),
                 ("note", self.note))
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
    """A CLR's embedded credentials, or a stacked badge's component credentials, each with
    its own checks (never folded into ours)."""
    count_message: str = "embeddedCount"
    """The ``messages`` key that counts the children in the headline (``componentCount``
    for a stacked badge's components)."""

    @property
    def verdict(self) -> Verdict:
        """Verified when every check passed; Warning when none failed."""
        states = {c.state for c in self.checks}
        if State.FAIL in states or not self.checks:
            return Verdict.NOT_VERIFIED
        return Verdict.WARNING if State.WARN in states else Verdict.VERIFIED

    @property
    def headline(self) -> str:
        """The verdict in one line a person reads correctly: "Verified"; "Genuine — expired
        on …" or "— revoked …" when only the status or dates fail; the self-asserted line for
        an issuer no web domain confirms; else "Not verified — <the first failing check>"; a
        CLR's adds how many of its embedded credentials verified."""
        failed = next((c for c in self.checks if c.state is State.FAIL), None)
        headline = self._verdict_line(failed)
        if not self.children:
            return headline
        good = sum(child.ok for child in self.children)
        return headline + MESSAGES[self.count_message].format(
            verified=good, total=len(self.children))

    def _verdict_line(self, failed: Check | None) -> str:
        """The headline without a CLR's count, given the first failing check."""
        if failed is None:
            verified = self.verdict is Verdict.VERIFIED
            return SELF_ASSERTED if verified and self.self_asserted else HEADLINES[self.verdict]
        genuine = all(c.state is State.PASS for c in self.checks if c.id in AUTHENTICITY)
        if genuine and failed.code in GENUINE:
            return genuine_headline(failed.code, failed.facts)
        return NOT_VERIFIED[failed.id]

    @property
    def self_asserted(self) -> bool:
        """Whether the issuer's key is its own identifier (did:key): no web domain confirms
        the name it gives itself."""
        return any(c.code == "self-asserted" for c in self.checks)

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return self.verdict is Verdict.VERIFIED

    @property
    def notes(self) -> list[str]:
        """The checks' notes, in check order."""
        return [c.note for c in self.checks if c.note]

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
            "notes": self.notes,
        } | ({"pointer": self.pointer} if self.pointer else {}) | (
            {"about": [{"label": k, "text": v} for k, v in self.about]} if self.about else {}
        ) | ({"credentials": [c.to_json() for c in self.children]} if self.children else {})
