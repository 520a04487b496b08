"""Badge and verify pages inside a host theme's page frame.

badgepress renders those pages in its own frame (``base.html``). In a site with a theme
of its own, the plugin renders the theme's ``main.html`` once per page location with
markers where the title, the head and the content go (``frame.html``), and moves
badgepress's parts into it. The page keeps badgepress's Content-Security-Policy, first
in ``<head>``, with the SHA-256 of each inline script and style of the theme's frame
added, so the theme's own scripts run and nothing else does.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

TITLE = "bp-frame-title-6f1d"
"""Stands for the page title in the rendered frame (plain text: themes print it raw)."""
HEAD = "<!--bp-frame-head-->"
BODY = "<!--bp-frame-body-->"

_OPEN_HEAD = re.compile(r"<head\b[^>]*>")
_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""")
_OURS = re.compile(
    r"<head>\n(?P<fixed>.*?)<title>(?P<title>.*?)</title>\n(?P<head>.*?)</head>.*?"
    r'<main id="bp-main">\n(?P<body>.*)\n</main>.*?</footer>(?P<scripts>.*)</body>',
    re.DOTALL)
_KEPT = ('<meta name="referrer"', '<meta name="robots"')
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _hashes(sources: list[str]) -> str:
    return "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                   for s in dict.fromkeys(sources))


def with_policy(html: str, ours: str) -> str:
    """``html`` with ``ours`` as its Content-Security-Policy, first in ``<head>``, allowing
    the inline scripts and styles already in ``html``.

    Raises:
        ValueError: ``html`` has no ``<head>``.
    """
    start = _OPEN_HEAD.search(html)
    if start is None:
        raise ValueError("the theme's page has no <head>")
    csp = f'\n<meta http-equiv="Content-Security-Policy" content="{Frame(html).policy(ours)}">'
    return html[:start.end()] + csp + html[start.end():]


@dataclass(frozen=True)
class Frame:
    """A host theme's page, rendered for one page location, with the three markers."""

    html: str

    def missing(self) -> list[str]:
        """The markers the theme's page lacks (a theme without the usual blocks)."""
        return [name for name, marker in (("extrahead", HEAD), ("content", BODY))
                if marker not in self.html]

    def policy(self, ours: str) -> str:
        """``ours`` (badgepress's policy) allowing this frame's inline scripts and styles
        by their digest, and nothing more."""
        scripts, styles = [], []
        for tag, attributes, text in _INLINE.findall(self.html):
            if tag == "style":
                styles.append(text)
            elif "src=" not in attributes:
                scripts.append(text)
        attributes = [a or b for a, b in _STYLE_ATTRIBUTE.findall(self.html)]
        style_extra = _hashes(styles)
        if attributes:
            style_extra += " 'unsafe-hashes'" + _hashes(attributes)
        return (ours.replace("script-src 'self'", "script-src 'self'" + _hashes(scripts))
                .replace("style-src 'self'", "style-src 'self'" + style_extra))

    def wrap(self, page: bytes) -> bytes:
        """badgepress's own ``page`` moved into this frame.

        Raises:
            ValueError: ``page`` is not a page badgepress's ``base.html`` made (a bug).
        """
        html = page.decode()
        parts, policy = _OURS.search(html), _POLICY.search(html)
        if parts is None or policy is None:
            raise ValueError("not a page rendered from badgepress's base.html")
        kept = "".join(line + "\n" for line in parts["fixed"].splitlines()
                       if line.startswith(_KEPT))  # the theme sets charset and viewport
        head = kept + parts["head"]
        body = f'<div class="bp-scope">\n{parts["body"]}\n</div>{parts["scripts"]}'
        framed = with_policy(self.html.replace(TITLE, parts["title"]), policy[1])
        before, _, rest = framed.partition(HEAD)  # one pass: no content is read as a marker
        middle, _, after = rest.partition(BODY)
        return (before + head + middle + body + after).encode()
