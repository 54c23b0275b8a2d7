"""Compose an answer from the records behind the retrieved chunks — never from free text.

One composer per kind of question (routing, contact, penalty, regime, duty, accountability).
Each writes lines from the records' own words with citation markers, and says which bureau's
list it comes from; `finish` then drops any line whose numbers are not in its cited lines.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from assistant.answer.templates import Templates
from assistant.answer.types import Answer, CitationList
from assistant.answer.verify import unsupported_numbers
from assistant.manifest import Bureau
from assistant.parse.source import SourceText
from assistant.query import Query
from assistant.records import BoundaryMatter, DutyItem, PenaltyClause, Record, Regime, ServiceItem
from assistant.retrieve import Hit

KIND_OF_CHUNK = {
    "boundary_entry": "routing", "service_item": "contact", "penalty_clause": "penalty",
    "regime_section": "regime", "duty_item": "duty", "accountability": "accountability",
}
CHUNK_OF_KIND = {v: k for k, v in KIND_OF_CHUNK.items()}
_PRE_MERGER_UNITS = ("工商", "质监", "食药监", "食品药品监管", "质量技术监督")
MAX_SECTION_CHARS = 1500


@dataclass
class AnswerContext:
    records: dict[str, Record]
    sources: dict[str, SourceText]
    bureaus: dict[str, Bureau]  # by file name
    templates: Templates


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u3400-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similar(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


class _Writer:
    """Collects answer lines and their citations."""

    def __init__(self, ctx: AnswerContext):
        self.ctx = ctx
        self.t = ctx.templates
        self.cites = CitationList()
        self.lines: list[str] = []
        self.files: list[str] = []

    def cite(self, record: Record, start: int, end: int, section: str | None = None) -> str:
        if record.source not in self.files:
            self.files.append(record.source)
        return self.cites.cite(record.source, start, end, record.bureau, section or " > ".join(record.section_path))

    def add(self, group: str, key: str, **values) -> None:
        self.lines.append(self.t.get(group, key, **values))

    def short(self, record: Record) -> str:
        return self.ctx.bureaus[record.source].short_name


def _hits_of(hits: list[Hit], chunk_kind: str) -> list[Hit]:
    return [h for h in hits if h.chunk.kind == chunk_kind]


def compose_routing(w: _Writer, hits: list[Hit]) -> None:
    top = _hits_of(hits, "boundary_entry")[0]
    matter: BoundaryMatter = w.ctx.records[top.chunk.record_id]
    w.add("routing", "intro", matter=matter.matter, bureau=matter.bureau)
    for e in matter.entries:
        dept = e.department or w.t.get("routing", "unnamed_department")
        w.add("routing", "entry", department=dept, duty=e.duty.replace("\n", ""),
              cite=w.cite(matter, e.start_line, e.end_line, f"{' > '.join(matter.section_path)} > {dept}"))
    if matter.case:
        w.add("routing", "case", case=matter.case.replace("\n", ""), cite=w.cite(matter, matter.case_start, matter.case_end))
    others = []
    for h in _hits_of(hits, "boundary_entry"):
        other = w.ctx.records[h.chunk.record_id]
        if other.source != matter.source and similar(other.matter, matter.matter) >= 0.5:
            name = w.short(other)
            if name not in others:
                others.append(name)
    if others:
        w.add("routing", "others", others="、".join(others))


def compose_contact(w: _Writer, hits: list[Hit]) -> None:
    service_hits = _hits_of(hits, "service_item")
    top: ServiceItem = w.ctx.records[service_hits[0].chunk.record_id]
    chosen = [top]
    for h in service_hits[1:]:
        s = w.ctx.records[h.chunk.record_id]
        if s.source != top.source and similar(s.name, top.name) >= 0.5 and all(c.source != s.source for c in chosen):
            chosen.append(s)
    for s in chosen:
        w.add("contact", "intro", bureau=s.bureau)
        cite = w.cite(s, s.start_line, s.end_line)
        units = "、".join(s.units) or "（未列明）"
        if s.phones:
            w.add("contact", "item", name=s.name, units=units, phones="、".join(s.phones), cite=cite)
        else:
            w.add("contact", "no_phone", name=s.name, units=units, cite=cite)


def compose_penalty(w: _Writer, hits: list[Hit], query: Query) -> None:
    penalty_hits = _hits_of(hits, "penalty_clause")
    top: PenaltyClause = w.ctx.records[penalty_hits[0].chunk.record_id]
    chosen = [top]
    for h in penalty_hits[1:]:
        p = w.ctx.records[h.chunk.record_id]
        if any(c.source == p.source for c in chosen):
            continue
        if similar(p.violation or p.sentence, top.violation or top.sentence) >= 0.5:
            chosen.append(p)
    w.add("penalty", "intro")
    for p in chosen:
        w.add("penalty", "item", bureau=w.short(p), sentence=p.sentence, cite=w.cite(p, p.start_line, p.end_line))
        if p.quoted_statute:
            w.lines[-1] += w.t.get("penalty", "quoted", statute=p.statute) if p.statute else w.t.get("penalty", "quoted_unnamed")
    amounts = {tuple(sorted((f.form, f.minimum, f.maximum, f.unit) for f in p.fines)) for p in chosen}
    if len(chosen) > 1 and len(amounts) > 1:
        w.add("penalty", "differ")


def _section_text(text: str) -> str:
    if len(text) <= MAX_SECTION_CHARS:
        return text
    kept, total = [], 0
    for line in text.split("\n"):
        if total + len(line) > MAX_SECTION_CHARS:
            break
        kept.append(line)
        total += len(line)
    return "\n".join(kept) + "\n……（其余见引文所示原文）"


def compose_regime(w: _Writer, hits: list[Hit]) -> None:
    section_hits = _hits_of(hits, "regime_section")
    top = section_hits[0]
    regime: Regime = w.ctx.records[top.chunk.record_id]
    parts = [top.chunk.part]
    # a second sub-section of the same regime when it ranks next among this bureau's sections
    same = [h for h in section_hits[1:3] if h.chunk.record_id == top.chunk.record_id]
    if same:
        parts.append(same[0].chunk.part)
    w.add("regime", "intro", bureau=regime.bureau, regime=re.sub(r"^[（(][^）)]+[）)]\s*|^[一二三四五六七八九十]+、", "", regime.regime_title))
    for part in sorted(parts):
        s = regime.sections[part]
        path = " > ".join([*regime.section_path, *([s.heading] if s.heading else [])])
        w.add("regime", "section", text=_section_text(s.text), cite=w.cite(regime, s.start_line, s.end_line, path))


def compose_duty(w: _Writer, hits: list[Hit]) -> None:
    duty_hits = _hits_of(hits, "duty_item")
    first: DutyItem = w.ctx.records[duty_hits[0].chunk.record_id]
    w.add("duty", "intro", bureau=first.bureau)
    shown = 0
    for h in duty_hits:
        item: DutyItem = w.ctx.records[h.chunk.record_id]
        if item.source != first.source or shown >= 3:
            continue
        unit = w.t.get("duty", "unit", unit=item.responsible_unit) if item.responsible_unit else ""
        w.add("duty", "item", main=item.main_duty.replace("\n", ""), task=(item.task or item.main_duty).replace("\n", ""),
              unit=unit, cite=w.cite(item, item.start_line, item.end_line))
        shown += 1


def compose_accountability(w: _Writer, hits: list[Hit]) -> None:
    top = _hits_of(hits, "accountability")[0]
    record = w.ctx.records[top.chunk.record_id]
    w.add("accountability", "intro", bureau=record.bureau)
    w.add("accountability", "section", text=f"{record.heading}\n{record.body}", cite=w.cite(record, record.start_line, record.end_line))


COMPOSERS = {
    "routing": compose_routing, "contact": compose_contact, "regime": compose_regime,
    "duty": compose_duty, "accountability": compose_accountability,
}


def choose_kind(query: Query, hits: list[Hit]) -> str:
    """The intent's kind when some retrieved chunk can answer it, else the top chunk's kind."""
    if query.intent and any(h.chunk.kind == CHUNK_OF_KIND[query.intent] for h in hits):
        return query.intent
    return KIND_OF_CHUNK[hits[0].chunk.kind]


def compose(query: Query, hits: list[Hit], ctx: AnswerContext) -> Answer:
    kind = choose_kind(query, hits)
    w = _Writer(ctx)
    if kind == "penalty":
        compose_penalty(w, hits, query)
    else:
        COMPOSERS[kind](w, hits)
    return finish(w, kind)


def _cited_text(w: _Writer, line: str) -> str:
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", line)] or range(1, len(w.cites.items) + 1)
    texts = []
    for n in numbers:
        c = w.cites.items[n - 1]
        texts.append("".join(w.ctx.sources[c.source].span(c.start_line, c.end_line)))
    return "".join(texts)


def finish(w: _Writer, kind: str) -> Answer:
    kept = []
    for line in w.lines:
        bad = unsupported_numbers(line, _cited_text(w, line))
        if bad:
            print(f"answer check: dropped a line whose numbers {bad} are not in its cited lines: {line[:60]}", file=sys.stderr)
            continue
        kept.append(line)
    body = "\n".join(kept)
    bureaus = [w.ctx.bureaus[f] for f in w.files]
    notes = []
    pre = [b.short_name for b in bureaus if b.predates_2018_merger]
    if pre and any(u in body for u in _PRE_MERGER_UNITS):
        notes.append(w.t.get("notes", "merger", bureaus="、".join(pre)))
    return Answer(body=body, citations=w.cites.items, kind=kind, bureaus=[b.bureau for b in bureaus], notes=notes)
