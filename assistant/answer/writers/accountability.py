"""Accountability answers: the sentence of a 责任追究机制 section that answers the question (who holds
officials to account, what happens to them), then which section it comes from."""

from __future__ import annotations

import re

from assistant.answer.query import Query
from assistant.answer.writers.lines import AnswerLines, clauses, hits_of
from assistant.answer.writers.regime_reader import HEADING_NUMERAL
from assistant.corpus.records import AccountabilitySection
from assistant.search.retrieve import Hit
from assistant.text import bigrams, search_form

# a sub-section's label inside a 责任追究机制 section: "(一) 职责分工。"
_SUB_LABEL = re.compile(r"^\s*[（(][一二三四五六七八九十\d]{1,3}[)）]\s*[^，,。；;]{1,10}[。：:]?\s*$")


_TITLES = re.compile(r"《[^》]*》")


def _heading_name(section: AccountabilitySection) -> str:
    """"六、人民检察院" → "人民检察院"."""
    return HEADING_NUMERAL.sub("", section.heading).strip()


def _shared_words(texts: list[str]) -> str:
    """The character pairs more than half of the texts hold, as text to leave out of a match."""
    counts: dict[str, int] = {}
    for t in texts:
        for pair in bigrams(search_form(t).lower()):
            counts[pair] = counts.get(pair, 0) + 1
    return " ".join(sorted(p for p, n in counts.items() if n * 2 > len(texts)))


def compose_accountability(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The sentence of the 责任追究机制 section that answers the question, then which section."""
    found = hits_of(hits, "accountability")
    # of the bodies retrieved from the first one's list, the one whose section matches the question best
    # ("受贿…追究刑事责任" is the 人民检察院's, though 行政机关 may rank first); a body the question names comes first
    bodies = [w.ctx.records[h.chunk.record_id] for h in found if h.chunk.source == found[0].chunk.source]
    # asked which body to go to, every body of that list is a candidate, retrieved or not ("贪污受贿…该去哪里举报":
    # 六、人民检察院, not 八、协调配合机制, which names several)
    named = [r for r in w.ctx.accountability_sections(bodies[0].source) if _heading_name(r).endswith(w.p.accountability_bodies)]
    # … and so does one asking who does what a body's section names in the vocabulary's words ("打行政官司…由哪家来审":
    # 人民法院); "线索应当移送给谁" asks the 协调配合机制, which names several
    asks_body = bool(named) and (query.intent == "routing" or any(word in query.text for word in w.p.asks_where_to_report)
                                 or (any(word in query.text for word in w.ctx.policy.query.asks_who)
                                     and any(n in query.search_text for n in w.p.accountability_names)))
    if asks_body:
        bodies = named
    # asked which body, the words most bodies' sections share (追究, 机关, 违法) tell none apart: "这种贪污受贿的事归哪个
    # 机关追究" is the 人民检察院's for 贪污贿赂, not the 行政机关's for sharing 执法 and 追究
    shared = _shared_words([f"{r.heading} {r.body}" for r in bodies]) if asks_body else ""
    # asked which body, one the question names is the one acted on ("由哪个机关审理、判行政机关的责任"), not the answer
    record = max(bodies, key=lambda r: (_heading_name(r) in query.text and not asks_body,
                                        round(w.match(f"{r.heading} {r.body}", query, shared), 2), -bodies.index(r)))
    cite = w.cite(record, record.start_line, record.end_line)
    # "(二) 追责程序。人民法院依法…" : the label before the sentence is no answer of its own ("（三）停职检查。"
    # alone on its line is a measure)
    by_line = [[c for k, c in enumerate(units) if not (k < len(units) - 1 and _SUB_LABEL.match(c))]
               for units in (clauses(line) for line in record.body.split("\n"))]
    units = [c for line_units in by_line for c in line_units]
    ignore = f"{record.bureau} {w.short(record)} {record.heading}"
    sanctions = w.p.imposed_measures if query.intent == "penalty" else ()

    def rank(t: str) -> tuple[bool, float, int]:
        # "对他本人会怎么处理": a sentence imposing a measure (暂扣或者吊销其行政执法证件) answers, one on oversight does not
        score = w.match(t, query, ignore, True)
        imposing = any(s in _TITLES.sub("", t) for s in sanctions)  # not 《…处分条例》
        return score > 0 and imposing, score, -units.index(t)

    best = max(units, key=rank) if units else ""
    matched = bool(best) and rank(best)[1] > 0
    if matched and any(word in query.text for word in w.p.asks_all_measures):
        # "能采取什么措施": every measure of the sentence the best one stands in ("发出《行政执法监督决定书》，责令…；
        # 对负有责任的工作人员暂扣或者吊销其行政执法证件")
        line_units = next(line_units for line_units in by_line if best in line_units)
        kept = [u for u in line_units if w.match(u, query, ignore, True) > 0 or u == best]
        best = "".join(kept) if len(kept) > 1 else best
    if matched:
        body = _heading_name(record)
        # asked who does it, a section named after a body answers with that body ("谁能暂扣他的执法证件":
        # 政府法制机构, whose section imposes it); 协调配合机制 names none of its own
        if asks_body or (record in named and any(word in query.text for word in w.ctx.policy.query.asks_who)):
            w.add("accountability", "body", body=body, text=best, cite=cite)
        else:
            w.add("accountability", "answer", text=best, cite=cite)
        w.add("accountability", "source", bureau=record.bureau, heading=body)
        return
    w.add("accountability", "intro", bureau=record.bureau)
    w.add("accountability", "section", text=f"{record.heading}\n{record.body}", cite=cite)
