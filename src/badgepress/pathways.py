"""Pathways: an achievement that stacks others (``requires:`` in its front matter).

``requires: {all: [a, b]}`` needs every listed achievement; ``requires: {any: 2, of: [a,
b, c]}`` needs that many of them. An element of ``all``/``of`` may itself be such a
group, one level deep::

    requires:
      all:
        - data-literacy
        - {any: 1, of: [python-fundamentals, open-source-contributor]}

This module is pure: it parses the tree, evaluates it against the slugs someone holds,
and checks the graph of all achievements (unknown slugs, cycles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from badgepress.errors import ConfigError
from badgepress.planning.names import TOKEN

FIELD = "requires"
MAX_DEPTH = 1
"""How deep a group may sit inside the top one."""
EVIDENCE_GENRE = "Component credential"
"""The ``genre`` of the evidence entries that record a stacked badge's components."""
_Fail = Callable[..., ConfigError]
_EXAMPLE = "e.g. requires: {all: [a, b]} or requires: {any: 2, of: [a, b, c]}"


@dataclass(frozen=True)
class Requirement:
    """A group of requirements: ``need`` of ``items`` (each a slug or a group)."""

    need: int
    items: tuple[str | Requirement, ...]
    every: bool
    """Written as ``all:`` (``need`` is then the number of items)."""

    def slugs(self) -> Iterator[str]:
        """Every slug named in the tree, in order (a slug named twice, twice)."""
        for item in self.items:
            if isinstance(item, Requirement):
                yield from item.slugs()
            else:
                yield item

    def met(self, held: frozenset[str] | set[str]) -> bool:
        """Whether someone holding the achievements ``held`` meets this requirement."""
        return sum(_met(item, held) for item in self.items) >= self.need

    def missing(self, held: frozenset[str] | set[str],
                names: Mapping[str, str]) -> list[str]:
        """What someone holding ``held`` still lacks, in words (empty when met):
        ``"Data Literacy"``, ``"1 more of: A, B"``."""
        if self.met(held):
            return []
        lacking = [item for item in self.items if not _met(item, held)]
        if self.every:
            out: list[str] = []
            for item in lacking:
                out += item.missing(held, names) if isinstance(item, Requirement) \
                    else [names.get(item, item)]
            return out
        short = self.need - (len(self.items) - len(lacking))
        return [f"{short} more of: " + ", ".join(_label(i, names) for i in lacking)]


def _met(item: str | Requirement, held: frozenset[str] | set[str]) -> bool:
    return item.met(held) if isinstance(item, Requirement) else item in held


def _label(item: str | Requirement, names: Mapping[str, str]) -> str:
    if isinstance(item, Requirement):
        inner = ", ".join(_label(i, names) for i in item.items)
        return f"({'all' if item.every else item.need} of {inner})"
    return names.get(item, item)


def component_token(evidence: Any, site_url: str) -> str | None:
    """The badge token of the component credential an evidence entry records — its
    ``genre`` is :data:`EVIDENCE_GENRE` and its ``id`` a badge page of ``site_url``
    (``<site_url>badges/<token>/``) — else ``None``."""
    if not isinstance(evidence, dict) or evidence.get("genre") != EVIDENCE_GENRE:
        return None
    url = evidence.get("id")
    if not isinstance(url, str):
        return None
    prefix = f"{site_url}badges/"
    token = url.removeprefix(prefix).removesuffix("/")
    if url != f"{prefix}{token}/" or not TOKEN.match(token):
        return None
    return token


def parse_requires(value: Any, fail: _Fail) -> Requirement | None:
    """The requirement tree of a ``requires:`` value (``None`` when absent).

    ``fail(field, message, hint)`` makes the error, ``field`` naming the place in the
    front matter (``requires.of[2]``).

    Raises:
        ConfigError: the value is not a group of slugs as described above.
    """
    if value is None:
        return None
    return _group(value, FIELD, 0, fail)


