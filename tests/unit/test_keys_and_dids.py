"""Keys as Multikey, the private key kept out of the tree, did:web and did:key."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgepress.cli import main
from badgepress.crypto.keys import KeyPair
from badgepress.crypto.multibase import decode_public_multikey
from badgepress.did.key import did_key_document
from badgepress.did.web import did_document_path, did_from_site_url, url_from_did
from badgepress.errors import ConfigError, KeyMaterialError
from badgepress.keystore import (
    KEY_DIR_ENV,
    SECRET_ENV,
    generate_key,
    load_signer,
    read_issuer_keys,
)
from badgepress.project import Project
from badgepress.publishable import refuse_private_keys
from tests.helpers import TEST_PUBLIC, TEST_SECRET


@pytest.mark.parametrize(("site", "did", "url", "path"), [
    ("https://org.github.io/repo/", "did:web:org.github.io:repo",
     "https://org.github.io/repo/did.json", "did.json"),
    ("https://badges.example.org/", "did:web:badges.example.org",
     "https://badges.example.org/.well-known/did.json", ".well-known/did.json"),
    ("https://example.com:3000/user/alice", "did:web:example.com%3A3000:user:alice",
     "https://example.com:3000/user/alice/did.json", "did.json"),
])
def test_did_web(site: str, did: str, url: str, path: str) -> None:
    assert did_from_site_url(site) == did
    assert url_from_did(did) == url
    assert did_document_path(did) == path


def test_did_web_needs_https() -> None:
    with pytest.raises(ConfigError, match="https"):
        did_from_site_url("http://org.github.io/repo/")


def test_did_key_resolves_natively() -> None:
    document = did_key_document(f"did:key:{TEST_PUBLIC}")
    assert document["assertionMethod"] == [f"did:key:{TEST_PUBLIC}#{TEST_PUBLIC}"]


def test_multikey_round_trip_and_header() -> None:
    pair = KeyPair.from_secret_multibase(TEST_SECRET)
    assert pair.public.multibase == TEST_PUBLIC
    assert KeyPair.from_secret_multibase(pair.secret_multibase) == pair
    with pytest.raises(KeyMaterialError):
        decode_public_multikey("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")
    assert "seed" not in repr(pair) and TEST_SECRET not in repr(pair)


def test_generate_writes_public_in_repo_private_outside_0600(
        project: Project, private_key_folder: Path) -> None:
    [key] = read_issuer_keys(project.keys_dir)
    record = json.loads(key.path.read_text())
    assert set(record) == {"publicKeyMultibase", "status", "created"}
    secret = private_key_folder / f"{key.multibase}.json"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert load_signer(key, project.did).verification_method == key.method_id(project.did)
    refuse_private_keys(project.root)  # nothing secret in the tree


def test_private_key_folder_inside_tree_is_refused(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_DIR_ENV, str(project.root / "secrets"))
    with pytest.raises(KeyMaterialError, match="inside the repository"):
        generate_key(project.keys_dir, project.root, date(2026, 2, 2))
    assert not (project.root / "secrets").exists()


def test_secret_from_environment(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    [key] = read_issuer_keys(project.keys_dir)
    monkeypatch.setenv(SECRET_ENV, TEST_SECRET)
    with pytest.raises(KeyMaterialError, match="is not the key"):
        load_signer(key, project.did)


def test_verify_and_build_refuse_a_private_key_in_the_tree(project: Project) -> None:
    secret = KeyPair.generate().secret_multibase
    leaked = project.root / "site_src" / "key.json"
    leaked.write_text(json.dumps({"secretKeyMultibase": secret}))
    result = CliRunner().invoke(main, ["verify", "--project", str(project.root),
                                       str(project.root / "site_src")])
    assert result.exit_code == 1
    assert "site_src/key.json" in result.output and "private key" in result.output
    assert secret not in result.output


def test_keys_cli(project: Project) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["keys", "list", "--json", "--project", str(project.root)])
    assert listed.exit_code == 0, listed.output
    [entry] = json.loads(listed.output)
    assert entry["status"] == "active" and entry["id"].startswith(project.did + "#z6Mk")
    again = runner.invoke(main, ["keys", "generate", "--project", str(project.root)])
    assert again.exit_code == 1 and "rotate" in again.output
    rotated = runner.invoke(main, ["keys", "rotate", "--project", str(project.root)])
    assert rotated.exit_code == 0, rotated.output
    statuses = sorted(k.status for k in read_issuer_keys(project.keys_dir))
    assert statuses == ["active", "retired"]
