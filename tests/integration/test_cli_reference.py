"""The command reference in the documentation is the commands' own ``--help``."""

from __future__ import annotations

from scripts.cli_reference import PAGE, render


def test_command_reference_is_current() -> None:
    assert PAGE.read_text("utf-8") == render(), (
        "docs/pages/commands.md is out of date: run python scripts/cli_reference.py")
