"""Regenerate the repository's demo issuer data: the demo key record, PNG versions of
the badge images, ~20 signed demo credentials and their status list.

    .venv/bin/python scripts/regenerate_demo.py

It calls the same library functions as ``badgepress issue``, with a fixed clock and
fixed random seeds, so running it again gives the same files byte for byte.

The demo has a pathway: Data Practitioner stacks Data Literacy and one of Python
Fundamentals or Open Source Contributor. Its batches come last (after the revocation),
so adding them left every earlier credential byte for byte as it was; Ada Lindqvist
holds it, and Chen Wei qualifies (``badgepress pathways --candidates`` lists him).

The demo is deliberately not all-valid: one First Aid certification was issued in
2023 and expired after its 730 days, so ``badgepress verify credentials/`` reports
every credential verified except that one (the site shows how an expired badge looks).

########################################################################################
# WARNING: the key below is the PUBLISHED W3C TEST-VECTOR KEY (Data Integrity EdDSA   #
# test vectors). Anyone can sign with it. It exists here only so the demo can be      #
# regenerated. NEVER use it, or anything signed with it, for real badges.             #
########################################################################################
"""

from __future__ import annotations

import math
import os
import random
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from badgepress.fsutil import write_json_atomic
from badgepress.issue import Issued, issue_batch, project_signer
from badgepress.keystore import SECRET_ENV
from badgepress.lifecycle import revoke
from badgepress.model.achievement import load_achievement
from badgepress.model.recipient import Recipient
from badgepress.project import Project
from badgepress.status.registry import StatusRegistry

# PUBLISHED TEST KEY — see the warning above. Never use it for real badges.
DEMO_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"  # published test key
DEMO_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
KEY_CREATED = "2023-01-02"
ROOT = Path(__file__).resolve().parents[1]


