"""The last line of defence: every file mkdocs is about to publish, checked before any
is written — generated, copied from the docs folder or from the theme, whatever its
name, suffix or origin — and every theme template pages are rendered from (the rule
itself is :mod:`badgepress.publishable`)."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files

from badgepress.errors import BadgeError, ConfigError
from badgepress.publishable import email_addresses, leaves, private_key_in_file, secret_in


@dataclass
class Verdict:
    """What the check found: files that must not be published, and warnings."""

    refused: list[BadgeError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _shown(file: File, docs_dir: str, docs_name: str) -> str:
    if file.generated_by is not None or file.abs_src_path is None:
        return f"{file.dest_uri} (generated)"
    if file.src_dir == docs_dir:
        return f"{docs_name}/{file.src_uri}"
    return f"theme file {file.src_uri}"


def check_files(files: Files, *, docs_dir: str, root: Path, shown_docs: str,
                already_checked: Collection[str] = (),
                public_emails: Collection[str] = ()) -> Verdict:
    """Check every file in ``files``; ``already_checked`` are site paths of files kept
    byte for byte from the previous build (checked when they were first published).

    ``shown_docs`` is the docs folder as named in messages; e-mail addresses in
    ``public_emails`` (the issuer's own) are not warned about.
    """
    verdict = Verdict()
    for file in files:
        if file.src_uri in already_checked:
            continue
        shown = _shown(file, docs_dir, shown_docs)
        from_docs = file.generated_by is None and file.src_dir == docs_dir
        if from_docs and file.abs_src_path and leaves(Path(file.abs_src_path), root):
            verdict.refused.append(ConfigError(
                "a symbolic link to a file outside the repository; refusing to publish it",
                path=shown, hint="copy the file into the repository, or remove the link"))
            continue
        try:
            data = file.content_bytes
        except OSError as exc:
            verdict.refused.append(BadgeError(f"cannot read the file: {exc.strerror}",
                                              path=shown))
            continue
        what = secret_in(data)
        if what is not None:
            verdict.refused.append(private_key_in_file(shown, what))
        elif from_docs and not file.is_documentation_page():
            addresses = [a for a in email_addresses(data) if a not in public_emails]
            if addresses:
                more = f" and {len(addresses) - 1} more" if len(addresses) > 1 else ""
                verdict.warnings.append(
                    f"{shown} holds e-mail addresses ({addresses[0]}{more}) and is published "
                    f"as it is; move it out of {shown_docs}/ unless it is meant to be public")
    return verdict


def check_templates(theme_dirs: Iterable[str], verdict: Verdict) -> None:
    """Add to ``verdict`` every theme template (or other theme file) holding a private
    key: what a template holds ends up in the pages rendered from it."""
    for theme_dir in theme_dirs:
        for folder, _, names in os.walk(theme_dir):
            for name in names:
                path = Path(folder, name)
                try:
                    what = secret_in(path.read_bytes())
                except OSError:
                    continue
                if what is not None:
                    shown = f"theme file {path.relative_to(theme_dir).as_posix()}"
                    if all(e.path != shown for e in verdict.refused):
                        verdict.refused.append(private_key_in_file(shown, what))
