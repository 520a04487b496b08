"""May this file be published? One answer for the build and for ``badgepress doctor``.

A credential file is published as the badge its name gives: ``credentials/<token>.json``
becomes ``badges/<token>/``, so the name must be a badge token (``credential_token``)
and the credential's id must be that page (``misplaced``); a renamed file is refused.

A file may not be published when it holds private key material in any form we can
recognise, whatever its name, suffix or folder: a ``secretKeyMultibase`` /
``privateKeyMultibase`` value, a bare Ed25519 secret Multikey (``z3u2…``), a private JWK
(``"d"`` beside ``"kty"``), a PEM or OpenSSH private key, or any of these inside a
PNG text chunk (also compressed ``zTXt``/``iTXt``). The build runs this over every file
it is about to write (``private_key_in_file``); ``doctor`` and the early check of a build
over the repository tree (``private_keys_in_tree``).

The one exception is a key whose private half is itself published (the W3C and 1EdTech
test vectors, ``PUBLISHED_TEST_KEYS``): nothing secret can leak from it, and
demos and tests carry it on purpose (``doctor`` warns when such a key signs).

A file copied verbatim from the docs folder that holds e-mail addresses (a roster left
there) may be published, but is worth a warning (``email_addresses``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from badgepress.baking.png import PNG_SIGNATURE, Chunk, iter_chunks
from badgepress.crypto.keys import KeyPair
from badgepress.crypto.multibase import ED25519_SECRET_HEADER, b58decode
from badgepress.errors import DocumentError, KeyMaterialError
from badgepress.planning.names import TOKEN, check_name

PUBLISHED_TEST_KEYS = frozenset({
    "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",  # W3C vc-di-eddsa test vectors
    "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",  # 1EdTech OB 3.0 test vectors
    "z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw",  # RFC 8032 §7.1 TEST 1 (demo endorser)
})
"""Public keys whose private half is published in a standard's test vectors."""
PUBLISHED_TEST_SECRETS = frozenset({
    "25279006b89aaceec7409b47dd3589a6436682eb51d9519aa848525d380ac60c",  # W3C vc-di-ecdsa, P-256
    "a8161b848ce55a85b96a941010da619dfbb295068500ddfd511de2a8eead57cd",  # W3C vc-di-ecdsa, P-384
    "d038d2c0c2a9587ad40e3304ae9cbf24f875734d679ef1f889537d0449fbfcf4",  # ecdsa-sd-2023 proof key
    "0f007385b6f9d4b7eeb2748605afe1a984a0a3bfa3f014d09e2a784ce9e5cd1a",  # placeholder JWK "d"
})
"""SHA-256 of secret key values that are public anyway: the ECDSA keys of the W3C test
vectors and the placeholder of a verdict case (Ed25519 keys are matched by their public
half). Only digests are kept, so this module holds no key material."""

_B58 = "1-9A-HJ-NP-Za-km-z"
_SECRET = re.compile(
    rb'"(?:secret|private)KeyMultibase"\s*:\s*"(?P<multibase>z[' + _B58.encode() + rb"]*)"
    rb"|(?P<pem>-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)"
    rb'|(?P<jwk>"d"\s*:\s*"[A-Za-z0-9_-]{40,}={0,2}")'
    # A bare Ed25519 secret Multikey: 0x8026 + 32 bytes ("z3u2…", 48 characters) or
    # + 64 bytes ("zru…"/"zrv…", 91 characters); confirmed by decoding.
    rb"|(?<![" + _B58.encode() + rb"])(?P<bare>z(?:3u2[" + _B58.encode() + rb"]{44}"
    rb"|r[uv][" + _B58.encode() + rb"]{88}))(?![" + _B58.encode() + rb"])"
)
_WHAT = {"multibase": "secretKeyMultibase", "pem": "PEM",
         "jwk": "JWK", "bare": "Ed25519 secret Multikey"}
