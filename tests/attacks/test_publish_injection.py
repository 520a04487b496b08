"""Attacks on what pages show: script links hidden by character references in
achievement criteria, and bidirectional controls that make a name read differently."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from badgepress.crypto.proof import sign, without_proof
from badgepress.errors import BadgeError
from badgepress.fsutil import write_json_atomic
from badgepress.jsonld import bundled_loader
from badgepress.keystore import active_key, load_signer, read_issuer_keys
from badgepress.site.build import build_site
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.integration.site_project import ISSUED, add_achievement, build

__all__ = ["published", "site_project"]

ENCODED_SCRIPT_LINKS = {
    "decimal-reference": "[x](&#106;avascript:alert(1))",
    "hex-reference": "[x](&#x6A;avascript:alert(1))",
    "padded-reference": "[x](&#0000106;avascript:alert(1))",
    "reference-without-semicolon": "[x](&#106avascript:alert(1))",
    "tab-reference-inside": "[x](java&#x09;script:alert(1))",
    "newline-reference-inside": "[x](java&#10;script:alert(1))",
    "named-colon": "[x](javascript&colon;alert(1))",
    "reference-definition": "[x][r]\n\n[r]: &#106;avascript:alert(1)",
    "image-data-url": "![x](&#100;ata:text/html;base64,PHNjcmlwdD4=)",
    "leading-control-reference": "[x](&#1;javascript:alert(1))",
}


class _Addresses(HTMLParser):
    """Every href/src as a browser reads it (references decoded by the parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v is not None]


def script_addresses(html: str) -> list[str]:
    parser = _Addresses()
    parser.feed(html)
    readable = [re.sub(r"[\x00-\x20\x7f]", "", a).lower() for a in parser.found]
    return [a for a in readable if a.startswith(("javascript:", "data:text", "vbscript:"))]


@pytest.mark.parametrize("link", ENCODED_SCRIPT_LINKS.values(),
                         ids=ENCODED_SCRIPT_LINKS.keys())
def test_entity_encoded_script_link_in_criteria_is_neutralised(published: Published,
                                                               link: str) -> None:
    add_achievement(published.project, body=f"Passed the project. {link}")
    build(published.project, published.site_dir)
    page = (published.site_dir / "achievements" / "python" / "index.html").read_text()
    assert 'href="#"' in page or 'src="#"' in page
    assert script_addresses(page) == []


def rename_and_resign(published: Published, name: str) -> Path:
    """The issuer signs a credential whose recipient name holds ``name`` (as a roster
    with that name would make it)."""
    project = published.project
    path = sorted(project.credentials_dir.glob("*.json"))[0]
    document = without_proof(json.loads(path.read_bytes()))
    document["credentialSubject"]["identifier"][0]["identityHash"] = name
    signer = load_signer(active_key(read_issuer_keys(project.keys_dir)), project.did)
    write_json_atomic(path, sign(document, signer, bundled_loader(), ISSUED))
    return path


def test_bidi_override_in_recipient_name_fails_a_strict_build(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    path = rename_and_resign(published, "Alice \u202egnp.exe")
    with pytest.raises(BadgeError, match="strict mode"):
        build(published.project, published.site_dir)
    published.assert_unchanged()
    assert (f"credentials/{path.name}: /credentialSubject/identifier/0/identityHash: holds "
            "bidirectional control characters (U+202E)") in caplog.text


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202d", "\u202e", "\u2066",
                                     "\u2067", "\u2068", "\u2069"])
def test_bidi_controls_in_recipient_name_are_isolated_on_the_page(published: Published,
                                                                  control: str) -> None:
    path = rename_and_resign(published, f"Alice {control}gnp.exe")
    build_site(published.project.root / "mkdocs.yml", strict=False,
               site_dir=published.site_dir)
    page = (published.site_dir / "badges" / path.stem / "index.html").read_text()
    assert control not in page.split('<script type="application/json"')[0]
    assert '<bdi class="bp-recipient">Alice gnp.exe</bdi>' in page


def test_bidi_override_written_as_json_escape_is_flagged_too(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    path = rename_and_resign(published, "Alice \u202egnp.exe")
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2))  # "\u202e"
    assert b"\\u202e" in path.read_bytes()
    with pytest.raises(BadgeError, match="strict mode"):
        build(published.project, published.site_dir)
    published.assert_unchanged()
    assert f"credentials/{path.name}: /credentialSubject/identifier/0/identityHash" \
        in caplog.text


def test_bidi_override_in_achievement_name_is_refused(published: Published) -> None:
    add_achievement(published.project, name="Python \u202eBasics")
    error = published.refused()
    found = problems(error)["site_src/achievements/python.md"]
    assert found.pointer == "name"
    assert "bidirectional control character" in found.message
