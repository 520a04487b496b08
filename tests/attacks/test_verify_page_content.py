"""/verify/ shows what was earned after a check, as the badge page does, from a hostile
credential: Chromium on the built site's /verify/ page (the verdict-table network), the
credential signed with the published test key so its content is genuine."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.attacks.test_verifier_browser import (  # noqa: F401 (fixtures)
    Network,
    browser_report,
    site_folder,
    verify_page,
)
from tests.helpers import signed_credential, unsigned_credential
from tests.reference.verdicts.table import load_case

pytestmark = pytest.mark.browser
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
       "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
ALLOWED = {"ARTICLE", "H2", "H3", "H4", "H5", "H6", "P", "DIV", "SECTION", "IMG", "BDI",
           "STRONG", "EM", "TIME", "SPAN", "UL", "OL", "LI", "A", "CODE", "PRE", "BLOCKQUOTE",
           "BR", "HR", "DL", "DT", "DD"}


def _case(credential: dict[str, Any]) -> dict[str, Any]:
    case = copy.deepcopy(load_case("genuine"))
    case["credential"] = credential
    return case


def _rich(**achievement: Any) -> dict[str, Any]:
    document = unsigned_credential(awardedDate="2026-01-02T03:04:05Z")
    document["issuer"]["image"] = {"id": PNG, "type": "Image"}
    subject = document["credentialSubject"]
    subject["narrative"] = ("Built a **parser** and [wrote it up](https://example.org/post)."
                            "\n\n- fast\n- tested")
    subject["achievement"].update({
        "image": {"id": PNG, "type": "Image"},
        "criteria": {"id": "https://example-academy.github.io/badges/criteria/python/",
                     "narrative": "Pass the *final* project.\n\nSecond paragraph, not shown."},
        "tag": ["testing", "python"],
        "alignment": [{"type": ["Alignment"], "targetName": "use Python",
                       "targetUrl": "https://esco.example/skill/1", "targetFramework": "ESCO",
                       "targetCode": "S1.2"}],
    } | achievement)
    document["evidence"] = [{"id": "https://example.org/repo", "type": ["Evidence"],
                             "name": "Repository"}, {"type": ["Evidence"], "name": "Demo talk"}]
    return signed_credential(document)


def _shown(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const c = document.getElementById('bp-content');
        const all = s => [...c.querySelectorAll(s)];
        const html = s => c.querySelector(s) && c.querySelector(s).innerHTML;
        return {title: c.querySelector('.bp-content-title').textContent,
                logo: all('.bp-issuer-logo').map(i => [i.naturalWidth, i.referrerPolicy]),
                image: all('.bp-badge-image').map(i => [i.naturalWidth, i.alt]),
                criteria: html('.bp-criteria'),
                full: all('.bp-earned-for a').map(a => [a.textContent, a.href]),
                tags: all('.bp-tag').map(t => t.textContent),
                alignments: all('.bp-alignments li').map(li => li.textContent),
                evidence: all('.bp-evidence li').map(li => li.textContent),
                narrative: html('.bp-narrative'),
                issued: c.querySelector('.bp-issued-by').textContent,
                tags_used: [...new Set(
                    all('.bp-verify-earned *, .bp-content *').map(e => e.tagName))],
                hrefs: all('.bp-verify-earned a').map(a => a.getAttribute('href')),
                xss: window.__xss === undefined ? null : window.__xss};
    }""")


def test_verify_page_shows_what_was_earned(verify_page: tuple[Any, Network]) -> None:  # noqa: F811
    page, network = verify_page
    assert browser_report(page, network, _case(_rich()))["verdict"] == "verified"
    shown = _shown(page)
    assert shown["title"] == "What was earned"
    assert shown["logo"] == [[1, "no-referrer"]]
    assert shown["image"] == [[1, "Python Fundamentals badge"]]
    assert shown["criteria"] == "<p>Pass the <em>final</em> project.</p>"
    assert shown["full"][0] == ["Full criteria",
                                "https://example-academy.github.io/badges/criteria/python/"]
    assert shown["tags"] == ["python", "testing"]
    assert shown["alignments"] == ["use Python (ESCO) · S1.2"]
    assert shown["evidence"] == ["Demo talk", "Repository"]
    assert shown["narrative"] == (
        '<h3 id="bp-content-narrative">About this award</h3><p>Built a <strong>parser</strong> '
        'and <a href="https://example.org/post" rel="nofollow noopener ugc">wrote it up</a>.'
        "</p><ul><li>fast</li><li>tested</li></ul>")
    assert shown["issued"] == "issued by Example Academy on 2 January 2026"


