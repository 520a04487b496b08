"""Attacks on what a build publishes: a private key placed where the site picks it up.

Each placement is a real build into a real site folder that was built before; the
build must refuse, name the file, and leave the previous site as it was, holding no key.
"""

from __future__ import annotations

import base64
import io
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from PIL import Image

import badgepress
from badgepress.baking.png import iter_chunks, make_chunk
from badgepress.crypto.keys import KeyPair
from badgepress.doctor.keys import private_keys_in_repository
from badgepress.errors import ConfigError, KeyMaterialError
from badgepress.publishable import secret_in
from tests.attacks.publish_site import Published, problems, published, site_project
from tests.integration.site_project import build

__all__ = ["published", "site_project"]

SECRET = KeyPair.generate().secret_multibase


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def key_json() -> bytes:
    return json.dumps({"secretKeyMultibase": SECRET}).encode()


def key_jwk() -> bytes:
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes_raw()
    return json.dumps({"kty": "OKP", "crv": "Ed25519", "x": _b64(public),
                       "d": _b64(seed)}, indent=2).encode()


def key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8,
                                                      NoEncryption())


def png_with_text(kind: bytes, text: bytes) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    image = out.getvalue()
    iend = list(iter_chunks(image))[-1].offset
    return image[:iend] + make_chunk(kind, text) + image[iend:]


def plant(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def assert_refused_naming(published: Published, shown: str, what: str) -> None:
    error = published.refused()
    found = problems(error)
    assert shown in found, found
    assert isinstance(found[shown], KeyMaterialError)
    assert f"holds a private key ({what})" in found[shown].message


PLACEMENTS: list[tuple[str, Callable[[], bytes], str]] = [
    # (file under site_src/, its bytes, the form the message names)
    ("tests/key.json", key_json, "secretKeyMultibase"),
    ("js/key.json", key_json, "secretKeyMultibase"),
    ("node_modules/pkg/key.json", key_json, "secretKeyMultibase"),
    ("issuer-key.json.bak", key_json, "secretKeyMultibase"),
    ("issuer.jwk", key_jwk, "JWK"),
    ("deploy/id_ed25519", key_pem, "PEM"),
    ("notes.txt.orig", lambda: f"backup of the key: {SECRET}\n".encode(),
     "Ed25519 secret Multikey"),
    ("images/logo.png", lambda: png_with_text(b"tEXt", b"Comment\x00" + key_json()),
     "secretKeyMultibase"),
    ("images/badge.png",
     lambda: png_with_text(b"zTXt", b"Comment\x00\x00" + zlib.compress(key_jwk())),
     "JWK in a PNG text chunk"),
    ("images/card.png",
     lambda: png_with_text(b"iTXt", b"key\x00\x01\x00\x00\x00" + zlib.compress(key_pem())),
     "PEM in a PNG text chunk"),
]


@pytest.mark.parametrize(("name", "make", "what"), PLACEMENTS,
                         ids=[p[0] for p in PLACEMENTS])
def test_private_key_in_docs_folder_is_not_published(published: Published, name: str,
                                                     make: Callable[[], bytes],
                                                     what: str) -> None:
    plant(published.docs, name, make())
    assert_refused_naming(published, f"site_src/{name}", what)


def test_private_key_behind_symlinked_folder_is_not_published(published: Published) -> None:
    """The link leads to a folder the repository scan leaves out (node_modules/)."""
    plant(published.project.root / "node_modules" / "keys", "signing.json", key_json())
    os.symlink("../node_modules/keys", published.docs / "shared")
    assert_refused_naming(published, "site_src/shared/signing.json", "secretKeyMultibase")


def test_private_key_in_theme_folder_is_not_published(published: Published) -> None:
    """A theme in a folder the repository scan leaves out (node_modules/): the last
    check over every file mkdocs is about to write still finds it."""
    theme = published.project.root / "node_modules" / "brand-theme"
    plant(theme, "main.html", b"{% extends 'base.html' %}\n")
    plant(theme, "extra/secret.txt", key_pem())
    config = published.project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  name: mkdocs\n"
                      "  custom_dir: node_modules/brand-theme\n")
    assert_refused_naming(published, "theme file extra/secret.txt", "PEM")


def test_symlink_out_of_repository_is_not_published(published: Published,
                                                    tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    plant(outside, "hosts.txt", b"127.0.0.1 localhost\n")
    os.symlink(outside, published.docs / "linked")
    error = published.refused()
    found = problems(error)
    assert isinstance(found["site_src/linked/hosts.txt"], ConfigError)
    assert "outside the repository" in found["site_src/linked/hosts.txt"].message


def test_roster_with_emails_in_docs_folder_fails_a_strict_build(
        published: Published, caplog: pytest.LogCaptureFixture) -> None:
    plant(published.docs, "roster.csv", b"name,email\nAda,ada@example.org\n"
                                        b"Grace,grace@example.org\n")
    error = published.refused()
    assert "strict mode" in error.message
    assert "site_src/roster.csv holds e-mail addresses (ada@example.org and 1 more)" \
        in caplog.text


def test_issuer_contact_address_in_docs_is_not_warned_about(published: Published) -> None:
    plant(published.docs, "contact.txt", b"Write to badges@example.org\n")
    build(published.project, published.site_dir)
    assert (published.site_dir / "contact.txt").is_file()


def test_doctor_finds_a_private_key_in_a_docs_subfolder(published: Published) -> None:
    plant(published.docs, "node_modules/pkg/key.json.bak", key_json())
    [finding] = private_keys_in_repository(published.project.root, published.docs)
    assert "site_src/node_modules/pkg/key.json.bak holds a private key" in finding.message


def test_private_key_in_theme_template_is_not_published(published: Published) -> None:
    """A template is not copied but rendered: what it holds lands in every page."""
    theme = published.project.root / "node_modules" / "brand-theme"
    plant(theme, "main.html", b"{% extends 'base.html' %}\n<!-- " + key_pem() + b" -->\n")
    config = published.project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  name: mkdocs\n"
                      "  custom_dir: node_modules/brand-theme\n")
    assert_refused_naming(published, "theme file main.html", "PEM")


def test_shipped_package_and_its_wheel_hold_no_private_key_material() -> None:
    """Every file of the installed package (what the wheel ships, assets and contexts
    included) passes the same scan the build applies to a site: key vocabulary, public keys
    and digests are fine, a secret value is not."""
    package = Path(badgepress.__file__).resolve().parent
    found = {str(p.relative_to(package)): why for p in sorted(package.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts
             and (why := secret_in(p.read_bytes())) is not None}
    assert found == {}
