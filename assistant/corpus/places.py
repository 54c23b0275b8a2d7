"""Places as a tree: province → city → county, built from the manifest's entries.

Each list sits at its own place: a city-level list (衡水市市场监督管理局) at its city, a county or
district list (文安县) at its county under its city (廊坊市) — or directly under its province when
it has no city (定安县 in 海南省). A place's `files()` are the lists at it and below it, so naming
a province (河北省) covers 文安 and 衡水.

Names: a place answers to its full name and its stem without 省/市/县/区 (when the stem has two
characters or more), and to the manifest aliases that name it (博山区's alias 淄博市 names the
city above it). A bureau's own names (淄博市博山区质量技术监督局, 文安质监局) select that list only.
Text is matched longest name first, so 衡水市 is one match, not also 衡水; a place named together
with one of its ancestors (河北省衡水市) counts once, as the lower one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.corpus.manifest import Bureau

PROVINCE, CITY, COUNTY = "province", "city", "county"
_SUFFIX = re.compile(r"(省|市|县|区)$")
PATH_SEPARATOR = "/"


def stem(name: str) -> str:
    """The name without its 省/市/县/区 suffix, when two characters or more remain; else ""."""
    bare = _SUFFIX.sub("", name)
    return bare if bare != name and len(bare) >= 2 else ""


@dataclass(eq=False)
class Place:
    name: str  # full name: 河北省, 廊坊市, 文安县
    kind: str  # province | city | county
    parent: Place | None = None
    aliases: list[str] = field(default_factory=list)  # other names a person types for it
    own: list[str] = field(default_factory=list)  # files of the lists at this place itself
    below: list[str] = field(default_factory=list)  # files of the lists at it and below it, in manifest order
    children: list[Place] = field(default_factory=list)
    answers_for: bool = False  # a list below it names itself after this place (博山区 as 淄博市)

    @property
    def path(self) -> tuple[str, ...]:
        names, node = [], self
        while node is not None and node.name:
            names.append(node.name)
            node = node.parent
        return tuple(reversed(names))

    @property
    def key(self) -> str:
        """The place's path, as the API and the page's picker send it: 河北省/廊坊市/文安县."""
        return PATH_SEPARATOR.join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def covered(self) -> bool:
        """Its own bureau has a list (or a list below answers to its name): a question about
        this place's bureau can be answered."""
        return bool(self.own) or self.answers_for

    def files(self) -> list[str]:
        """The lists at this place and below it, in manifest order."""
        return list(self.below)

    def ancestors(self) -> list[Place]:
        out, node = [], self.parent
        while node is not None and node.name:
            out.append(node)
            node = node.parent
        return out

    def at_depth(self, depth: int) -> Place:
        """This place's ancestor at `depth` (itself when it is that shallow or shallower)."""
        node = self
        while node.depth > depth:
            node = node.parent
        return node

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def __repr__(self) -> str:
        return f"Place({self.key!r})"


@dataclass
class Match:
    name: str  # the words matched in the text
    start: int
    place: Place  # the place named, or the place of the list whose bureau is named
    file: str = ""  # set when a bureau's own name was matched: that list only

    @property
    def files(self) -> list[str]:
        return [self.file] if self.file else self.place.files()


