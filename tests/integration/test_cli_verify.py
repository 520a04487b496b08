"""``badgepress verify`` as a person uses it: one line per check, clear errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from badgepress.cli import main
from tests.helpers import ISSUER_DID, did_document, signed_credential, write_json


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_verify_reports_each_check(tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", signed_credential())
    did = write_json(tmp_path / "did.json", did_document())
    code, out = run("verify", "--project", str(tmp_path), "--did-document", str(did), str(good))
    assert code == 0, out
    for label in ("Well-formed", "Signature is valid", "Signing key belongs to the issuer",
                  "Not revoked", "Within its validity dates"):
        assert label in out
    assert "1 of 1 credential(s) verified" in out


def test_tampered_credential_names_file_check_and_pointer(tmp_path: Path) -> None:
    document = signed_credential()
    document["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    bad = write_json(tmp_path / "tampered-name.json", document)
    did = write_json(tmp_path / "did.json", did_document())
    code, out = run("verify", "--project", str(tmp_path), "--did-document", str(did), str(bad))
    assert code == 1
    assert "Not verified" in out
    assert "tampered-name.json: /proof/0/proofValue" in out
    assert "Traceback" not in out


def test_json_report(tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", signed_credential())
    code, out = run("verify", "--json", "--project", str(tmp_path), str(good))
    assert code == 1  # the issuer's DID document is not at hand
    report = json.loads(out)
    checks = {c["id"]: c for c in report["credentials"][0]["checks"]}
    assert checks["signature"]["state"] == "pass"
    assert checks["issuer_key"]["state"] == "fail"
    assert report["credentials"][0]["issuer"] == ISSUER_DID


def test_bad_files_get_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "huge.json").write_bytes(b'{"name": "' + b"x" * (50 * 1000 * 1000) + b'"}')
    code, out = run("verify", "--project", str(tmp_path), str(tmp_path))
    assert code == 1
    assert "broken.json" in out and "not valid JSON" in out
    assert "huge.json" in out and "at most 2 MiB" in out
    assert "Traceback" not in out


def test_usage_error_exit_code() -> None:
    code, _ = run("verify")
    assert code == 2


def test_baked_reference_images_verify_signature(reference: Path) -> None:
    baked = reference / "examples" / "baked"
    _, out = run("verify", "--json", str(baked))
    reports = json.loads(out)["credentials"]
    assert len(reports) == 2
    for report in reports:
        checks = {c["id"]: c["state"] for c in report["checks"]}
        assert checks["signature"] == "pass"


def test_baked_reference_images_verify_with_the_issuers_controller_document(
        reference: Path, tmp_path: Path) -> None:
    """The samples name an https issuer whose key is its URL plus the key as fragment;
    with that issuer's controller document at hand, every check passes."""
    issuer = "https://example.com/issuers/876543"
    key = f"{issuer}#z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x"
    controller = write_json(tmp_path / "issuer.json", {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "verificationMethod": [{"id": key, "type": "Multikey", "controller": issuer,
                                "publicKeyMultibase": key.split("#")[1]}],
        "assertionMethod": [key],
    })
    code, out = run("verify", "--did-document", str(controller), "--json",
                    str(reference / "examples" / "baked"))
    assert code == 0, out
    reports = json.loads(out)["credentials"]
    assert [r["verdict"] for r in reports] == ["verified", "verified"]
