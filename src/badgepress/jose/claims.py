"""The JWT claims of a VC-JWT against the credential they secure (OB 3.0 §8.2.4.2).

``iss`` represents ``issuer.id``, ``jti`` the ``id``, ``sub`` the ``credentialSubject.id``;
a claim that is present but says otherwise makes the token ambiguous, so it is refused
naming both fields. ``nbf`` and ``exp`` (NumericDate, seconds since the epoch) bound the
validity together with the credential's own dates: the later start and the earlier end count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from badgepress.errors import DocumentError
from badgepress.model.document import Envelope

PAYLOAD = "jwt:payload"
"""Where errors about a JWT claim point (in the vc+jwt form, the payload's top level)."""
_BOUND_CLAIMS = (("iss", "issuer", "issuer id"), ("jti", "id", "id"),
                 ("sub", "credentialSubject", "credentialSubject id"))


@dataclass(frozen=True)
class Bound:
    """One date bound a JWT claim sets: ``nbf`` (not valid before) or ``exp`` (after)."""

    claim: str
    when: datetime

    @property
    def pointer(self) -> str:
        """Where the claim is."""
        return f"{PAYLOAD}/{self.claim}"


def check_claims(envelope: Envelope, credential: dict[str, Any]) -> None:
    """Refuse claims that contradict the credential, and claims of the wrong type.

    Raises:
        DocumentError: naming the claim and the credential field it contradicts.
    """
    for claim, field, label in _BOUND_CLAIMS:
        if claim not in envelope.claims:
            continue
        value = envelope.claims[claim]
        node = credential.get(field)
        own = node.get("id") if isinstance(node, dict) and field != "id" else node
        if field == "credentialSubject" and not isinstance(node, dict):
            own = None
        if value != own:
            pointer = f"/{field}/id" if isinstance(node, dict) and field != "id" else f"/{field}"
            raise DocumentError(
                f"the JWT claim {claim} ({value!r}) differs from the credential's {label} "
                f"({own!r})", pointer=pointer,
                hint=f"{claim} must be the credential's {label} (OB 3.0 §8.2.4.2)")
    date_bounds(envelope)


def date_bounds(envelope: Envelope) -> tuple[Bound | None, Bound | None]:
    """The ``nbf`` and ``exp`` claims as dates (``None`` where absent).

    Raises:
        DocumentError: a claim that is not a NumericDate.
    """
    found: list[Bound | None] = []
    for claim in ("nbf", "exp"):
        value = envelope.claims.get(claim)
        if value is None:
            found.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DocumentError(f"the JWT claim {claim} must be a NumericDate (seconds since "
                                f"1970), not {value!r}", pointer=f"{PAYLOAD}/{claim}")
        try:
            found.append(Bound(claim, datetime.fromtimestamp(value, UTC)))
        except (OverflowError, OSError, ValueError):
            raise DocumentError(f"the JWT claim {claim} ({value}) is not a usable date",
                                pointer=f"{PAYLOAD}/{claim}") from None
    return found[0], found[1]
