"""Rosters: CSV files listing the recipients of one achievement.

Columns (a header row is required; column order is free; UTF-8 with or without BOM):

=========== ======== ==============================================================
column      required meaning
=========== ======== ==============================================================
name        yes      the recipient's name, shown on the badge
email       no       their email address; stored only as a salted SHA-256 hash
expires     no       last valid day, ``YYYY-MM-DD`` (else the achievement's default)
evidence    no       a web address (``https://…``) showing their work
narrative   no       what they did, in Markdown
=========== ======== ==============================================================

Every row is checked here, then built and signed in memory by
:mod:`badgepress.issue` before anything is written; all problems are reported at
once, with row numbers as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

from badgepress.errors import BadgeError, ConfigError
from badgepress.model.recipient import EMAIL, URL, Recipient

COLUMNS = ("name", "email", "expires", "evidence", "narrative")
MAX_FIELD = 10_000


class RosterError(ConfigError):
    """A roster has problems; ``problems`` lists every one (row and column in the
    pointer), ``recipients`` the rows that are good so far."""

    def __init__(self, problems: list[BadgeError], *, path: str | Path | None = None,
                 recipients: list[Recipient] | None = None) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster; nothing was issued",
                         path=path, hint="fix the rows listed and run the command again")
        self.problems = problems
        self.recipients = recipients or []

    def merged(self, other: RosterError) -> RosterError:
        """The problems of both, by row."""
        def row(problem: BadgeError) -> int:
            found = re.match(r"row (\d+)", problem.pointer or "")
            return int(found.group(1)) if found else 0

        return RosterError(sorted([*self.problems, *other.problems], key=row),
                           path=self.path, recipients=self.recipients)


def parse_recipient(name: str, email: str = "", expires: str = "", evidence: str = "",
                    narrative: str = "", *, today: date | None = None,
                    row: int | None = None) -> Recipient:
    """Check one recipient's fields (as typed on the command line or in a CSV row).

    Raises:
        ConfigError: the first invalid field; its pointer names the column.
    """
    def fail(column: str, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(message, pointer=f"row {row}, column {column}" if row else column,
                           hint=hint)

    for column, value in zip(COLUMNS, (name, email, expires, evidence, narrative),
                             strict=True):
        if len(value) > MAX_FIELD:
            raise fail(column, f"{column} is longer than {MAX_FIELD} characters")
    name, email = name.strip(), email.strip()
    if not name:
        raise fail("name", "the name is missing")
    if email and not EMAIL.match(email):
        raise fail("email", f"{email!r} is not an email address")
    until: date | None = None
    if expires.strip():
        try:
            until = datetime.strptime(expires.strip(), "%Y-%m-%d").date()  # noqa: DTZ007
        except ValueError:
            raise fail("expires", f"{expires.strip()!r} is not a date",
                       "write it as YYYY-MM-DD, e.g. 2027-06-30") from None
        if today is not None and until < today:
            raise fail("expires", f"the expiry date {until} is in the past")
    evidence = evidence.strip()
    if evidence and not URL.match(evidence):
        raise fail("evidence", f"{evidence!r} is not a web address",
                   "write the full address, starting with https://")
    return Recipient(name=name, email=email or None, expires=until,
                     evidence=evidence or None, narrative=narrative.strip() or None, row=row)


def read_roster(path: Path, *, today: date | None = None) -> list[Recipient]:
    """Read and check every row of a roster.

    Raises:
        ConfigError: the file cannot be read or its header is wrong.
        RosterError: one or more rows are invalid (all of them are listed).
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read the roster: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("the roster is not UTF-8 text", path=path,
                          hint="save it from your spreadsheet as 'CSV UTF-8'") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ConfigError("the roster is empty", path=path,
                          hint=f"the first row names the columns: {', '.join(COLUMNS)}") from None
    except csv.Error as exc:
        raise ConfigError(f"not a valid CSV file: {exc}", path=path) from None
    _check_header(header, path)
    recipients: list[Recipient] = []
    problems: list[BadgeError] = []
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(ConfigError(
                    f"{len(row)} cells but only {len(header)} columns",
                    pointer=f"row {number}", hint="quote values that contain commas"))
                continue
            fields = dict(zip(header, row, strict=False))
            try:
                recipients.append(parse_recipient(**fields, today=today, row=number))
            except ConfigError as exc:
                problems.append(exc)
    except csv.Error as exc:
        problems.append(ConfigError(f"not valid CSV: {exc}", path=path,
                                    pointer=f"row {reader.line_num}"))
    for problem in problems:
        problem.at(path)
    if problems:
        raise RosterError(problems, path=path, recipients=recipients)
    return recipients


def _check_header(header: list[str], path: Path) -> None:
    for index, column in enumerate(header):
        if column not in COLUMNS:
            raise ConfigError(f"unknown column {column!r}", path=path,
                              pointer=f"row 1, column {index + 1}",
                              hint=f"the columns are: {', '.join(COLUMNS)}")
        if header.index(column) != index:
            raise ConfigError(f"column {column!r} appears twice", path=path,
                              pointer=f"row 1, column {index + 1}")
    if "name" not in header:
        raise ConfigError("the roster has no 'name' column", path=path, pointer="row 1",
                          hint=f"the first row names the columns: {', '.join(COLUMNS)}")
