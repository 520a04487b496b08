"""Pathways in Chromium: the pathway page (nested list and SVG diagram, no script, no CSP
violation) in badgepress's look and in mkdocs-material, and a stacked badge's page, whose
verifier fetches and verifies each component from the same site and counts them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from badgepress.issue import issue_batch
from badgepress.keystore import generate_key
from badgepress.lifecycle import revoke
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.planning.context import SOURCE_DATE_EPOCH
from badgepress.project import Project
from tests.browser.conftest import SiteServer, free_port
from tests.browser.page_types import MOMENT, PageType, open_page, served_demo
from tests.conftest import write_project
from tests.integration.site_project import BUILT, add_achievement, build
from tests.integration.test_site_host_theme import THEMES, host_site

STACKED = ("requires:\n  all:\n    - python\n    - any: 1\n      of: [sql, rust]\n")
ADA = Recipient("Ada Lovelace", "ada@example.com")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, PageType]]]:
    with served_demo(tmp_path_factory.mktemp("pathways")) as (base, kinds):
        yield base, {k.name: k for k in kinds}


def csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text else None)
    return found


def test_the_pathway_page_lists_and_draws_every_path_with_links(
        browser: Any, demo: tuple[str, dict[str, PageType]]) -> None:
    base, kinds = demo
    context = browser.new_context(java_script_enabled=False)  # it needs no script
    try:
        page = context.new_page()
        violations = csp_violations(page)
        page.goto(base + kinds["pathways"].path)
        assert page.locator("h1").inner_text() == "Pathways"
        section = page.locator("#pathway-data-practitioner")
        assert section.inner_text() == "Data Practitioner"
        lists = page.locator(".bp-pathway-section ul.bp-pathway")
        assert lists.first.locator(":scope > li > a").all_inner_texts() == ["Data Literacy"]
        assert lists.nth(1).locator("a").all_inner_texts() == [
            "Python Fundamentals", "Open Source Contributor"]
        assert page.locator(".bp-pathway-group").all_inner_texts() == ["All of:", "1 of:"]
        diagram = page.locator("svg.bp-pathway-diagram")
        assert diagram.get_attribute("role") == "group"
        assert diagram.locator("text").all_text_contents() == [
            "Data Literacy", "Python Fundamentals", "Open Source Contributor", "1 of 2",
            "Data Practitioner"]
        assert diagram.locator("path[marker-end]").count() == 4
        box = diagram.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        diagram.locator("a").last.click()
        page.wait_for_url("**/achievements/data-practitioner/")
        assert page.locator("#bp-requires").inner_text() == "Requires"
        page.locator(".bp-pathway a", has_text="Data Literacy").click()
        page.wait_for_url("**/achievements/data-literacy/")
        assert page.locator("#bp-part-of + ul a").all_inner_texts() == ["Data Practitioner"]
        assert violations == []
    finally:
        context.close()


def test_a_stacked_badge_page_verifies_each_component_and_counts_them(
        browser: Any, demo: tuple[str, dict[str, PageType]]) -> None:
    base, kinds = demo
    context = browser.new_context()
    try:
        page = context.new_page()
        violations = csp_violations(page)
        page = open_page(context, base, kinds["badge-stacked"])
        assert page.locator("#bp-verify .bp-verdict").first.inner_text() == \
            "Verified (2 of 2 component badges verified)"
        items = page.locator("[data-bp-component]")
        assert items.locator("a").all_inner_texts() == ["Data Literacy", "Python Fundamentals"]
        assert [items.nth(i).get_attribute("data-verdict") for i in range(2)] == [
            "verified", "verified"]
        assert items.locator(".bp-component-verdict").all_inner_texts() == [
            "Verified", "Verified"]
        assert page.locator("#bp-verify .bp-embedded > li").count() == 2
        assert violations == []
    finally:
        context.close()


def test_a_revoked_component_is_shown_as_revoked_and_not_counted(
        page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    port = free_port()
    base = f"http://localhost:{port}/badges/"
    project = Project.load(write_project(tmp_path / "repo", site_url=base))
    generate_key(project.keys_dir, project.root, date(2026, 1, 1))
    for slug in ("python", "sql", "rust"):
        add_achievement(project, slug, slug.title())
    add_achievement(project, "data", "Data Practitioner", extra=STACKED)
    issued = {}
    for slug in ("python", "sql", "rust", "data"):
        result = issue_batch(project, load_achievement(project, slug), [ADA],
                             now=datetime(2026, 3, 1, tzinfo=UTC), workers=1)
        issued[slug] = result.issued[0].credential_id
    revoke(project, issued["sql"], "issued in error", datetime(2026, 4, 1, tzinfo=UTC))
    build(project, tmp_path / "www" / "badges")
    page.clock.set_fixed_time(MOMENT)
    with SiteServer(tmp_path / "www", port):
        page.goto(issued["data"])
        page.wait_for_selector("#bp-verify[data-verdict]:not([aria-busy])", timeout=20_000)
        assert page.locator("#bp-verify .bp-verdict").first.inner_text() == \
            "Verified (2 of 3 component badges verified)"
        sql = page.locator(f"[data-bp-component='{issued['sql']}']")
        assert sql.get_attribute("data-verdict") == "not-verified"
        assert sql.locator(".bp-component-verdict").inner_text() == \
            "Genuine — revoked by the issuer on 1 April 2026 (issued in error)"


def test_the_pathway_page_sits_in_a_host_theme_with_no_csp_violation(
        page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, BUILT)
    port = free_port()
    base = f"http://localhost:{port}/handbook/"
    project = host_site(tmp_path / "repo", "material", site_url=base)
    for slug in ("sql", "rust"):
        add_achievement(project, slug, slug.title())
    add_achievement(project, "data", "Data <Practitioner>", extra=STACKED)
    build(project, tmp_path / "www" / "handbook")
    violations = csp_violations(page)
    with SiteServer(tmp_path / "www", port):
        page.goto(f"{base}pathways/")
        assert THEMES["material"] in page.content()
        assert page.locator(".bp-scope h1").inner_text() == "Pathways"
        assert page.locator(".bp-scope #pathway-data").inner_text() == "Data <Practitioner>"
        assert page.locator(".bp-scope svg.bp-pathway-diagram text").last.text_content() == \
            "Data <Practitioner>"
        page.goto(f"{base}achievements/python/")
        assert page.locator(".bp-scope #bp-part-of + ul a").all_inner_texts() == [
            "Data <Practitioner>"]
    assert violations == []
