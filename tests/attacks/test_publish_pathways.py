"""Attacks through pathways: markup in an achievement's name on the pathway page and in
its drawn diagram, and a stacked credential whose "component" evidence points off the site
(or out of the badge folder), which the badge page must not fetch or list as a component."""

from __future__ import annotations

from badgepress.issue import build_credential, new_token, project_signer, sign_credential
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.pathways import EVIDENCE_GENRE
from badgepress.project import Project
from badgepress.trust import bundled_loader
from tests.attacks.publish_site import site_project
from tests.helpers import write_json
from tests.integration.site_project import ISSUED, add_achievement, build

__all__ = ["site_project"]

SCRIPT_NAME = "\"Data </text><script>alert(1)</script> & <a href='javascript:x'>co</a>\""


def test_markup_in_a_stacked_achievements_name_is_text_on_the_pathway_page_and_diagram(
        site_project: Project) -> None:
    add_achievement(site_project, "data", SCRIPT_NAME.strip('"'),
                    extra="requires: {all: [python]}\n")
    (site_project.achievements_dir / "data.md").write_text(
        (site_project.achievements_dir / "data.md").read_text("utf-8").replace(
            f"name: {SCRIPT_NAME.strip(chr(34))}", f"name: {SCRIPT_NAME}"), "utf-8")
    site = build(site_project, site_project.root / "out").site_dir
    page = (site / "pathways" / "index.html").read_text("utf-8")
    diagram = page[page.index("<svg"):page.index("</svg>")]
    for html in (page, diagram, (site / "achievements" / "python" / "index.html").read_text(
            "utf-8")):
        assert "<script>alert" not in html and "<a href='javascript" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<text" in diagram and "</text><script>" not in diagram


def test_component_evidence_off_the_site_is_not_fetched_nor_listed_as_a_component(
        site_project: Project) -> None:
    achievement = load_achievement(site_project, "python")
    token = new_token()
    document = build_credential(site_project, achievement, Recipient("Mallory"), token=token,
                                salt="00", now=ISSUED)
    site_url = site_project.profile.site_url
    document["evidence"] = [
        {"type": ["Evidence"], "id": "https://evil.example/badges/abc/", "name": "Elsewhere",
         "genre": EVIDENCE_GENRE},
        {"type": ["Evidence"], "id": f"{site_url}badges/x/../../.well-known/did.json/",
         "name": "Climbing out", "genre": EVIDENCE_GENRE},
    ]
    signed = sign_credential(document, project_signer(site_project), bundled_loader(), ISSUED)
    write_json(site_project.credentials_dir / f"{token}.json", signed)
    site = build(site_project, site_project.root / "out").site_dir
    page = (site / "badges" / token / "index.html").read_text("utf-8")
    assert "data-bp-component" not in page and "bp-components" not in page
    assert '<a href="https://evil.example/badges/abc/" rel="nofollow noopener">Elsewhere</a>' \
        in page
