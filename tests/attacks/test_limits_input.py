"""Attacks through the credential text itself — duplicate keys, deep nesting, a byte order
mark, an object in ``type``, text that is not UTF-8 — against the library, the CLI (a real
subprocess) and the build: the project's own one-line errors naming file and field, the
same verdict everywhere, no traceback, nothing published (issue 12, classes 6 and 9)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from badgepress.baking import bake
from badgepress.baking.png import PNG_SIGNATURE, iter_chunks, make_chunk
from badgepress.planning.problems import SiteError
from badgepress.project import Project
from badgepress.trust import Trust
from badgepress.verify import check_credential
from tests.conftest import REFERENCE
from tests.helpers import ISSUER_DID, did_document, signed_credential, write_json
from tests.integration.site_project import build, issue, site_project

__all__ = ["site_project"]

NAME = '"name": "Python Fundamentals"'


def signed_text() -> str:
    return json.dumps(signed_credential(), indent=2)


def cli_verify(tmp_path: Path, *paths: Path) -> tuple[int, dict[str, Any], str]:
    """``badgepress verify --json`` in a real process, trusting the test issuer."""
    did = write_json(tmp_path / "issuer-did.json", did_document())
    result = subprocess.run(
        [sys.executable, "-c", "from badgepress.cli import main; main()", "verify", "--json",
         "--project", str(tmp_path), "--did-document", str(did), *map(str, paths)],
        capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def only_check(report: dict[str, Any]) -> dict[str, Any]:
    assert report["verdict"] == "not-verified"
    assert [c["id"] for c in report["checks"]] == ["format"]
    return report["checks"][0]


def test_duplicate_name_key_is_not_verified_by_library_and_cli(tmp_path: Path) -> None:
    text = signed_text().replace(NAME, '"name": "Brain Surgery", ' + NAME, 1)
    path = tmp_path / "duplicate-name.json"
    path.write_text(text, encoding="utf-8")
    report = check_credential(text.encode(), Trust.offline(
        did_documents={ISSUER_DID: did_document()}), path=path)
    assert report.verdict == "not-verified"
    assert report.checks[0].pointer == "/name"
    code, out, _ = cli_verify(tmp_path, path)
    check = only_check(out["credentials"][0])
    assert code == 1
    assert check["pointer"] == "/name"
    assert check["message"] == "this key appears twice in one object"
    assert out["credentials"][0]["file"] == str(path)


def test_duplicate_key_in_a_baked_png_is_not_verified(tmp_path: Path) -> None:
    text = signed_text().replace(NAME, '"name": "Brain Surgery", ' + NAME, 1)
    png = (REFERENCE / "examples" / "baked" / "ob3-simple-baked.png").read_bytes()
    plain = tmp_path / "plain.png"
    chunks = [c for c in iter_chunks(png) if c.type != b"iTXt"]
    plain.write_bytes(PNG_SIGNATURE + b"".join(make_chunk(c.type, c.data) for c in chunks))
    baked = tmp_path / "duplicate-name.png"
    baked.write_bytes(bake(plain.read_bytes(), "png", text))
    code, out, _ = cli_verify(tmp_path, baked)
    assert code == 1
    assert only_check(out["credentials"][0])["pointer"] == "/name"


def test_hundred_thousand_levels_deep_end_in_one_line_not_a_recursion_error(
        tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + ", " + signed_text()[1:],
                    encoding="utf-8")
    code, out, _ = cli_verify(tmp_path, path)
    assert code == 1
    assert only_check(out["credentials"][0])["message"] == "nested more than 64 levels deep"


def test_byte_order_mark_gets_the_same_verdict_from_library_and_cli(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + signed_text().encode()
    path = tmp_path / "bom.json"
    path.write_bytes(data)
    trust = Trust.offline(did_documents={ISSUER_DID: did_document()})
    assert check_credential(data, trust).verdict == "verified"
    code, out, _ = cli_verify(tmp_path, path)
    assert code == 0
    assert out["credentials"][0]["verdict"] == "verified"


def test_object_in_type_is_a_format_failure_not_a_type_error(tmp_path: Path) -> None:
    document = signed_credential()
    document["type"] = ["VerifiableCredential", "OpenBadgeCredential", {}]
    path = write_json(tmp_path / "object-in-type.json", document)
    code, out, _ = cli_verify(tmp_path, path)
    check = only_check(out["credentials"][0])
    assert code == 1
    assert check["pointer"] == "/type/2"


def test_latin1_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(signed_text().replace("Ada Lovelace", "Ad\xe1").encode("latin-1"))
    code, out, _ = cli_verify(tmp_path, path)
    assert code == 1
    assert "file is not UTF-8 text" in only_check(out["credentials"][0])["message"]


def test_build_refuses_a_duplicate_key_credential_and_publishes_nothing(
        site_project: Project, tmp_path: Path) -> None:
    paths = issue(site_project, ["Ada", "Grace"])
    target = paths[1]
    text = target.read_text(encoding="utf-8")
    first = text.index('"name"')
    target.write_text(text[:first] + '"name": "Brain Surgery", ' + text[first:],
                      encoding="utf-8")
    site_dir = tmp_path / "out"
    with pytest.raises(SiteError) as caught:
        build(site_project, site_dir)
    problems = {p.path: p for p in caught.value.problems}
    problem = problems[f"credentials/{target.name}"]
    assert problem.message == "this key appears twice in one object"
    assert problem.pointer is not None and problem.pointer.endswith("/name")
    assert "nothing was published" in str(caught.value)
    assert not site_dir.exists()


def test_two_megabytes_of_escaped_quotes_are_refused_in_linear_time() -> None:
    """An open string of ``\\"`` pairs made the nesting pre-scan quadratic (hours for 2 MB)."""
    data = ("[" * 70 + '"' + '\\"' * 1_000_000).encode()
    started = time.monotonic()
    report = check_credential(data, Trust.offline(), path="quotes.json")
    assert time.monotonic() - started < 5
    assert report.checks[0].message == "nested more than 64 levels deep"
