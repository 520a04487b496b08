"""Batch issuing checks the schema once per credential shape, and still catches errors."""

from __future__ import annotations

from typing import Any

import pytest

from badgepress.did.document import method_id
from badgepress.errors import DocumentError
from badgepress.issue import sign_credential
from badgepress.jsonld import bundled_loader
from tests.helpers import ISSUER_DID, SIGNED_AT, published_test_key, unsigned_credential


def sign(document: dict[str, Any], checked: set[Any]) -> dict[str, Any]:
    pair = published_test_key()
    signer = pair.signer(method_id(ISSUER_DID, pair.public.multibase))
    return sign_credential(document, signer, bundled_loader(), SIGNED_AT, checked)


def test_same_shape_other_values_is_checked_once() -> None:
    checked: set[Any] = set()
    sign(unsigned_credential(name="One"), checked)
    sign(unsigned_credential(name="Two"), checked)
    assert len(checked) == 1


def test_constrained_value_change_is_still_validated() -> None:
    checked: set[Any] = set()
    sign(unsigned_credential(), checked)
    bad = unsigned_credential()
    bad["credentialSubject"]["identifier"][0]["identityType"] = "shoeSize"
    with pytest.raises(DocumentError, match="schema"):
        sign(bad, checked)


def test_new_shape_is_validated() -> None:
    checked: set[Any] = set()
    sign(unsigned_credential(), checked)
    bad = unsigned_credential()
    bad["credentialSubject"]["achievement"]["image"] = "https://example.org/badge.png"
    with pytest.raises(DocumentError, match="schema"):
        sign(bad, checked)
