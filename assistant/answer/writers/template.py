"""Compose an answer from the records behind the retrieved chunks — never from free text.

One composer per kind of question (routing, contact, penalty, regime, duty, accountability).
Each writes lines from the records' own words with citation markers, and says which bureau's
list it comes from; `finish` then drops any line whose numbers are not in its cited lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.checks import drop_unsupported_lines
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query
from assistant.answer.types import Answer, CitationList
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import BoundaryMatter, DutyItem, PenaltyClause, Record, Regime, RegimeSection, ServiceItem
from assistant.kinds import answer_kind, answers_intent
from assistant.search.retrieve import Hit
from assistant.text import bigrams, cjk_runs

_HEADING_NUMERAL = re.compile(r"^\s*(?:-\s*)?(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")


def similar(a: str, b: str) -> float:
    """Jaccard similarity of the character pairs of two texts' CJK characters run together."""
    x, y = bigrams("".join(cjk_runs(a))), bigrams("".join(cjk_runs(b)))
    return len(x & y) / len(x | y) if x and y else 0.0


class _Lines:
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

    def append_to_last(self, text: str) -> None:
        self.lines[-1] += text

    def short(self, record: Record) -> str:
        return self.ctx.bureaus[record.source].short_name

    def match(self, text: str, query: Query, ignore: str = "") -> float:
        """How well `text` matches this turn's words; earlier turns of a follow-up count a third."""
        score = self.ctx.relevance(text, query.focus_text, ignore)
        if query.focus and query.focus != query.search_text:
            score += self.p.context_weight * self.ctx.relevance(text, query.search_text, ignore)
        return score

    def topic_match(self, text: str, query: Query) -> float:
        """How well `text` matches either this turn alone or the whole conversation."""
        return max(self.ctx.relevance(text, query.focus_text), self.ctx.relevance(text, query.search_text))


def brief(text: str, limit: int) -> str:
    """A long cell (a quoted statute) shortened at a punctuation mark, so no number is cut."""
    text = text.replace("\n", " ")
    if len(text) <= limit:
        return text
    cut = max(text.rfind(p, 0, limit) for p in "。；;，,）)》 ")
    return (text[: cut + 1] if cut > 0 else text[:limit]).rstrip() + "……"


def _hits_of(hits: list[Hit], chunk_kind: str) -> list[Hit]:
    return [h for h in hits if h.chunk.kind == chunk_kind]


def compose_routing(w: _Lines, hits: list[Hit]) -> None:
    """All departments of the matter, the best-matching one first, then the case, then the rest."""
    entry_hits = _hits_of(hits, "boundary_entry")
    top = entry_hits[0]
    matter: BoundaryMatter = w.ctx.records[top.chunk.record_id]
    ranked = [h.chunk.part for h in entry_hits if h.chunk.record_id == matter.id]
    order = ranked + [i for i in range(len(matter.entries)) if i not in ranked]
    w.add("routing", "intro", matter=matter.matter, bureau=matter.bureau)
    for n, i in enumerate(order):
        e = matter.entries[i]
        dept = e.department or w.t.get("routing", "unnamed_department")
        cite = w.cite(matter, e.start_line, e.end_line, f"{' > '.join(matter.section_path)} > {dept}")
        w.add("routing", "entry", department=dept, duty=e.duty.replace("\n", ""), cite=cite)
        if e.basis:
            w.add("routing", "basis", basis=brief(e.basis, w.p.brief_chars), cite=cite)
        if n == 0 and matter.case:
            w.add("routing", "case", case=matter.case.replace("\n", ""), cite=w.cite(matter, matter.case_start, matter.case_end))
    others = []
    for h in entry_hits:
        other = w.ctx.records[h.chunk.record_id]
        if other.source != matter.source and similar(other.matter, matter.matter) >= w.p.same_rule_similarity:
            name = w.short(other)
            if name not in others:
                others.append(name)
    if others:
        w.add("routing", "others", others="、".join(others))


def compose_contact(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The service that best matches the question's words (then by rank), and the same service
    in other bureaus' lists when no bureau was named."""
    services: list[ServiceItem] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "service_item")]

    def described(s: ServiceItem) -> str:
        return f"{s.name} {s.content} {' '.join(s.units)}"

    scored = sorted(enumerate(services), key=lambda i_s: (-round(w.match(described(i_s[1]), query), 2), i_s[0]))
    top = scored[0][1]
    if w.topic_match(described(top), query) < w.p.min_contact_match:
        return  # no listed service is what the question asks about: a phone from another service would mislead
    chosen = [top]
    for s in services:
        if s is not top and s.source != top.source and similar(s.name, top.name) >= w.p.same_rule_similarity and all(c.source != s.source for c in chosen):
            chosen.append(s)
    for s in chosen:
        w.add("contact", "intro", bureau=s.bureau)
        cite = w.cite(s, s.start_line, s.end_line)
        units = "、".join(s.units) or "（未列明）"
        if s.phones:
            w.add("contact", "item", name=s.name, content=s.content.replace("\n", ""), units=units, phones="、".join(s.phones), cite=cite)
        else:
            w.add("contact", "no_phone", name=s.name, content=s.content.replace("\n", ""), units=units, cite=cite)


