"""Recipient identifiers (hashed emails) and roster checking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from badgepress.errors import ConfigError
from badgepress.model.profile import profile_json
from badgepress.model.recipient import Recipient, email_hash, identifiers, identity_hash
from badgepress.project import Project
from badgepress.roster import RosterError, read_roster
from badgepress.schema import PROFILE, schema_errors


def test_identity_hash_matches_the_ob_schema_example() -> None:
    assert identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399")


def test_email_is_stripped_and_lower_cased_before_hashing() -> None:
    assert email_hash("  A@Example.COM ", "Kosher") == identity_hash("a@example.com", "Kosher")


def test_identifiers_name_in_plain_email_hashed() -> None:
    name, email = identifiers(Recipient("Ada", "ada@example.com"), "00ff")
    assert name == {"type": "IdentityObject", "identityType": "name", "hashed": False,
                    "identityHash": "Ada"}
    assert email["hashed"] is True and email["salt"] == "00ff"
    assert "ada@example.com" not in str(email)


def test_issuer_profile_is_schema_valid(project: Project) -> None:
    profile = profile_json(project.profile)
    assert profile["id"] == "did:web:example-academy.github.io:badges"
    assert profile["type"] == ["Profile"] and profile["name"] == "Example Academy"
    assert schema_errors(profile, PROFILE) == []


def roster(tmp_path: Path, text: str, bom: bool = False) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_roster_with_bom_and_all_columns(tmp_path: Path) -> None:
    path = roster(tmp_path, "name,email,expires,evidence,narrative\n"
                  'Ada,ada@example.com,2030-01-31,https://example.org/w,"Did, well"\n'
                  "Bo,,,,\n\n", bom=True)
    ada, bo = read_roster(path, today=date(2026, 1, 1))
    assert ada == Recipient("Ada", "ada@example.com", date(2030, 1, 31),
                            "https://example.org/w", "Did, well")
    assert bo == Recipient("Bo")


def test_every_bad_row_is_reported_with_row_and_column(tmp_path: Path) -> None:
    path = roster(tmp_path, "name,email,expires\n"
                  "Ada,ada@example.com,\n"
                  ",bo@example.com,\n"          # row 3: no name
                  "Cy,not-an-email,\n"          # row 4: bad email
                  "Di,di@example.com,\n"
                  "Ed,,31/12/2030\n")           # row 6: bad date
    with pytest.raises(RosterError) as caught:
        read_roster(path, today=date(2026, 1, 1))
    problems = [(p.pointer, p.path) for p in caught.value.problems]
    assert problems == [("row 3, column name", str(path)), ("row 4, column email", str(path)),
                        ("row 6, column expires", str(path))]


@pytest.mark.parametrize(("header", "message"), [
    ("name,mail\n", "unknown column 'mail'"),
    ("email\n", "no 'name' column"),
    ("", "empty"),
])
def test_bad_header_is_refused(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        read_roster(roster(tmp_path, header))


def test_expiry_in_the_past_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as caught:
        read_roster(roster(tmp_path, "name,expires\nAda,2020-01-01\n"), today=date(2026, 1, 1))
    assert caught.value.problems[0].pointer == "row 2, column expires"
