"""``badgepress endorse``: sign an endorsement, in the endorser's own folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from badgepress.endorsements import ENDORSEMENTS_DIR, Endorser, endorse
from badgepress.fsutil import dump_json, write_atomic
from badgepress.jsonld import bundled_loader


@click.command("endorse")
@click.option("--achievement", "achievement_id", metavar="URL",
              help="The id of the achievement endorsed: its page address, e.g. "
              "https://org.github.io/badges/achievements/python/.")
@click.option("--issuer", "issuer_id", metavar="DID",
              help="Endorse the issuer itself instead: its DID (its profile id).")
@click.option("--comment", required=True, help="What the endorser says (plain text).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the signed endorsement (a .json file).")
@click.option("--endorser", "endorser_dir", type=click.Path(file_okay=False, path_type=Path),
              default=".", show_default=True,
              help="The endorser's folder (the one holding endorser.yml).")
def endorse_cmd(achievement_id: str | None, issuer_id: str | None, comment: str, out: Path,
                endorser_dir: Path) -> None:
    """Sign an Open Badges 3.0 EndorsementCredential about an achievement or an issuer,
    with the endorser's key. Run it in the endorser's folder (made by
    'badgepress init FOLDER --endorser'); the issuer commits the file under
    endorsements/ and its next build verifies and shows it.

    \b
    Example:
      badgepress endorse --achievement https://org.github.io/badges/achievements/python/ \\
          --comment "Matches what we hire for." --out python.json
    """
    if (achievement_id is None) == (issuer_id is None):
        raise click.UsageError("give --achievement URL or --issuer DID (one of them)")
    endorser = Endorser.load(endorser_dir)
    now = datetime.now(UTC).replace(microsecond=0)
    signed = endorse(endorser, achievement_id or issuer_id or "", comment, now,
                     bundled_loader())
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, dump_json(signed))
    click.echo(f"endorsement by {endorser.name} ({endorser.did}) written to {out}")
    click.echo(f"send it to the issuer: they commit it as {ENDORSEMENTS_DIR}/<name>.json")
