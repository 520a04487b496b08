"""``badgepress bake`` / ``badgepress unbake``: put a credential into a badge image, or
take it out again (Open Badges 3.0 baked PNG and SVG)."""

from __future__ import annotations

from pathlib import Path

import click

from badgepress.baking import bake as bake_image
from badgepress.baking import detect, extract_credential
from badgepress.errors import DocumentError
from badgepress.fsutil import write_atomic

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_OUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def _read_credential(path: Path) -> str:
    """The credential text of a JSON file (a byte order mark is dropped).

    Raises:
        DocumentError: The file is not UTF-8, or does not hold a JSON object.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise DocumentError("the credential is not UTF-8 text", path=path) from None
    if not text.lstrip().startswith("{"):
        raise DocumentError("not a credential: a JSON object is expected", path=path,
                            hint="give the credential's .json file, e.g. credential.json")
    return text


@click.command()
@click.argument("image", type=_FILE)
@click.argument("credential", type=_FILE)
@click.option("-o", "--output", "output", type=_OUT, required=True,
              help="Where to write the baked image (PNG or SVG, as IMAGE).")
def bake(image: Path, credential: Path, output: Path) -> None:
    """Bake CREDENTIAL (a JSON file) into IMAGE (a PNG or SVG badge image).

    The credential is stored inside the image exactly as it is in the file, so the
    image alone proves the badge: 'badgepress verify' and the verify page read it.
    The credential is not checked here; run 'badgepress verify' on the result.

    \b
    Example:
      badgepress bake images/python.png credentials/2gmed2ga6yqw7htje3awrwrmpm.json -o ada.png
      badgepress verify ada.png
    """
    data = image.read_bytes()
    kind = detect(data)
    if kind == "json" or kind == "jwt":
        raise DocumentError(f"IMAGE is {kind.upper()}, not a PNG or SVG image", path=image,
                            hint="the image comes first: badgepress bake IMAGE CREDENTIAL -o OUT")
    try:
        baked = bake_image(data, kind, _read_credential(credential))
    except DocumentError as exc:
        raise exc.at(image) if not exc.path else exc from None
    if output.suffix.lower() not in ("", f".{kind}"):
        click.secho(f"note: the image is {kind.upper()}, but {output.name} says otherwise",
                    fg="yellow", err=True)
    write_atomic(output, baked)
    click.echo(f"baked {credential.name} into {output} ({kind.upper()}, {len(baked)} bytes)")


@click.command()
@click.argument("image", type=_FILE)
@click.option("-o", "--output", "output", type=_OUT,
              help="Write the credential to this file (default: print it).")
def unbake(image: Path, output: Path | None) -> None:
    """Take the credential out of a baked PNG or SVG badge IMAGE.

    The credential comes out byte for byte as it was baked in. Nothing is verified
    here; run 'badgepress verify IMAGE' to check it.

    \b
    Example:
      badgepress unbake badge.png -o credential.json
      badgepress unbake badge.svg
    """
    text = extract_credential(image.read_bytes(), path=str(image))
    if output is None:
        stream = click.get_binary_stream("stdout")
        stream.write(text.encode("utf-8"))
        stream.flush()
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote the credential from {image.name} to {output}", err=True)


COMMANDS = (bake, unbake)