def at(text: str) -> datetime:
    """A fixed moment (UTC)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# One demo badge is revoked, so the site shows a revocation and the status log.
REVOKED_NAME = "Emeka Eze"
REVOKED_AT = at("2025-09-02T08:00:00")
REVOKED_REASON = "Issued in error: the course was not completed."

# (achievement slug, issue time, recipients) — invented people, example.com addresses.
BATCHES: list[tuple[str, datetime, list[Recipient]]] = [
    ("first-aid-certified", at("2023-01-16T09:30:00"), [
        # Issued in 2023 with the achievement's 730 days: expired in January 2025.
        Recipient("Tomás Okafor", "tomas.okafor@example.com"),
    ]),
    ("python-fundamentals", at("2025-03-14T10:00:00"), [
        Recipient("Ada Lindqvist", "ada.lindqvist@example.com",
                  narrative="Final project: a command-line tool that cleans and "
                  "summarises weather-station CSV files (score 94%)."),
        Recipient("Bilal Haddad", "bilal.haddad@example.com"),
        Recipient("Chen Wei", "chen.wei@example.com"),
        Recipient("Dorota Nowak", "Dorota.Nowak@Example.com"),
        Recipient("Emeka Eze", "emeka.eze@example.com"),
        Recipient("Fatima Zahra Benali", None),
    ]),
    ("data-literacy", at("2025-05-20T14:15:00"), [
        Recipient("Grace Mbeki", "grace.mbeki@example.com"),
        Recipient("Hiroshi Tanaka", "hiroshi.tanaka@example.com", expires=date(2026, 12, 31)),
        Recipient("Ingrid Solberg", "ingrid.solberg@example.com"),
        Recipient("Jamal Carter", "jamal.carter@example.com", expires=date(2026, 12, 31)),
        Recipient("Ada Lindqvist", "ada.lindqvist@example.com"),
    ]),
    ("open-source-contributor", at("2025-07-02T16:45:00"), [
        Recipient("Kateryna Bondar", "kateryna.bondar@example.com",
                  evidence="https://github.com/example-academy/weather-tools/pull/42",
                  narrative="Added time-zone aware parsing and its tests."),
        Recipient("Liam O'Connor", "liam.oconnor@example.com",
                  evidence="https://github.com/example-academy/handbook/pull/17"),
        Recipient("Chen Wei", "chen.wei@example.com",
                  evidence="https://github.com/example-academy/weather-tools/pull/51",
                  narrative="Translated the user guide into Simplified Chinese."),
    ]),
    ("first-aid-certified", at("2025-09-10T08:00:00"), [
        Recipient("Maya Goldberg", "maya.goldberg@example.com"),
        Recipient("Nikolai Petrov", "nikolai.petrov@example.com"),
        Recipient("Olivia Santos", "olivia.santos@example.com"),
        Recipient("Priya Raman", "priya.raman@example.com"),
        Recipient("Grace Mbeki", "grace.mbeki@example.com"),
    ]),
]

# Issued after the revocation, in this order, so the earlier credentials stay unchanged.
STACKED_BATCHES: list[tuple[str, datetime, list[Recipient]]] = [
    ("data-literacy", at("2025-10-06T10:00:00"), [
        Recipient("Chen Wei", "chen.wei@example.com"),
    ]),
    ("data-practitioner", at("2025-10-08T09:00:00"), [
        Recipient("Ada Lindqvist", "ada.lindqvist@example.com"),
    ]),
]

# Colours of the PNG badge images (top, bottom) and their labels.
PNG_BADGES = {
    "python-fundamentals": ("#3d7ab8", "#1d3f66", "PYTHON"),
    "data-literacy": ("#2bb39a", "#12665a", "DATA"),
    "open-source-contributor": ("#8e5cd9", "#4a2585", "OPEN SOURCE"),
    "first-aid-certified": ("#e0524c", "#8f1f1b", "FIRST AID"),
    "data-practitioner": ("#d99a2b", "#7a4f0c", "DATA PRACTICE"),
}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def draw_png(path: Path, top: str, bottom: str, label: str) -> None:
    """Draw a shield-shaped badge with a vertical gradient and a label."""
    scale = 2
    width, height = 240 * scale, 280 * scale
    gradient = Image.new("RGBA", (width, height))
    pixels = ImageDraw.Draw(gradient)
    (r1, g1, b1), (r2, g2, b2) = _rgb(top), _rgb(bottom)
    for y in range(height):
        t = y / (height - 1)
        pixels.line([(0, y), (width, y)], fill=(round(r1 + (r2 - r1) * t),
                                                 round(g1 + (g2 - g1) * t),
                                                 round(b1 + (b2 - b1) * t), 255))
    shield = [(120, 8), (212, 42), (212, 122), (200, 170), (170, 205), (120, 236),
              (70, 205), (40, 170), (28, 122), (28, 42)]
    shield = [(x * scale, y * scale) for x, y in shield]
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).polygon(shield, fill=255)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for ribbon in ([(78, 196), (58, 272), (88, 256), (104, 278), (118, 206)],
                   [(162, 196), (182, 272), (152, 256), (136, 278), (122, 206)]):
        draw.polygon([(x * scale, y * scale) for x, y in ribbon], fill=_rgb(bottom))
    image.paste(gradient, (0, 0), mask)
    draw.line(shield + shield[:1], fill=(255, 255, 255, 255), width=6 * scale, joint="curve")
    draw.ellipse([(84 * scale, 64 * scale), (156 * scale, 136 * scale)],
                 outline=(255, 255, 255, 255), width=5 * scale)
    star = [(120 + r * math.sin(math.pi * k / 5), 100 - r * math.cos(math.pi * k / 5))
            for k, r in enumerate([24, 10] * 5)]
    draw.polygon([(x * scale, y * scale) for x, y in star], fill=(255, 255, 255, 255))
    font = ImageFont.load_default(size=(22 if len(label) < 10 else 18) * scale)
    draw.text((120 * scale, 172 * scale), label, anchor="mm", font=font,
              fill=(255, 255, 255, 255))
    image.resize((240, 280), Image.Resampling.LANCZOS).save(path, optimize=True)


def main() -> None:
    """Rewrite the demo key record, images, credentials and status files."""
    os.environ[SECRET_ENV] = DEMO_SECRET_KEY
    project = Project.load(ROOT)
    for old in project.keys_dir.glob("*.json"):
        old.unlink()
    write_json_atomic(project.keys_dir / f"{KEY_CREATED}-{DEMO_PUBLIC_KEY[-8:]}.json",
                      {"publicKeyMultibase": DEMO_PUBLIC_KEY, "status": "active",
                       "created": KEY_CREATED})
    for slug, (top, bottom, label) in PNG_BADGES.items():
        draw_png(project.docs_dir / "images" / f"{slug}.png", top, bottom, label)
    shutil.rmtree(project.credentials_dir, ignore_errors=True)
    shutil.rmtree(project.status_dir, ignore_errors=True)
    signer = project_signer(project)
    tokens = random.Random(20250314)  # noqa: S311 - reproducible demo, not secrets
    status = StatusRegistry.load(project, rng=random.Random(7))  # noqa: S311

    def issue(batches: list[tuple[str, datetime, list[Recipient]]]) -> list[Issued]:
        issued = []
        for slug, now, recipients in batches:
            achievement = load_achievement(project, slug)
            result = issue_batch(project, achievement, recipients, now=now, signer=signer,
                                 rng=tokens.randbytes, status=status, workers=1)
            if result.refused:
                raise SystemExit(f"{slug}: {result.refused[0]}")
            issued += result.issued
            print(f"{slug}: issued {len(result.issued)} on {now:%Y-%m-%d}")
        return issued

    issued = issue(BATCHES)
    revoked = next(item for item in issued if item.recipient.name == REVOKED_NAME)
    revoke(project, str(revoked.path), REVOKED_REASON, REVOKED_AT)
    print(f"revoked {revoked.recipient.name}'s badge: {REVOKED_REASON}")
    issued += issue(STACKED_BATCHES)
    print(f"{len(issued)} demo credentials in {project.relative(project.credentials_dir)}/")


if __name__ == "__main__":
    main()
