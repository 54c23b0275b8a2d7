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


_LABEL = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*[\u4e00-\u9fff]{2,8}。$")


def labels_joined(pieces: list[str]) -> list[str]:
    """A line's sentences, a short label ("（2）拒检处理。") joined to the sentence it heads."""
    out: list[str] = []
    for piece in pieces:
        if out and _LABEL.match(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


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


def basis_placement(w: AnswerLines, query: Query, basis: str, asks_who: bool) -> str:
    """Where the legal basis of the row answering goes: "" when none is given or asked; asked with who
    handles it ("哪个部门负责？依据是什么文件？"), "with_who", beside the one named, so the first line holds both;
    asked alone, "first"; asked in passing ("根据…"), "after" the answer."""
    if not basis or not any(word in query.text for word in w.p.asks_basis):
        return ""
    if asks_basis_only(w, query):
        return "with_who" if asks_who else "first"
    return "after"


def add_basis(w: AnswerLines, group: str, placement: str, basis: str, cite: str) -> None:
    """The basis as a line of its own, first or after the answer (see `basis_placement`)."""
    if placement == "first":
        w.add_first(group, "basis", basis=brief(basis, w.p.brief_other_chars), cite=cite)
    elif placement == "after":
        w.add(group, "basis", basis=brief(basis, w.p.brief_other_chars), cite=cite)


def basis_tail(w: AnswerLines, group: str, basis: str, cite: str) -> str:
    """The basis said after the one named ("；依据：《…》[1]")."""
    return w.t.get(group, "basis_tail", basis=brief(basis, w.p.brief_other_chars)) + cite


def asks_basis_only(w: AnswerLines, query: Query) -> bool:
    """"法律依据是什么", "依据是哪几条": the legal basis is what is asked (its line comes first; a fine
    asked with its article names the article first)."""
    return any(word in query.text for word in w.p.asks_basis_first)


def quoted_article_line(w: AnswerLines, kind: str, record: Record, quoted) -> str:
    """What an article a sentence hands its case to says, as the list quotes it (a `referenced.QuotedArticle`), in
    `kind`'s template, cited at the line quoting it."""
    return w.t.get(kind, "quoted_article", article=quoted.article, text=brief(quoted.text.rstrip("。"), w.p.brief_chars),
                   cite=w.cite(record, quoted.line, quoted.line, f"《{quoted.law}》{quoted.article}"))
