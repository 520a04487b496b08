"""The notify send log after a crash in the middle of writing a line."""

from __future__ import annotations

from pathlib import Path

from badgepress.notify import LogEntry, SendLog


def test_line_torn_by_a_crash_is_ignored_and_removed_before_the_next(tmp_path: Path) -> None:
    log = SendLog(tmp_path / "sent.jsonl")
    log.append(LogEntry("a" * 26, "<badge.a@x>", "sending", "t1"))
    log.append(LogEntry("a" * 26, "<badge.a@x>", "sent", "t2"))
    whole = log.path.read_bytes()
    log.path.write_bytes(whole + b'{"token": "bbbb", "message_id": "<ba')  # killed mid-write
    assert {t: e.state for t, e in SendLog(log.path).read().items()} == {"a" * 26: "sent"}
    again = SendLog(log.path)
    again.append(LogEntry("c" * 26, "<badge.c@x>", "sending", "t3"))
    assert log.path.read_bytes().startswith(whole)
    assert {t: e.state for t, e in again.read().items()} == {"a" * 26: "sent",
                                                              "c" * 26: "sending"}
    assert len(log.path.read_bytes().splitlines()) == 3
