"""Every runnable example in the documentation runs.

A runnable example is a line starting ``$ badgepress`` inside a fenced ```` ```console ````
block of ``docs/**/*.md`` or ``README.md``. Each page runs, in order, in its own fresh
repository made with ``badgepress init`` that has a signing key and one badge issued (to
"Ada Lovelace"), with private keys in a temporary folder (see ``tests/conftest.py``).

Conventions the pages follow, so a reader can copy the commands:

* ``$ cd DIR`` lines change folder; other ``$`` lines that are not badgepress (git, pip)
  are not run.
* A command is expected to exit 0 unless its line ends ``# exits N``.
* A block introduced by "Save this as `FILE`:" is written to FILE before the commands
  after it run (e.g. a CSV roster).
* Placeholders: ``<token>`` is the file name of the credential issued most recently,
  ``<old-key>`` the ``z6Mk…`` identifier of a retired key (one replaced by rotation).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.keystore import RETIRED, read_issuer_keys

pytestmark = pytest.mark.usefixtures("release_version")  # as an installed release

REPO = Path(__file__).resolve().parents[2]
PAGES = [*sorted((REPO / "docs").rglob("*.md")), REPO / "README.md"]
URL = "https://example-org.github.io/badges/"

# Commands that cannot run in a test, by the exact line, with the reason. Keep it empty:
# show such commands in ```sh blocks instead.
SKIP: dict[str, str] = {}
NEVER_RUNNABLE = ("badgepress serve", "--online")

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```",
                    re.M | re.S)
_SAVE_AS = re.compile(r"[Ss]ave (?:this|it) as `(?P<name>[^`]+)`:\s*$")
_EXITS = re.compile(r"\s+#\s*exits\s+(?P<code>\d+).*$")


@dataclass(frozen=True)
class Step:
    """One thing a page asks the reader to do."""

    kind: str  # "run", "cd" or "save"
    text: str
    content: str = ""
    exit_code: int = 0


def steps(page: Path) -> list[Step]:
    """The runnable steps of a page, in order."""
    text = page.read_text("utf-8")
    out: list[Step] = []
    for fence in _FENCE.finditer(text):
        body = re.sub(rf"^{re.escape(fence['indent'])}", "", fence["body"], flags=re.M)
        before = text[:fence.start()].rstrip().splitlines()[-1:] or [""]
        save = _SAVE_AS.search(before[0])
        if save:
            out.append(Step("save", save["name"], body))
            continue
        if fence["lang"] != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ cd "):
                out.append(Step("cd", line[5:].strip()))
            elif line.startswith("$ badgepress "):
                command = line[2:]
                exits = _EXITS.search(command)
                code = int(exits["code"]) if exits else 0
                out.append(Step("run", _EXITS.sub("", command).strip(), exit_code=code))
    return out


def examples() -> list[tuple[Path, list[Step]]]:
    return [(page, found) for page in PAGES if (found := steps(page))]


def _credentials(folder: Path) -> set[Path]:
    return set((folder / "credentials").glob("*.json"))


def _fill(command: str, cwd: Path, newest: Path | None) -> str:
    if "<token>" in command:
        assert newest is not None, f"{command}: no credential was issued before it"
        command = command.replace("<token>", newest.stem)
    if "<old-key>" in command:
        retired = [k for k in read_issuer_keys(cwd / "issuer_keys") if k.status == RETIRED]
        assert retired, f"{command}: no retired key (rotate first)"
        command = command.replace("<old-key>", retired[0].multibase)
    return command


def invoke(args: list[str], expected: int = 0) -> str:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == expected, f"badgepress {shlex.join(args)}\n{result.output}"
    return result.output


def test_the_documentation_has_runnable_examples() -> None:
    found = {page.name for page, _ in examples()}
    assert {"getting-started.md", "issuing.md", "revoking.md", "keys.md", "README.md"} <= found


@pytest.mark.parametrize(("page", "page_steps"), examples(),
                         ids=[str(p.relative_to(REPO)) for p, _ in examples()])
def test_examples_run(page: Path, page_steps: list[Step], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "example-org-badges"
    invoke(["init", str(project), "--name", "Example Org", "--url", URL,
            "--email", "badges@example.org"])
    monkeypatch.chdir(project)
    invoke(["keys", "generate"])
    invoke(["issue", "example-badge", "--name", "Ada Lovelace"])
    newest = next(iter(_credentials(project)))
    for step in page_steps:
        cwd = Path.cwd()
        if step.kind == "cd":
            monkeypatch.chdir(cwd / step.text)
            continue
        if step.kind == "save":
            (cwd / step.text).write_text(step.content, encoding="utf-8")
            continue
        if step.text in SKIP:
            continue
        assert not any(word in step.text for word in NEVER_RUNNABLE), (
            f"{page.name}: {step.text!r} cannot run in a test; show it in a ```sh block")
        before = _credentials(cwd)
        args = shlex.split(_fill(step.text, cwd, newest))[1:]
        invoke(args, step.exit_code)
        created = _credentials(Path.cwd()) - before
        if created:
            newest = max(created, key=lambda p: p.stat().st_mtime_ns)