def compose_penalty(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The best clause per bureau, up to four bureaus. Clauses are ordered by how closely their
    violation matches the question, then by retrieval rank."""
    clauses: list[PenaltyClause] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "penalty_clause")]

    def conduct(p: PenaltyClause) -> str:
        return " ".join([p.violation or p.sentence, *p.items])

    scored = sorted(enumerate(clauses), key=lambda ic: (-round(w.match(conduct(ic[1]), query), 2), ic[0]))
    best = scored[0][1]
    if w.topic_match(conduct(best), query) < w.p.min_penalty_match:
        return  # no retrieved clause is about the conduct asked about: quoting one would mislead
    chosen: list[PenaltyClause] = []
    for _, p in scored:
        if any(c.source == p.source for c in chosen) or len(chosen) >= w.p.max_penalty_bureaus:
            continue
        if p is best or similar(conduct(p), conduct(best)) >= w.p.same_rule_similarity:
            chosen.append(p)
    w.add("penalty", "intro")
    for p in chosen:
        w.add("penalty", "item", bureau=w.short(p), sentence=p.sentence, cite=w.cite(p, p.start_line, p.end_line))
        if p.quoted_statute:
            w.append_to_last(w.t.get("penalty", "quoted", statute=p.statute) if p.statute else w.t.get("penalty", "quoted_unnamed"))
        for item in p.items:
            w.add("penalty", "listed", item=item, cite=w.cite(p, p.start_line, p.end_line))
    amounts = {tuple(sorted((f.form, f.minimum, f.maximum, f.unit) for f in p.fines)) for p in chosen}
    if len(chosen) > 1 and len(amounts) > 1:
        w.add("penalty", "differ")


def _regime_lines(regime: Regime, source: SourceText) -> list[tuple[int, int, str]]:
    """(line, section index, text to match) for every paragraph line of a regime; the text to
    match carries its sub-section heading, so that "怎么处理" finds the 处理 section."""
    out = []
    for i, s in enumerate(regime.sections):
        for n in range(s.start_line, s.end_line + 1):
            line = source.line(n).strip()
            if line and not (s.heading and n == s.start_line):
                out.append((n, i, f"{s.heading} {line}"))
    return out


def compose_regime(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The regime whose paragraphs match the question best, among the regimes of the two best
    sub-section hits. A short sub-section is quoted whole; otherwise its (up to three) best
    paragraphs, each cited to its line."""
    section_hits = _hits_of(hits, "regime_section")
    candidates: list[tuple[float, Regime, Hit, list, dict]] = []
    for rank, hit in enumerate(section_hits[:2]):
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if any(c[1] is regime for c in candidates):
            continue
        lines = _regime_lines(regime, w.ctx.sources[regime.source])
        # the regime title and the bureau are what chose this regime; the rest of the question picks its lines
        ignore = f"{regime.regime_title} {regime.bureau} {w.short(regime)}"
        wanted = w.p.penalty_fields if query.intent == "penalty" else ()
        scores = {n: w.match(text, query, ignore) * (w.p.top_section_bonus if i == hit.chunk.part else 1.0)
                  * (w.p.penalty_field_bonus if regime.sections[i].field in wanted else 1.0)
                  for n, i, text in lines}
        best = max(scores.values(), default=0.0) + w.p.title_weight * w.match(regime.regime_title, query)
        candidates.append((best * (1.0 if rank == 0 else w.p.second_regime_factor), regime, hit, lines, scores))
    _, regime, top, lines, scores = max(candidates, key=lambda c: c[0])
    source = w.ctx.sources[regime.source]
    w.add("regime", "intro", bureau=regime.bureau, regime=re.sub(r"^[（(][^）)]+[）)]\s*|^[一二三四五六七八九十]+、", "", regime.regime_title))
    section_of = {n: i for n, i, _ in lines}
    ranked = sorted(lines, key=lambda x: (-scores[x[0]], x[0]))
    best_section = section_of[ranked[0][0]] if ranked and scores[ranked[0][0]] > 0 else top.chunk.part
    s = regime.sections[best_section]
    non_blank = [n for n in range(s.start_line, s.end_line + 1) if source.line(n).strip()]

    def path(sec: RegimeSection) -> str:
        return " > ".join([*regime.section_path, *([sec.heading] if sec.heading else [])])

    if len(non_blank) <= w.p.short_section_lines or not ranked:
        w.add("regime", "section", text=s.text, cite=w.cite(regime, s.start_line, s.end_line, path(s)))
        return
    for n in sorted(n for n, _, _ in ranked[: w.p.max_regime_lines]):
        sec = regime.sections[section_of[n]]
        # the heading stands outside the cited line: its label only, without its numeral ("3、")
        label = _HEADING_NUMERAL.sub("", sec.heading)
        text = f"{label}：{source.line(n).strip()}" if label else source.line(n).strip()
        w.add("regime", "section", text=text, cite=w.cite(regime, n, n, path(sec)))


def compose_duty(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The duty item that matches the question best, with the other items of its 主要职责 row
    (the question is often about the row as a whole), then other close matches of the bureau."""
    items: list[DutyItem] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "duty_item")]
    first = items[0]
    items = [i for i in items if i.source == first.source]
    scores = {i.id: w.match(f"{i.main_duty} {i.task}", query) for i in items}
    best = max(items, key=lambda i: (scores[i.id], -items.index(i)))
    row = w.ctx.duty_rows[(best.source, best.seq, best.main_duty)]
    others = [i for i in items if i not in row and scores[i.id] >= w.p.close_match * scores[best.id]][:2]
    w.add("duty", "intro", bureau=best.bureau)
    for item in [best, *[r for r in row if r is not best][: w.p.max_row_items - 1], *others]:
        unit = w.t.get("duty", "unit", unit=item.responsible_unit) if item.responsible_unit else ""
        basis = w.t.get("duty", "basis", basis=brief(item.legal_basis, w.p.brief_chars)) if item.legal_basis else ""
        w.add("duty", "item", main=item.main_duty.replace("\n", ""), task=(item.task or item.main_duty).replace("\n", ""),
              unit=unit + basis, cite=w.cite(item, item.start_line, item.end_line))


def compose_accountability(w: _Lines, hits: list[Hit]) -> None:
    top = _hits_of(hits, "accountability")[0]
    record = w.ctx.records[top.chunk.record_id]
    w.add("accountability", "intro", bureau=record.bureau)
    w.add("accountability", "section", text=f"{record.heading}\n{record.body}", cite=w.cite(record, record.start_line, record.end_line))


COMPOSERS = {
    "routing": lambda w, hits, query: compose_routing(w, hits), "contact": compose_contact, "penalty": compose_penalty,
    "regime": compose_regime, "duty": compose_duty, "accountability": lambda w, hits, query: compose_accountability(w, hits),
}


def choose_kind(query: Query, hits: list[Hit], penalty_clause_ranks: int) -> str:
    """The first retrieved chunk of a kind that answers the intent; else the top chunk's kind."""
    if hits[0].chunk.kind == "accountability" and query.intent in ("penalty", "regime", "duty", ""):
        return "accountability"  # the question names a body of the 责任追究机制 and ranks it first
    if query.intent == "penalty" and any(h.chunk.kind == "penalty_clause" for h in hits[:penalty_clause_ranks]):
        return "penalty"  # a penalty sentence near the top is the precise answer
    for h in hits:
        if answers_intent(h.chunk.kind, query.intent):
            if query.intent == "penalty" and h.chunk.kind == "regime_section" and _clause_inside(h, hits):
                return "penalty"  # the section's own penalty sentences are the precise answer
            return answer_kind(h.chunk.kind)
    typed = [h for h in hits if answer_kind(h.chunk.kind)]  # generic chunks have no writer section
    return answer_kind((typed or hits)[0].chunk.kind)


def _clause_inside(section: Hit, hits: list[Hit]) -> bool:
    c = section.chunk
    return any(h.chunk.kind == "penalty_clause" and h.chunk.source == c.source
               and c.start_line <= h.chunk.start_line <= c.end_line for h in hits)


def compose(query: Query, hits: list[Hit], ctx: AnswerContext) -> Answer:
    """The answer from the records behind the hits; lines that fail a check are dropped."""
    kind = choose_kind(query, hits, ctx.policy.answer.penalty_clause_ranks)
    w = _Lines(ctx)
    COMPOSERS[kind](w, hits, query)
    answer = Answer(body="\n".join(w.lines), citations=w.cites.items, kind=kind,
                    bureaus=[ctx.bureaus[f].bureau for f in w.files])
    answer = drop_unsupported_lines(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    pre = [ctx.bureaus[f].short_name for f in w.files if ctx.bureaus[f].predates_2018_merger]
    if pre and any(u in answer.body for u in ctx.policy.answer.pre_merger_units):
        answer.notes.append(w.t.get("notes", "merger", bureaus="、".join(pre)))
    return answer


class TemplateWriter:
    """Answers from the records' own words through the templates in prompts/answers.toml."""

    name = "template"

    def write(self, request: WriteRequest) -> Answer:
        return compose(request.query, request.hits, request.ctx)