def _group(value: Any, where: str, depth: int, fail: _Fail) -> Requirement:
    if not isinstance(value, dict):
        raise fail(where, f"{where!r} must be a group: all: [...] or any: N, of: [...]",
                   _EXAMPLE)
    keys = set(value)
    if keys == {"all"}:
        items = _items(value["all"], f"{where}.all", depth, fail)
        return Requirement(len(items), items, every=True)
    if keys == {"any", "of"}:
        items = _items(value["of"], f"{where}.of", depth, fail)
        need = value["any"]
        if isinstance(need, bool) or not isinstance(need, int) or need < 1:
            raise fail(f"{where}.any", "'any' must be a whole number above 0", _EXAMPLE)
        if need > len(items):
            raise fail(f"{where}.any", f"'any: {need}' asks for more than the "
                       f"{len(items)} achievement(s) listed in 'of'",
                       "lower 'any' or list more achievements in 'of'")
        return Requirement(need, items, every=False)
    raise fail(where, f"{where!r} must have either 'all' or both 'any' and 'of' (found: "
               f"{', '.join(sorted(map(str, keys))) or 'nothing'})", _EXAMPLE)


def _items(value: Any, where: str, depth: int,
           fail: _Fail) -> tuple[str | Requirement, ...]:
    from badgepress.model.achievement import SLUG  # the one slug rule

    if not isinstance(value, list) or not value:
        raise fail(where, f"{where!r} must be a non-empty list of achievement slugs",
                   _EXAMPLE)
    out: list[str | Requirement] = []
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise fail(at, "requirement groups nest only one level deep",
                           "move the inner group into an achievement of its own and "
                           "require that achievement")
            out.append(_group(item, at, depth + 1, fail))
        elif isinstance(item, str) and SLUG.match(item):
            if item in out:
                raise fail(at, f"{item!r} is listed twice", "list each achievement once")
            out.append(item)
        else:
            raise fail(at, f"{item!r} is not an achievement slug",
                       "use the file name of the achievement without .md, e.g. "
                       "python-fundamentals")
    return tuple(out)


class Stackable(Protocol):
    """What the graph check reads of an achievement."""

    @property
    def slug(self) -> str: ...

    @property
    def requires(self) -> Requirement | None: ...


def check_pathways(achievements: Sequence[Stackable],
                   shown: Callable[[str], str]) -> list[ConfigError]:
    """The problems of the graph of ``achievements``: a required slug that is not an
    achievement, an achievement that requires itself, and cycles (each named once, in
    order, e.g. ``a → b → a``). ``shown(slug)`` is the file to name.
    """
    by_slug = {a.slug: a for a in achievements}
    problems: list[ConfigError] = []
    for achievement in achievements:
        if achievement.requires is None:
            continue
        unknown = [s for s in achievement.requires.slugs() if s not in by_slug]
        if unknown:
            problems.append(ConfigError(
                f"requires {unknown[0]!r}, which is not an achievement", pointer=FIELD,
                path=shown(achievement.slug),
                hint=f"known achievements: {', '.join(sorted(by_slug))}"))
    for cycle in _cycles(by_slug):
        problems.append(ConfigError(
            f"the requirements go round in a circle: {' → '.join(cycle)}", pointer=FIELD,
            path=shown(cycle[0]), hint="an achievement cannot require itself, directly or "
            "through others; remove one of these requirements"))
    return problems


def _cycles(by_slug: Mapping[str, Stackable]) -> list[list[str]]:
    """Each cycle of the graph once, starting at its smallest slug."""
    edges = {slug: sorted({s for s in (a.requires.slugs() if a.requires else ())
                           if s in by_slug}) for slug, a in by_slug.items()}
    found: dict[tuple[str, ...], list[str]] = {}
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(slug: str, path: list[str]) -> None:
        state[slug] = 1
        path.append(slug)
        for target in edges[slug]:
            if state.get(target) == 1:
                loop = path[path.index(target):]
                start = loop.index(min(loop))
                loop = loop[start:] + loop[:start]
                found.setdefault(tuple(loop), [*loop, loop[0]])
            elif target not in state:
                visit(target, path)
        path.pop()
        state[slug] = 2

    for slug in sorted(edges):
        if slug not in state:
            visit(slug, [])
    return [found[key] for key in sorted(found)]


def part_of(achievements: Sequence[Stackable]) -> dict[str, tuple[str, ...]]:
    """For each achievement slug, the stacked achievements that require it (sorted)."""
    out: dict[str, set[str]] = {}
    for achievement in achievements:
        for slug in achievement.requires.slugs() if achievement.requires else ():
            out.setdefault(slug, set()).add(achievement.slug)
    return {slug: tuple(sorted(users)) for slug, users in out.items()}
