"""The browser's Markdown (js/src/markdown.js, for /verify/) against the badge page's
(site/markdown_safe.py) over ordinary and hostile inputs: the same element tree for the
ordinary ones, and for every one no tag beyond the allow-list and the same link targets."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from badgepress.pages.markdown_safe import credential_markdown

REPO = Path(__file__).resolve().parents[2]
ORDINARY = [
    "Plain text.",
    "Two\nlines.\n\nSecond paragraph.",
    "Passed the **Data Literacy** assessment and a *short* critique.",
    "The critique must:\n\n- state what the chart claims;\n- identify two ways;\n- propose one.",
    "1. first\n2. second",
    "# Title\n\nText under it.\n\n### Small",
    "See [the rules](https://example.org/rules \"Rules\") or <https://example.org/x>.",
    "Write to <ada@example.org>.",
    "Use `print()` here.",
    "> quoted\n> text",
    "line one  \nline two",
    "a snake_case_name stays",
    "[ref link][r]\n\n[r]: https://example.org/r",
    "---",
]
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[a](javascript:alert(1))",
    "[a](JavaScript:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a]( javascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](data:text/html,<script>alert(1)</script>)",
    "[a](vbscript:msgbox)",
    "![x](javascript:alert(1))",
    "![tracker](https://tracker.example/p.png)",
    "<javascript:alert(1)>",
    "<ftp://example.org/file>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a](https://example.org/\"onmouseover=\"alert)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "**<b>bold</b>**",
    "[**x**](mailto:a@example.org)",
]
ALLOWED = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h4", "h5",
           "h6", "hr", "span", "a"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[Any] = []
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        item = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "children": []}
        self.stack[-1].append(item)
        if tag not in ("br", "hr"):
            self.stack.append(item["children"])

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "hr"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].append(data)


def _normal(items: list[Any]) -> list[Any]:
    """Adjacent texts joined, whitespace runs as one space, blank texts between blocks gone."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if out and isinstance(out[-1], str):
                out[-1] += item
            else:
                out.append(item)
        else:
            out.append({"tag": item["tag"], "attrs": item["attrs"],
                        "children": _normal(item["children"])})
    return [" ".join(i.split()) if isinstance(i, str) else i for i in out
            if not isinstance(i, str) or i.strip()]


def _python(text: str) -> list[Any]:
    tree = _Tree()
    tree.feed(credential_markdown(text))
    return _normal(tree.root)


@pytest.fixture(scope="module")
def browser_trees() -> dict[str, list[Any]]:
    script = ("import {markdownTree} from './js/src/markdown.js';"
              "import {readFileSync} from 'node:fs';"
              "const inputs = JSON.parse(readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(inputs.map(markdownTree)));")
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, check=True,
                          input=json.dumps(ORDINARY + HOSTILE), capture_output=True, text=True)
    return dict(zip(ORDINARY + HOSTILE, json.loads(done.stdout), strict=True))


def _walk(items: list[Any]) -> list[dict[str, Any]]:
    return [n for i in items if isinstance(i, dict) for n in [i, *_walk(i["children"])]]


@pytest.mark.parametrize("text", ORDINARY)
def test_browser_markdown_makes_the_badge_pages_tree(
        browser_trees: dict[str, list[Any]], text: str) -> None:
    assert _normal(browser_trees[text]) == _python(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_gets_no_other_tag_or_link_on_verify_page(
        browser_trees: dict[str, list[Any]], text: str) -> None:
    ours = _walk(_normal(browser_trees[text]))
    assert {n["tag"] for n in ours} <= ALLOWED
    assert {k for n in ours for k in n["attrs"]} <= {"href", "title", "rel"}
    links = [n["attrs"].get("href") for n in ours if n["tag"] == "a"]
    assert links == [n["attrs"].get("href") for n in _walk(_python(text)) if n["tag"] == "a"]
