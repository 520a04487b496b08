"""Every command explains itself: ``--help`` works and shows an example; ``--version``
works; colours follow the terminal and ``NO_COLOR``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from badgepress import __version__
from badgepress.cli import main


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and group under ``command``, as argument paths."""
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(main))


def test_every_command_is_found() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"init", "doctor", "verify", "keys generate", "issue", "build"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "badgepress")
def test_help_exits_0_and_shows_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"badgepress, version {__version__}"


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["verify"]).exit_code == 2
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2


def test_colour_on_a_terminal_and_never_with_no_color(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # CliRunner(color=True) behaves like a terminal that shows colours.
    coloured = CliRunner().invoke(main, ["doctor", "--project", str(tmp_path)], color=True)
    assert "\x1b[" in coloured.output
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(main, ["doctor", "--project", str(tmp_path)], color=True)
    assert plain.exit_code == 1
    assert "\x1b[" not in plain.output
    error = CliRunner().invoke(main, ["keys", "list", "--project", str(tmp_path)], color=True)
    assert error.exit_code == 1 and "error:" in error.output
    assert "\x1b[" not in error.output
