"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from badgepress.model.dates import parse_datetime

project_option = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The issuer repository (the folder holding mkdocs.yml).",
)


def parse_when(value: str | None) -> datetime:
    """Parse ``--now``/``--since`` style dates (``2026-01-31`` or a full date-time)."""
    if value is None:
        return datetime.now(UTC)
    text = value if "T" in value else f"{value}T00:00:00Z"
    try:
        return parse_datetime(text, "--now")
    except Exception as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-01-31") from exc


def honour_no_color(ctx: click.Context) -> None:
    """Turn colours off when ``NO_COLOR`` is set (https://no-color.org); click itself
    only strips them when the output is not a terminal."""
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def mark(state: str) -> str:
    """A symbol for a check state, coloured on a terminal."""
    symbol, colour = {"pass": ("✔", "green"), "warn": ("!", "yellow"),
                      "fail": ("✘", "red")}[state]
    return click.style(symbol, fg=colour)


def echo_json(document: Any) -> None:
    """Print JSON for scripts."""
    import json

    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