class PlaceTree:
    def __init__(self, bureaus: list[Bureau]):
        self.root = Place("", "")
        self.order = {b.file: i for i, b in enumerate(bureaus)}
        self.node_of: dict[str, Place] = {}
        self.bureaus = {b.file: b for b in bureaus}
        self._targets: dict[str, list[tuple[Place, str]]] = {}  # name → (place, file or "")
        for b in bureaus:
            self._add(b)
        for node in self.root.walk():
            if node.name:
                for n in dict.fromkeys((node.name, *node.aliases)):
                    self._target(n, node, "")
        place_names = set(self._targets)
        for b in bureaus:
            node = self.node_of[b.file]
            for n in b.names:
                if n not in place_names:  # a place's name selects the place; a bureau's, its list
                    self._target(n, node, b.file)
        self._names = sorted(self._targets, key=len, reverse=True)
        self.known_words = frozenset(self._targets)  # every place and bureau name
        for node in self.root.walk():
            node.below = sorted((f for n in node.walk() for f in n.own), key=self.order.__getitem__)

    def _target(self, name: str, node: Place, file: str) -> None:
        entries = self._targets.setdefault(name, [])
        if (node, file) not in entries:
            entries.append((node, file))

    def _child(self, parent: Place, name: str, kind: str) -> Place:
        for c in parent.children:
            if c.name == name:
                return c
        node = Place(name, kind, parent)
        if stem(name):
            node.aliases.append(stem(name))
        parent.children.append(node)
        return node

    def _add(self, b: Bureau) -> None:
        node = self.root
        if b.province:
            node = self._child(node, b.province, PROVINCE)
        if b.level == "省" and b.province:
            pass  # a provincial bureau's list sits at its province
        elif b.level == "市" or (not b.county and b.city and b.short_name in (b.city, stem(b.city))):
            node = self._child(node, b.city or b.short_name, CITY)
        else:
            if b.city:
                node = self._child(node, b.city, CITY)
            node = self._child(node, b.county or b.short_name, COUNTY)
        node.own.append(b.file)
        self.node_of[b.file] = node
        # an alias that is the name of a place on the list's path names that place (淄博市 for 博山区)
        on_path = [node, *node.ancestors()]
        for alias in b.aliases:
            place = next((p for p in on_path if alias in (p.name, stem(p.name))), None)
            if place is not None and place is not node:
                place.answers_for = True

    # -- reading the tree ------------------------------------------------------------------

    def provinces(self) -> list[Place]:
        return list(self.root.children)

    def places(self) -> list[Place]:
        return [n for n in self.root.walk() if n.name]

    def by_key(self, key: str) -> Place | None:
        node = self.root
        for part in (p.strip() for p in key.split(PATH_SEPARATOR)):
            if not part:
                continue
            node = next((c for c in node.children if part in c.names), None)
            if node is None:
                return None
        return node if node is not self.root else None

    def match(self, text: str) -> list[Match]:
        """The places and bureaus a text names, in the order they stand; longest name first,
        and a place named together with a place below it (河北省衡水市) only as the lower one."""
        taken = [False] * len(text)
        found: list[tuple[int, str]] = []
        for name in self._names:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    found.append((start, name))
                start = text.find(name, start + 1)
        found.sort()
        matches = [Match(name, start, node, file) for start, name in found for node, file in self._targets[name]]
        named = {id(m.place) for m in matches}
        # a name shared by places in two provinces (two 朝阳区) means the one under a place also named
        by_name: dict[str, list[Match]] = {}
        for m in matches:
            by_name.setdefault(m.name, []).append(m)
        kept = []
        for m in matches:
            anchored = [o for o in by_name[m.name] if any(id(a) in named for a in o.place.ancestors())]
            if len(by_name[m.name]) > 1 and anchored and m not in anchored:
                continue
            kept.append(m)
        below = {id(a) for m in kept for a in m.place.ancestors()}
        return [m for m in kept if m.file or id(m.place) not in below]

    def places_named(self, names: list[str]) -> list[Place]:
        """The places the given names (as `match` found them) stand for."""
        return list(dict.fromkeys(place for n in names for place, _ in self._targets.get(n, ())))

    def files_of_places(self, places: list[Place]) -> list[str]:
        files = {f for p in places for f in p.below}
        return sorted(files, key=self.order.__getitem__)

    def files_of(self, matches: list[Match]) -> list[str]:
        files = {f for m in matches for f in m.files}
        return sorted(files, key=self.order.__getitem__)

    def option_label(self, place: Place) -> str:
        """A place's name as a person would answer with it: its full name, with the names of the
        places above it in front when another place has the same name (北京市朝阳区)."""
        if len(self._targets.get(place.name, ())) > 1:
            return "".join(place.path)
        return place.name


@lru_cache(maxsize=8)
def _tree(bureaus: tuple[Bureau, ...]) -> PlaceTree:
    return PlaceTree(list(bureaus))


def place_tree(bureaus: list[Bureau]) -> PlaceTree:
    """The place tree of a manifest (built once per distinct manifest)."""
    return _tree(tuple(bureaus))


def place_names(bureaus: list[Bureau]) -> tuple[str, ...]:
    """Every name of a place or bureau the lists know (常德, 常德市, 湖南省, 常德市质量技术监督局):
    blanked where a question's words are weighed for what it asks, not where."""
    return tuple(sorted({n for b in bureaus for n in (*b.names, b.province, b.city) if n}
                        | {n for p in place_tree(bureaus).places() for n in p.names}))
