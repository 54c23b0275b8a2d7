"""What every composer of the template writer shares: the answer lines with their citation
markers, and small helpers on list text and the question (shortening a cell, sentences, whether the legal
basis is asked)."""

from __future__ import annotations

import re

from assistant.answer.context import AnswerContext
from assistant.answer.query import Query
from assistant.answer.types import CitationList
from assistant.corpus.records import Record
from assistant.search.retrieve import Hit

_SENTENCE = re.compile(r"[^。；;]+[。；;]?")
_FULL_SENTENCE = re.compile(r"[^。]+。?")


def brief(text: str, limit: int) -> str:
    """A long cell (a quoted statute) shortened at a punctuation mark, so no number is cut."""
    text = text.replace("\n", " ")
    if len(text) <= limit:
        return text
    cut = max(text.rfind(p, 0, limit) for p in "。；;，,）)》 ")
    return (text[: cut + 1] if cut > 0 else text[:limit]).rstrip() + "……"


def hits_of(hits: list[Hit], chunk_kind: str) -> list[Hit]:
    return [h for h in hits if h.chunk.kind == chunk_kind]


def clauses(line: str) -> list[str]:
    """A line cut at 。 and ；: the finest units a sentence choice works on."""
    return [m.group(0).strip() for m in _SENTENCE.finditer(line.strip()) if m.group(0).strip()]


def sentences(line: str, longest: int) -> list[str]:
    """A line cut into sentences at 。; a sentence longer than `longest` is cut at ； as well, so
    that "复查仍不合格的，暂停…；情节严重的，吊销…。" stays whole while a long paragraph does not."""
    out = []
    for m in _FULL_SENTENCE.finditer(line.strip()):
        s = m.group(0).strip()
        if s:
            out.extend(clauses(s) if len(s) > longest else [s])
    return out


class AnswerLines:
    """Collects answer lines, with their citation markers, and the citations."""

    def __init__(self, ctx: AnswerContext):
        self.ctx = ctx
        self.t = ctx.templates
        self.p = ctx.policy.answer
        self.cites = CitationList(ctx.sources)
        self.lines: list[str] = []
        self.files: list[str] = []

    def cite(self, record: Record, start: int, end: int, section: str | None = None) -> str:
        if record.source not in self.files:
            self.files.append(record.source)
        return self.cites.cite(record.source, start, end, record.bureau, section or " > ".join(record.section_path))

    def add(self, group: str, key: str, cite: str = "", **values) -> None:
        """A line from a template, with its citation marker."""
        self.lines.append(self.t.get(group, key, cite=cite, **values))

    def add_first(self, group: str, key: str, cite: str = "", **values) -> None:
        """A line from a template put before the others: the fact asked for when a later part holds it."""
        self.lines.insert(0, self.t.get(group, key, cite=cite, **values))

    @property
    def first_bureau(self) -> str:
        """The bureau of the first list cited ("" before any citation)."""
        return self.ctx.bureaus[self.files[0]].bureau if self.files else ""

    def not_stated_first(self, measure: str) -> None:
        """The first line is not what was asked: a line saying the list does not state `measure`
        goes first, and the former first line follows as what the list does say."""
        self.lines.insert(0, self.t.get("regime", "not_stated", bureau=self.first_bureau, measure=measure))
        self.lines[1] = self.t.get("regime", "related", text=self.lines[1])

    def append_to_last(self, text: str) -> None:
        self.lines[-1] += text

    def short(self, record: Record) -> str:
        return self.ctx.bureaus[record.source].short_name

    def match(self, text: str, query: Query, ignore: str = "", split_particles: bool = False) -> float:
        """How well `text` matches this turn's words; earlier turns of a follow-up count a third."""
        score = self.ctx.relevance(text, query.focus_text, ignore, split_particles)
        if query.focus and query.focus != query.search_text:
            score += self.p.context_weight * self.ctx.relevance(text, query.search_text, ignore, split_particles)
        return score

    def topic_match(self, text: str, query: Query, ignore: str = "") -> float:
        """How well `text` matches either this turn alone or the whole conversation."""
        return max(self.ctx.relevance(text, query.focus_text, ignore), self.ctx.relevance(text, query.search_text, ignore))


def add_basis(w: AnswerLines, query: Query, group: str, basis: str, cite: str, answer_line: int,
              asks_who: bool) -> None:
    """The legal basis of the row answering, when asked: asked with who handles it ("哪个部门负责？依据是什么文件？"),
    in the line naming who (`answer_line`), so the first line holds both; asked alone, as the first line; asked
    in passing ("根据…"), after the answer."""
    if not basis or not any(word in query.text for word in w.p.asks_basis):
        return
    text = brief(basis, w.p.brief_other_chars)
    if asks_basis_only(w, query) and asks_who and 0 <= answer_line < len(w.lines):
        w.lines[answer_line] += w.t.get("contact", "basis_tail", basis=text) + cite
    elif asks_basis_only(w, query):
        w.add_first(group, "basis", basis=text, cite=cite)
    else:
        w.add(group, "basis", basis=text, cite=cite)


def asks_basis_only(w: AnswerLines, query: Query) -> bool:
    """"法律依据是什么", "依据是哪几条": the legal basis is what is asked (its line comes first; a fine
    asked with its article names the article first)."""
    return any(word in query.text for word in w.p.asks_basis_first)
