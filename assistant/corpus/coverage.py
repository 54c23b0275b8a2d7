"""How much of a list ended up in records: per file and section, the non-empty table cells and
text lines that went into typed records, into generic records, and into nothing.

Header rows and section headings are structure, not content, and are not counted. The answer
stage asks `Corpus.unreadable_sections(source)` before saying that a list gives no phone, fine or
department: where part of a list was not read, it must say so instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TYPED, GENERIC, DROPPED = "typed", "generic", "dropped"


@dataclass
class SectionCoverage:
    section: str  # the section heading as written ("（前言）" for text before the first heading)
    kind: str  # duty | boundary | regimes | services | accountability | other
    typed: int = 0
    generic: int = 0
    dropped: int = 0
    dropped_at: list[str] = field(default_factory=list)  # locators of what was not read

    @property
    def total(self) -> int:
        return self.typed + self.generic + self.dropped

    def share(self, what: str) -> float:
        return getattr(self, what) / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {
            "section": self.section, "kind": self.kind, "typed": self.typed, "generic": self.generic,
            "dropped": self.dropped, "total": self.total, "dropped_at": self.dropped_at[:20],
        }


@dataclass
class Coverage:
    source: str
    sections: list[SectionCoverage] = field(default_factory=list)
    unit: str = "cells and lines"

    def totals(self) -> SectionCoverage:
        t = SectionCoverage("（全部）", "all")
        for s in self.sections:
            t.typed, t.generic, t.dropped = t.typed + s.typed, t.generic + s.generic, t.dropped + s.dropped
            t.dropped_at += s.dropped_at
        return t

    def to_dict(self) -> dict:
        return {"source": self.source, "unit": self.unit, "total": self.totals().to_dict(),
                "sections": [s.to_dict() for s in self.sections]}


class Tracker:
    """Counts content units (cells, paragraphs) per section and what became of each."""

    def __init__(self, source: str):
        self.coverage = Coverage(source)
        self._units: dict[int, tuple[SectionCoverage, str, str]] = {}  # id → (section, state, locator)
        self._keep: list[object] = []

    def section(self, heading: str, kind: str) -> SectionCoverage:
        sec = SectionCoverage(heading, kind)
        self.coverage.sections.append(sec)
        return sec

    def add(self, sec: SectionCoverage, unit: object, locator: str) -> None:
        if id(unit) not in self._units:
            self._keep.append(unit)
            self._units[id(unit)] = (sec, DROPPED, locator)

    def mark(self, unit: object, state: str) -> None:
        entry = self._units.get(id(unit))
        if entry and entry[1] != TYPED:  # typed wins over generic
            self._units[id(unit)] = (entry[0], state, entry[2])

    def finish(self) -> Coverage:
        for sec, state, locator in self._units.values():
            setattr(sec, state, getattr(sec, state) + 1)
            if state == DROPPED:
                sec.dropped_at.append(locator)
        self.coverage.sections = [s for s in self.coverage.sections if s.total]
        return self.coverage