_MARKERS = (b"KeyMultibase", b"PRIVATE KEY-----", b'"d"', b"z3u2", b"zru", b"zrv")
"""Substrings one of which every match of ``_SECRET`` contains."""
_EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_MAX_INFLATED = 16 * 1024 * 1024
_TOOL_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache",
                        ".ruff_cache", ".pytest_cache", ".badgepress-cache", "site"})
"""Folders a tree scan leaves out (third-party code, caches, the built site) — except
inside the docs folder, where every file is published."""


CREDENTIAL_SUFFIX = ".json"
"""The files of the credentials folder that are credentials; other files there are
never published (but are scanned for private keys like any file in the tree)."""


def credential_token(path: Path, shown: str) -> str:
    """The badge token a credential file is published under: its name without ``.json``.

    Raises:
        ConfigError: the name could not be part of a web address.
    """
    return check_name(path.stem, TOKEN, "badge token (file name)", shown)


def credential_files(folder: Path) -> list[Path]:
    """The files in the credentials folder the build reads and publishes as credentials
    (``.json`` files named by a badge token), by name; it checks their bytes itself."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [folder / entry.name for entry in entries if entry.name.endswith(CREDENTIAL_SUFFIX)
            and TOKEN.match(entry.name[:-len(CREDENTIAL_SUFFIX)]) is not None
            and entry.is_file()]


def misplaced(token: str, credential_id: object, issuer_id: object, *, site_url: str,
              did: str, shown: str) -> DocumentError | None:
    """Why the credential in ``credentials/<token>.json`` may not be published on this
    site (its id is not the badge page its file name gives, or another issuer issued it),
    or ``None``."""
    expected = f"{site_url}badges/{token}/"
    if credential_id != expected:
        return DocumentError(f"the credential id must be {expected} (the file name is its "
                             "badge token)", path=shown, pointer="/id",
                             hint="do not rename credential files; re-issue instead")
    if issuer_id != did:
        return DocumentError(f"issued by {issuer_id}, not by this site's issuer {did}",
                             path=shown, pointer="/issuer/id",
                             hint="only credentials signed by this issuer are published here")
    return None


def _is_secret_multikey(token: bytes) -> bool:
    try:
        raw = b58decode(token[1:].decode("ascii"))
    except ValueError:
        return False
    return raw[:2] == ED25519_SECRET_HEADER and len(raw) in (34, 66)


def _published_secret(value: bytes) -> bool:
    """Whether a secret value is one a standard's test vectors publish."""
    return hashlib.sha256(value).hexdigest() in PUBLISHED_TEST_SECRETS


def _is_published(token: bytes) -> bool:
    """Whether a secret Multikey belongs to a key whose private half is public."""
    if _published_secret(token):
        return True
    try:
        return KeyPair.from_secret_multibase(token.decode("ascii")).public.multibase \
            in PUBLISHED_TEST_KEYS
    except (KeyMaterialError, ValueError):
        return False


def _jwk_secret(member: bytes) -> bytes:
    """The value of a JWK's ``"d": "…"`` member."""
    return member.rsplit(b'"', 2)[1]


def _secret_in_text(data: bytes) -> str | None:
    if not any(marker in data for marker in _MARKERS):  # fast path: most files
        return None
    for match in _SECRET.finditer(data):
        kind = match.lastgroup or ""
        if kind == "jwk" and (b'"kty"' not in data or _published_secret(
                _jwk_secret(match.group(kind)))):
            continue
        if kind == "bare" and not _is_secret_multikey(match.group(kind)):
            continue
        if kind in ("bare", "multibase") and _is_published(match.group(kind)):
            continue
        return _WHAT[kind]
    return None


def _png_texts(data: bytes) -> Iterator[bytes]:
    """The inflated text of every compressed PNG text chunk (a bad PNG yields nothing
    more: its raw bytes are scanned anyway)."""
    try:
        chunks: list[Chunk] = list(iter_chunks(data))
    except DocumentError:
        return
    for chunk in chunks:
        rest = chunk.data.partition(b"\x00")[2]
        if chunk.type == b"zTXt":
            packed = rest[1:]
        elif chunk.type == b"iTXt" and rest[:1] == b"\x01":
            packed = rest[2:].split(b"\x00", 2)[-1]
        else:
            continue
        try:
            yield zlib.decompressobj().decompress(packed, _MAX_INFLATED)
        except zlib.error:
            continue


