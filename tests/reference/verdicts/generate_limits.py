"""Write the verdict-table cases for input loading and resource limits (issue 12, classes
6, 7, 9): byte order mark, duplicate keys, deep nesting, unsafe numbers, unpaired
surrogates, an object in ``type`` and a gzip-bomb status list.

Deterministic: the published W3C test key signs with a fixed date, so a re-run writes the
same bytes (a test checks this). Run: ``python -m tests.reference.verdicts.generate_limits``.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

from badgepress.status.bitstring import MAX_DECODED_BYTES
from tests.helpers import (
    ISSUER_DID,
    did_document,
    published_test_key,
    signed_credential,
    unsigned_credential,
)

CASES = Path(__file__).parent / "cases"
NOW = "2026-06-01T00:00:00Z"
STATUS_URL = "https://example-academy.github.io/badges/status/1.json"
DEEP = 10_000
"""Far past the 64-level limit and past Python's default recursion limit."""


def case(description: str, verdict: str, check: str | None, state: str | None,
         **content: Any) -> dict[str, Any]:
    """One case in the table's format, trusting the test issuer's DID document."""
    return {
        "description": description,
        "expected": {"verdict": verdict, "check": check, "state": state},
        "now": NOW,
        **content,
        "didDocuments": {ISSUER_DID: did_document()},
    }


def text_case(description: str, text: str) -> dict[str, Any]:
    """A case whose exact input text the loaders must refuse (format fails)."""
    return case(description, "not-verified", "format", "fail", credentialText=text)


def status_list(encoded_list: str) -> dict[str, Any]:
    """A status list credential at ``STATUS_URL``, signed by the test issuer."""
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ISSUER_DID,
        "validFrom": "2026-01-02T03:04:05Z",
        "credentialSubject": {"id": f"{STATUS_URL}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": encoded_list},
    }
    return signed_credential(document, key=published_test_key())


def gzip_bomb(size: int) -> str:
    """``encodedList`` of ``size`` zero bytes: a few KiB that inflate to ``size``."""
    packed = gzip.compress(bytes(size), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def with_status() -> dict[str, Any]:
    """The test credential with a revocation entry in the list at ``STATUS_URL``."""
    return signed_credential(unsigned_credential(credentialStatus={
        "id": f"{STATUS_URL}#5", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "5",
        "statusListCredential": STATUS_URL,
    }))


def build() -> dict[str, dict[str, Any]]:
    """Every case, by file name (without ``.json``)."""
    signed = json.dumps(signed_credential(), indent=2)
    body = signed.removeprefix("{")
    deep = "[" * DEEP + "]" * DEEP
    name = '"name": "Python Fundamentals",'
    return {
        "bom-before-credential": case(
            "a genuine credential saved with a UTF-8 byte order mark: the mark is ignored "
            "(RFC 8259 allows it; the signature covers the graph, not the bytes)",
            "verified", None, None, credentialText="\ufeff" + signed),
        "duplicate-key-name": text_case(
            "the credential's name appears twice; parsers disagree on which one counts "
            "(Python and JS take the last), so the text is refused",
            "{" + body.replace(name, '"name": "Brain Surgery", ' + name, 1)),
        "duplicate-key-nested": text_case(
            "a key twice in a nested object (the achievement's criteria) is refused too",
            "{" + body.replace('"narrative": "Passed the final project."',
                               '"narrative": "Paid.", "narrative": "Passed the final project."',
                               1)),
        "deep-nesting": text_case(
            f"an extra member nested {DEEP:,} levels deep: refused before parsing "
            "(never a RecursionError)", '{"deep": ' + deep + ", " + body),
        "unsafe-integer": text_case(
            "an integer beyond 2**53 - 1, which JavaScript cannot hold exactly",
            '{"creditsEarned": 9007199254740993, ' + body),
        "overflowing-number": text_case(
            "1e400 is infinity for JavaScript and Python alike: refused",
            '{"creditsEarned": 1e400, ' + body),
        "unpaired-surrogate": text_case(
            "a name holding an unpaired UTF-16 surrogate (not Unicode text) is refused",
            "{" + body.replace(name, '"name": "Python \\ud800 Fundamentals",', 1)),
        "object-in-type": case(
            "an object inside the credential's type (a TypeError in Python before): format "
            "fails, since type holds only text",
            "not-verified", "format", "fail",
            credential={**signed_credential(),
                        "type": ["VerifiableCredential", "OpenBadgeCredential", {}]}),
        "gzip-bomb-status-list": case(
            "the issuer's signed status list inflates past 16 MiB: inflation stops there and "
            "the status cannot be checked (a warning, the signature still holds)",
            "warning", "status", "warn", credential=with_status(),
            resources={STATUS_URL: status_list(gzip_bomb(MAX_DECODED_BYTES + 1))}),
    }


def render(content: dict[str, Any]) -> str:
    """The bytes of one case file."""
    return json.dumps(content, indent=2, ensure_ascii=True) + "\n"


def main() -> None:
    """Write every case into ``cases/``."""
    CASES.mkdir(exist_ok=True)
    for name, content in build().items():
        (CASES / f"{name}.json").write_text(render(content), encoding="utf-8")


if __name__ == "__main__":
    main()
