"""What every answer writer reads: the records and list texts behind the hits, the bureaus, the
templates and the policy, and one request (the understood question and its ranked hits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.answer.query import Query, Vocabulary
from assistant.answer.templates import Templates
from assistant.answer.types import Answer
from assistant.corpus.manifest import Bureau
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import AccountabilitySection, BoundaryMatter, DutyItem, PenaltyClause, Record, Regime
from assistant.policy import Policy
from assistant.search.lexical import BM25, weighted_overlap
from assistant.search.retrieve import Hit
from assistant.text import similar


@dataclass
class AnswerContext:
    records: dict[str, Record]
    sources: dict[str, SourceText]
    bureaus: dict[str, Bureau]  # by file name
    templates: Templates
    bm25: BM25  # for IDF weights when matching a question against lines
    policy: Policy
    vocab: Vocabulary | None = None  # the everyday words a part of a question is read with

    @cached_property
    def duty_rows(self) -> dict[tuple[str, str, str], list[DutyItem]]:
        """The items of each 主要职责 row, by (source, seq, main_duty)."""
        rows: dict[tuple[str, str, str], list[DutyItem]] = {}
        for r in self.records.values():
            if isinstance(r, DutyItem):
                rows.setdefault((r.source, r.seq, r.main_duty), []).append(r)
        return rows

    @cached_property
    def bureau_names(self) -> tuple[str, ...]:
        """Every name of every bureau: an answer may name whose list it quotes."""
        return tuple({n for b in self.bureaus.values() for n in b.names})

    def relevance(self, text: str, question: str, ignore: str = "", split_particles: bool = False) -> float:
        """How much of the question's (IDF-weighted) wording `text` holds. With `split_particles`
        the question is first cut at its particles (的, 了): choosing among the lines of one
        record, "衡水的直销" must not prefer "…的直销培训员证" for sharing 的直."""
        if split_particles:
            question = self._particles.sub(" ", question)
        return weighted_overlap(self.bm25, text, question, ignore)

    @cached_property
    def _particles(self) -> re.Pattern:
        return re.compile(f"[{re.escape(self.policy.answer.question_particles)}]")

    @cached_property
    def _whole_texts(self) -> dict[str, str]:
        return {}

    def whole_text(self, source: str) -> str:
        """A list's whole text with all whitespace removed (a term broken over lines is found), read
        once per list: the sources of a context do not change."""
        if source not in self._whole_texts:
            src = self.sources.get(source)
            self._whole_texts[source] = "".join("".join(ln.split()) for ln in src.lines) if src else ""
        return self._whole_texts[source]

    @cached_property
    def _by_list(self) -> dict[tuple[type, str], list[Record]]:
        """The records of each kind of each list, in list order, indexed once."""
        out: dict[tuple[type, str], list[Record]] = {}
        for r in sorted(self.records.values(), key=lambda r: r.start_line):
            out.setdefault((type(r), r.source), []).append(r)
        return out

    def matter_at(self, source: str, line: int) -> BoundaryMatter | None:
        """The matter of the table of duties between departments holding this line of a list (None: none)."""
        return next((m for m in self._by_list.get((BoundaryMatter, source), ()) if m.start_line <= line <= m.end_line), None)

    def like_matters_elsewhere(self, matter: BoundaryMatter, min_similarity: float) -> list[BoundaryMatter]:
        """The matters of other lists' tables of duties between departments named like this one, found once
        per matter: with a province's lists the scan is not repeated for every routing answer."""
        key = (matter.id, min_similarity)
        if key not in self._like_matters:
            self._like_matters[key] = [m for (kind, s), ms in self._by_list.items() if kind is BoundaryMatter and s != matter.source
                                       for m in ms if similar(m.matter, matter.matter) >= min_similarity]
        return self._like_matters[key]

    @cached_property
    def _like_matters(self) -> dict[tuple[str, float], list[BoundaryMatter]]:
        return {}

    def has_boundaries(self, source: str) -> bool:
        """The list has a table of duties between departments (职责边界): it says who does what of a matter."""
        return bool(self._by_list.get((BoundaryMatter, source)))

    def accountability_sections(self, source: str) -> list[AccountabilitySection]:
        """The 责任追究机制 sections of a list, in list order."""
        return self._by_list.get((AccountabilitySection, source), [])

    def regime_text(self, source: str, start: int, end: int) -> str:
        """The title and every sub-section of the regime holding these lines ("" when none does)."""
        for r in self._by_list.get((Regime, source), ()):
            if r.start_line <= start and end <= r.end_line:
                return "\n".join([r.regime_title, *(f"{s.heading}\n{s.text}" for s in r.sections)])
        return ""

    def clauses_within(self, source: str, start: int, end: int) -> list[PenaltyClause]:
        """The penalty clauses that start inside these lines of a list (those a citation cites), in list order."""
        return [p for p in self._by_list.get((PenaltyClause, source), ()) if start <= p.start_line <= end]

    def cited_text(self, source: str, start: int, end: int) -> str:
        src = self.sources.get(source)
        return "\n".join(src.span(start, end)) if src else ""


@dataclass
class WriteRequest:
    query: Query  # the understood question (bureau, intent, expanded words, earlier turns)
    hits: list[Hit]  # ranked, already limited to the question's bureaus
    ctx: AnswerContext
    template: Answer | None = None  # the template answer, once written: another writer rewords what it cites