def secret_in(data: bytes) -> str | None:
    """In what form ``data`` holds a private key (``"PEM"``, ``"JWK in a PNG text chunk"``…),
    or ``None``."""
    found = _secret_in_text(data)
    if found is None and data.startswith(PNG_SIGNATURE):
        for text in _png_texts(data):
            inner = _secret_in_text(text)
            if inner is not None:
                return f"{inner} in a PNG text chunk"
    return found


def email_addresses(data: bytes) -> list[str]:
    """The distinct e-mail addresses written in ``data``, in order of appearance."""
    return list(dict.fromkeys(m.group().decode("ascii") for m in _EMAIL.finditer(data)))


def private_key_in_file(path: str | Path, what: str) -> KeyMaterialError:
    """The error for private key material (``what``) found in ``path``."""
    return KeyMaterialError(
        f"this file holds a private key ({what}); refusing to publish or continue",
        path=path,
        hint="move it out of the repository (never commit it) and rotate the key",
    )


def _real_paths(paths: Iterable[Path]) -> set[str]:
    """Where each of ``paths`` really is (through symlinks), resolving each folder once."""
    folders: dict[str, str] = {}
    out = set()
    for path in paths:
        name = os.fspath(path)
        parent, base = os.path.split(name)
        try:
            linked = stat.S_ISLNK(os.lstat(name).st_mode)
        except OSError:
            continue
        if linked or base in ("", ".", ".."):
            out.add(os.path.realpath(name))
        else:
            if parent not in folders:
                folders[parent] = os.path.realpath(parent or ".")
            out.add(os.path.join(folders[parent], base))
    return out


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, docs: str | None, skip: set[str]) -> Iterator[Path]:
    """Every regular file under ``root``, following symlinks that stay inside it; where
    a file really is is worked out from its folder's real path unless it is a symlink."""
    real_root = os.path.realpath(root)
    seen: set[str] = set()
    stack = [(os.fspath(root), False)]
    while stack:
        folder, in_docs = stack.pop()
        real = os.path.realpath(folder)
        in_docs = in_docs or real == docs
        if real in seen or real in skip or not _inside(real, real_root):
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if in_docs or entry.name not in _TOOL_DIRS:
                        stack.append((entry.path, in_docs))
                elif entry.is_file():
                    real_file = os.path.realpath(entry.path) if entry.is_symlink() \
                        else os.path.join(real, entry.name)
                    if _inside(real_file, real_root) and real_file not in skip:
                        yield Path(entry.path)
            except OSError:
                continue


def private_keys_in_tree(root: Path, *, docs: Path | None = None,
                         skip: Iterable[Path] = ()) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, what)`` for every file under ``root`` that holds private key
    material, whatever its name or suffix, following symlinks that stay inside ``root``.
    Tool folders (``.git``, ``node_modules``, caches, ``site``) are left out except
    inside ``docs``; folders and files in ``skip`` are left to callers that read and
    check them anyway."""
    skipped = _real_paths(skip)
    for path in _walk(root, os.path.realpath(docs) if docs is not None else None, skipped):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        what = secret_in(data)
        if what is not None:
            yield path, what


def refuse_private_keys(root: Path, *, docs: Path | None = None,
                        skip: Iterable[Path] = ()) -> None:
    """Stop when a private key lies in the project tree (outside ``skip``).

    Raises:
        KeyMaterialError: naming the first such file, relative to ``root``.
    """
    for path, what in private_keys_in_tree(root, docs=docs, skip=skip):
        raise private_key_in_file(path.relative_to(root), what)


def leaves(path: Path, root: Path) -> bool:
    """Whether ``path`` (followed through every symlink) lies outside ``root``."""
    return not path.resolve().is_relative_to(root.resolve())
