"""The pathway diagram: every pathway drawn as one SVG at build time (no script).

Components stand left of what they stack into, one column per level; a group that is not
"all of" the items (``any: 2, of: …``), or sits inside another group, is drawn as a small
node of its own ("2 of 3"). Every text is escaped; each achievement links to its page
(relative to the pathway page, ``pathways/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from badgepress.model.achievement import Achievement
from badgepress.pathways import Requirement

BOX_W, BOX_H, GROUP_W, GROUP_H = 190, 44, 64, 28
GAP_X, GAP_Y, PAD = 70, 18, 10
MAX_LABEL = 24
LINK_PREFIX = "../achievements/"


@dataclass
class _Node:
    key: str
    label: str
    title: str
    level: int
    href: str | None = None
    x: float = 0
    y: float = 0

    @property
    def width(self) -> int:
        return BOX_W if self.href else GROUP_W

    @property
    def height(self) -> int:
        return BOX_H if self.href else GROUP_H


@dataclass
class _Graph:
    by_slug: dict[str, Achievement]
    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    groups: int = 0

    def achievement(self, slug: str) -> str:
        """The node of achievement ``slug`` (placed after what it requires)."""
        if slug in self.nodes:
            return slug
        achievement = self.by_slug[slug]
        level = 0
        sources: list[str] = []
        if achievement.requires is not None:
            sources = self.sources(achievement.requires, top=True)
            level = 1 + max(self.nodes[s].level for s in sources)
        self.nodes[slug] = _Node(slug, _short(achievement.name), achievement.name, level,
                                 f"{LINK_PREFIX}{slug}/")
        self.edges += [(source, slug) for source in sources]
        return slug

    def sources(self, requires: Requirement, top: bool) -> list[str]:
        """The nodes whose edges lead into a requirement: its items when it is a top
        "all of", else one group node."""
        items = [self.sources(i, top=False)[0] if isinstance(i, Requirement)
                 else self.achievement(i) for i in requires.items]
        if top and requires.every:
            return items
        self.groups += 1
        key = f"group-{self.groups}"
        label = f"all {len(items)}" if requires.every else f"{requires.need} of {len(items)}"
        title = f"all {len(items)} of these" if requires.every \
            else f"{requires.need} of these {len(items)}"
        self.nodes[key] = _Node(key, label, title, 1 + max(self.nodes[i].level for i in items))
        self.edges += [(item, key) for item in items]
        return [key]


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1].rstrip() + "…"


def pathway_svg(achievements: Sequence[Achievement]) -> str:
    """The SVG markup of every pathway among ``achievements`` ("" when there is none)."""
    graph = _Graph({a.slug: a for a in achievements})
    for achievement in sorted(achievements, key=lambda a: a.slug):
        if achievement.requires is not None:
            graph.achievement(achievement.slug)
    if not graph.edges:
        return ""
    columns: dict[int, list[_Node]] = {}
    for node in graph.nodes.values():
        columns.setdefault(node.level, []).append(node)
    tallest = max(len(column) for column in columns.values())
    height = PAD * 2 + tallest * (BOX_H + GAP_Y) - GAP_Y
    for index, level in enumerate(sorted(columns)):
        column = columns[level]
        used = len(column) * (BOX_H + GAP_Y) - GAP_Y
        for row, node in enumerate(column):
            node.x = PAD + index * (BOX_W + GAP_X) + (BOX_W - node.width) / 2
            node.y = (height - used) / 2 + row * (BOX_H + GAP_Y) + (BOX_H - node.height) / 2
    width = PAD * 2 + len(columns) * (BOX_W + GAP_X) - GAP_X
    parts = [f'<svg class="bp-pathway-diagram" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height:g}" width="{width}" height="{height:g}" '
             'role="group" aria-labelledby="bp-pathway-diagram-title">',
             '<title id="bp-pathway-diagram-title">Diagram of the pathways: each achievement '
             'leads to the one it is part of (the list says the same)</title>',
             '<defs><marker id="bp-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path class="bp-edge-head" d="M0 0L10 5L0 10z" fill="#555"/></marker></defs>']
    for source_key, target_key in graph.edges:
        source, target = graph.nodes[source_key], graph.nodes[target_key]
        x1, y1 = source.x + source.width, source.y + source.height / 2
        x2, y2 = target.x, target.y + target.height / 2
        middle = (x1 + x2) / 2
        parts.append(f'<path d="M{x1:g} {y1:g}C{middle:g} {y1:g} {middle:g} {y2:g} {x2:g} '
                     f'{y2:g}" class="bp-edge" fill="none" stroke="#555" stroke-width="1.5" '
                     'marker-end="url(#bp-arrow)"/>')
    for node in graph.nodes.values():
        parts.append(_draw(node))
    parts.append("</svg>")
    return "\n".join(parts)


def _draw(node: _Node) -> str:
    box = (f'<rect class="bp-node" x="{node.x:g}" y="{node.y:g}" width="{node.width}" '
           f'height="{node.height}" '
           f'rx="{8 if node.href else 14}" fill="{"#fff" if node.href else "#eef"}" '
           'stroke="#333"/>'
           f'<text class="bp-node-label" x="{node.x + node.width / 2:g}" '
           f'y="{node.y + node.height / 2:g}" '
           'text-anchor="middle" dominant-baseline="central" font-family="sans-serif" '
           f'font-size="{14 if node.href else 12}" fill="#111">{escape(node.label)}</text>')
    inner = f"<title>{escape(node.title)}</title>{box}"
    if node.href is None:
        return f"<g>{inner}</g>"
    return f"<a href={quoteattr(node.href)}>{inner}</a>"