def test_markup_and_script_links_in_every_field_create_no_element_on_verify_page(
        verify_page: tuple[Any, Network]) -> None:  # noqa: F811
    page, network = verify_page
    credential = _rich(
        name=HOSTILE, description=HOSTILE, tag=[HOSTILE],
        criteria={"id": "javascript:window.__xss=3", "narrative": HOSTILE +
                  " [x](javascript:window.__xss=4) [y](&#106;avascript:alert(1))"},
        alignment=[{"type": ["Alignment"], "targetName": HOSTILE,
                    "targetUrl": "javascript:window.__xss=5"}])
    document = {k: v for k, v in credential.items() if k != "proof"}
    document["issuer"]["name"] = HOSTILE
    document["credentialSubject"]["narrative"] = (
        HOSTILE + "\n\n[a](javascript:window.__xss=6) [b](java\tscript:alert(1)) "
        "[c](JAVASCRIPT&colon;alert(1)) ![i](https://tracker.example/p.png) "
        "<javascript:alert(1)> [d][r]\n\n[r]: data:text/html,<script>alert(1)</script>")
    document["evidence"] = [{"id": "javascript:window.__xss=7", "type": ["Evidence"],
                             "name": HOSTILE}]
    document["credentialSubject"]["achievement"]["image"] = {
        "id": "https://tracker.example/pixel.png", "type": "Image"}
    report = browser_report(page, network, _case(signed_credential(document)))
    assert report["verdict"] == "verified"
    page.wait_for_timeout(200)
    shown = _shown(page)
    assert shown["xss"] is None
    assert set(shown["tags_used"]) <= ALLOWED
    assert shown["image"] == []  # the tracker's image is not loaded
    assert all(h == "#" or h.startswith("https://example") for h in shown["hrefs"]), shown["hrefs"]
    assert shown["hrefs"] == ["#"] * 6  # criteria [x] [y]; narrative [a] [b] [c] [d]
    assert "tracker.example" not in json.dumps(network.asked)
    assert HOSTILE in page.inner_text("#bp-content")


def test_script_url_written_as_a_text_image_is_not_loaded_on_verify_page(
        verify_page: tuple[Any, Network]) -> None:  # noqa: F811
    """OB 3.0 lets an image be written as its id alone: such a text goes through the same
    address rules as an Image object's id, so a ``javascript:`` or ``data:text/html``
    address is never an image source or a link, while a ``data:image/png`` one is shown."""
    page, network = verify_page
    document = unsigned_credential()
    document["issuer"]["image"] = "javascript:window.__xss=8"
    # data:text/html holding <script>window.__xss=9</script>
    document["credentialSubject"]["achievement"]["image"] = (
        "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9OTwvc2NyaXB0Pg==")
    report = browser_report(page, network, _case(signed_credential(document)))
    assert report["verdict"] == "verified"
    page.wait_for_timeout(200)
    shown = _shown(page)
    assert (shown["logo"], shown["image"], shown["hrefs"], shown["xss"]) == ([], [], [], None)
    sources = page.eval_on_selector_all("#bp-content [src], #bp-content [href]",
                                        "nodes => nodes.map(n => n.outerHTML)")
    assert not [s for s in sources if "javascript:" in s or "data:text" in s], sources
    document["issuer"]["image"] = PNG  # the same address as an Image object's id is shown
    assert browser_report(page, network, _case(signed_credential(document)))["verdict"] \
        == "verified"
    assert _shown(page)["logo"] == [[1, "no-referrer"]]
