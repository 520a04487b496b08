"""What a badge page shows first: the issuer, the achievement with its criteria summary,
skills and alignments, the recipient's narrative as Markdown (safely), evidence by name and
dates in words — all read from the signed credential of a real build."""

from __future__ import annotations

from pathlib import Path

from badgepress.issue import issue_batch
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project
from tests.integration.site_project import ISSUED, add_achievement, build

CRITERIA = ("Passed the **final** project.\n\n"
            "A second paragraph that only the achievement page shows.")
NARRATIVE = ("Built a *difference engine* simulator: [the code](https://example.org/engine) "
             "![a diagram](https://tracker.example/pixel.png) <script>alert(1)</script>")


def badge_page(project: Project, tmp_path: Path, narrative: str = NARRATIVE) -> str:
    """Build a site with one badge issued with ``narrative``; return its page's HTML
    (without the embedded credential)."""
    add_achievement(project, body=CRITERIA)
    achievement = load_achievement(project, "python")
    [item] = issue_batch(project, achievement, [Recipient("Ada Lovelace", narrative=narrative,
                                                          evidence="https://example.org/p/42")],
                         now=ISSUED, workers=1).issued
    build(project, site_dir=tmp_path / "site")
    html = (tmp_path / "site" / "badges" / item.path.stem / "index.html").read_text("utf-8")
    return html.split('<script type="application/json"')[0]  # the page without its credential


def test_badge_page_leads_with_what_was_earned(project: Project, tmp_path: Path) -> None:
    html = badge_page(project, tmp_path)
    assert html.index("bp-issuer-line") < html.index("bp-badge-head") < html.index("bp-verify")
    assert ('<div class="bp-criteria"><p>Passed the <strong>final</strong> project.</p></div>'
            in html)
    assert "A second paragraph" not in html.split('id="bp-verify"')[0]
    assert '<a href="../../achievements/python/">Full criteria</a>' in html
    assert '<span class="bp-tag"><bdi>python</bdi></span>' in html
    assert ('<a href="https://example.org/skills/programming" rel="nofollow noopener">'
            '<bdi>Programming skill</bdi></a>') in html
    assert '<time datetime="2026-03-01">1 March 2026</time>' in html


def test_narrative_is_markdown_without_markup_images_or_script_links(
        project: Project, tmp_path: Path) -> None:
    html = badge_page(project, tmp_path)
    narrative = html.split('id="bp-narrative-title"')[1].split("</section>")[0]
    assert "<em>difference engine</em>" in narrative
    assert ('<a href="https://example.org/engine" rel="nofollow noopener ugc">the code</a>'
            in narrative)
    assert "<span>a diagram</span>" in narrative and "tracker.example" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in narrative and "<script>alert" not in html


def test_narrative_script_link_loses_its_address(project: Project, tmp_path: Path) -> None:
    html = badge_page(project, tmp_path, narrative="[click](javascript:alert(document.domain))")
    assert '<a href="#" rel="nofollow noopener ugc">click</a>' in html
    assert "javascript:" not in html
