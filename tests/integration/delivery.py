"""Helpers for the delivery tests: an issuer with a PNG badge, a roster issued into the
outbox, the SMTP settings of the loopback server, and reading a message as an earner."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest

from badgepress.baking import extract_credential
from badgepress.issue import issue_batch
from badgepress.model.achievement import Achievement, load_achievement
from badgepress.model.recipient import Recipient
from badgepress.notify import SmtpSettings
from badgepress.outbox import Outbox, Record, record_batch
from badgepress.project import Project
from badgepress.trust import Trust
from badgepress.verify import check_credential
from badgepress.wallet import DEEP_LINK
from tests.integration.site_project import add_achievement, add_png
from tests.mailserver import PASSWORD, USER, Mailbox, smtp_server

SENDER = Address(display_name="Example Academy", addr_spec="badges@example.org")
SLUG = "python"


@pytest.fixture
def badge(project: Project) -> Achievement:
    """An achievement with an SVG image and the PNG beside it."""
    add_achievement(project, SLUG)
    add_png(project, SLUG)
    return load_achievement(project, SLUG)


@pytest.fixture
def mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
         ) -> Iterator[tuple[Mailbox, SmtpSettings]]:
    """The loopback server (STARTTLS, AUTH) and the settings that reach it; its
    certificate is trusted through ``SSL_CERT_FILE``, as a user would."""
    with smtp_server(tmp_path) as (mailbox, port, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        yield mailbox, SmtpSettings("127.0.0.1", port, "starttls", USER, PASSWORD, timeout=20)


def issue_to(project: Project, achievement: Achievement, count: int, *,
             now: datetime | None = None, **fields: Any) -> list[Record]:
    """Issue to ``count`` learners (``learner<i>@example.com``) and record them."""
    recipients = [Recipient(f"Learner {i}", f"learner{i}@example.com", **fields)
                  for i in range(count)]
    result = issue_batch(project, achievement, recipients,
                         now=now or datetime.now(UTC).replace(microsecond=0))
    return record_batch(project, achievement, result, Outbox.open(project))


def wallet_reads(link: str) -> Any:
    """What the Learner Credential Wallet makes of a deep link: ``query-string`` splits
    the query on ``&`` and decodes the ``request`` value (``+`` as a space), then
    ``JSON.parse(decodeURI(value))`` — ``decodeURI`` changes nothing without a ``%``."""
    prefix = DEEP_LINK + "?request="
    assert link.startswith(prefix)
    query = link[len(prefix):]
    assert "&" not in query and "#" not in query
    value = unquote_plus(query)
    assert "%" not in value
    return json.loads(value)


def check_message(message: EmailMessage, record: Record, project: Project,
                  trust: Trust) -> None:
    """The message an earner receives: their links in both parts, the badge inline,
    and the baked badge attached, holding their credential, which verifies."""
    stored = (project.root / record.credential_file).read_text("utf-8")
    assert message["To"].addresses[0].addr_spec == record.email
    assert message["Message-ID"] == f"<badge.{record.token}@example-academy.github.io>"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    links = [record.page_url, record.linkedin_url, record.page_url + "credential.json",
             "https://example-academy.github.io/badges/verify/"]
    for url in links:
        assert url is not None and url in text and html.escape(url) in page
    deep = re.search(r"dccrequest://\S+", text)
    assert deep is not None and wallet_reads(deep.group()) == {
        "verifiablePresentation": {"@context": ["https://www.w3.org/ns/credentials/v2"],
                                   "type": ["VerifiablePresentation"],
                                   "verifiableCredential": [json.loads(stored)]}}
    assert html.escape(deep.group()) in page
    assert 'src="cid:badge-image"' in page
    inline = [p for p in message.walk() if p["Content-ID"] == "<badge-image>"]
    assert len(inline) == 1 and inline[0].get_content_type() == "image/png"
    attached = list(message.iter_attachments())
    assert [a.get_filename() for a in attached] == [f"{SLUG}-{record.token}.png"]
    baked = attached[0].get_content()
    assert extract_credential(baked) == stored
    assert check_credential(extract_credential(baked).encode(), trust).ok
