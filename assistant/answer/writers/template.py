"""Compose an answer from the records behind the retrieved chunks — never from free text.

One composer per kind of question (routing, contact, penalty, regime, duty, accountability).
Each writes lines from the records' own words with citation markers, and says which bureau's
list it comes from; `finish` then drops any line whose numbers are not in its cited lines.
"""

from __future__ import annotations

import re

from assistant.answer.checks import drop_unsupported_lines
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query
from assistant.answer.types import Answer, CitationList
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import BoundaryMatter, DutyItem, PenaltyClause, Record, Regime, RegimeSection, ServiceItem
from assistant.kinds import answer_kind, answers_intent
from assistant.policy import AnswerPolicy
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


def compose_routing(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The department whose 职责分工 matches the question best, first and in a line of its own;
    then the others briefly, the case and the basis."""
    entry_hits = _hits_of(hits, "boundary_entry")
    top = entry_hits[0]
    matter: BoundaryMatter = w.ctx.records[top.chunk.record_id]
    ranked = [h.chunk.part for h in entry_hits if h.chunk.record_id == matter.id]
    order = ranked + [i for i in range(len(matter.entries)) if i not in ranked]
    # the matter's own words chose it; the rest of the question picks the department
    ignore = matter.matter
    scores = {i: w.match(f"{matter.entries[i].department} {matter.entries[i].duty}", query, ignore) for i in order}
    best = max(order, key=lambda i: (scores[i], -order.index(i)))
    if scores[best] - scores[order[0]] >= w.p.department_switch_margin:
        # the question's own words point at another department than retrieval ranked first
        order.remove(best)
        order.insert(0, best)

    def dept(i: int) -> str:
        return matter.entries[i].department or w.t.get("routing", "unnamed_department")

    def cite(i: int) -> str:
        e = matter.entries[i]
        return w.cite(matter, e.start_line, e.end_line, f"{' > '.join(matter.section_path)} > {dept(i)}")

    first = matter.entries[order[0]]
    w.add("routing", "answer", department=dept(order[0]), duty=first.duty.replace("\n", ""), cite=cite(order[0]))
    w.add("routing", "source", matter=matter.matter, bureau=matter.bureau)
    if matter.case:
        w.add("routing", "case", case=brief(matter.case, w.p.brief_chars), cite=w.cite(matter, matter.case_start, matter.case_end))
    if len(order) > 1:
        w.add("routing", "others_intro")
    for i in order[1:]:
        w.add("routing", "other", department=dept(i), duty=brief(matter.entries[i].duty, w.p.brief_department_chars), cite=cite(i))
    if first.basis:
        w.add("routing", "basis", basis=brief(first.basis, w.p.brief_other_chars), cite=cite(order[0]))
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
    """The service that best matches the question's words (then by rank): its unit and phone
    first; the same service in other bureaus' lists when no bureau was named."""
    services: list[ServiceItem] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "service_item")]

    def described(s: ServiceItem) -> str:
        return f"{s.name} {s.content} {' '.join(s.units)}"

    scored = sorted(enumerate(services), key=lambda i_s: (-round(w.match(described(i_s[1]), query), 2), i_s[0]))
    top = scored[0][1]
    if w.topic_match(described(top), query) < w.p.min_contact_match:
        return  # no listed service is what the question asks about: a phone from another service would mislead
    chosen = [top]
    for s in services:
        if (s is not top and s.source != top.source and similar(s.name, top.name) >= w.p.same_rule_similarity
                and all(c.source != s.source for c in chosen)):
            chosen.append(s)
    for n, s in enumerate(chosen):
        cite = w.cite(s, s.start_line, s.end_line)
        units = "、".join(s.units) or w.t.get("contact", "no_unit")
        key = "answer" if s.phones else "answer_no_phone"
        w.add("contact", key, name=s.name, units=units, phones="、".join(s.phones), cite=cite,
              bureau=f"【{w.short(s)}】" if len(chosen) > 1 else "")
        if n == 0:
            w.add("contact", "source", bureau=s.bureau, content=brief(s.content, w.p.brief_other_chars))




def on_officials_only(p: PenaltyClause, policy: AnswerPolicy) -> bool:
    """A clause that disciplines officials or authorities (行政处分, 责令改正 by a 监察机关) and
    sanctions no business."""
    return (any(w in p.sentence for w in policy.sanctions_on_officials)
            and not any(w in p.sentence for w in policy.sanctions_on_businesses))


def measures_part(sentence: str, limit: int) -> str:
    """What a penalty sentence imposes: the part after its condition ("…的，"), kept word for
    word; when that is long, the part after the last condition."""
    text = sentence.strip().rstrip("。；;")
    first, last = text.find("的，"), text.rfind("的，")
    if first < 0:
        return text
    part = text[first + 2:]
    return part if len(part) <= limit or last == first else text[last + 2:]


def compose_penalty(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The fine for the conduct asked, per bureau (up to four), in the first line; then each
    clause word for word. Clauses are ordered by how closely their violation matches the
    question, then by retrieval rank. A bureau with no clause for it says so."""
    clauses: list[PenaltyClause] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "penalty_clause")]
    about_officials = any(word in query.text for word in w.p.official_words)
    if not about_officials:
        # sanctions on officials answer only questions about officials
        clauses = [p for p in clauses if not on_officials_only(p, w.p)]

    def conduct(p: PenaltyClause) -> str:
        return " ".join([p.violation or p.sentence, *p.items])

    scored = sorted(enumerate(clauses), key=lambda ic: (-round(w.match(conduct(ic[1]), query), 2), ic[0]))
    # statutes on officials quote long articles: their bar is lower
    bar = w.p.min_official_match if about_officials else w.p.min_penalty_match
    if not scored or w.topic_match(conduct(scored[0][1]), query) < bar:
        # no clause is about the conduct asked: never quote one about other conduct
        not_stated_penalty(w, hits, query)
        return
    best = scored[0][1]
    chosen: list[PenaltyClause] = []
    for _, p in scored:
        if any(c.source == p.source for c in chosen) or len(chosen) >= w.p.max_penalty_bureaus:
            continue
        if p is best or similar(conduct(p), conduct(best)) >= w.p.same_rule_similarity:
            chosen.append(p)
    cites = {p.id: w.cite(p, p.start_line, p.end_line) for p in chosen}
    asks_amount = any(word in query.text for word in w.p.asks_amount)
    w.add("penalty", "answer", fines="；".join(
        w.t.get("penalty", "fine", bureau=w.short(p), fine=measures_part(p.sentence, w.p.brief_other_chars), cite=cites[p.id])
        + (w.t.get("penalty", "no_amount") if asks_amount and not p.fines else "")
        for p in chosen))
    w.add("penalty", "intro")
    for p in chosen:
        w.add("penalty", "item", bureau=w.short(p), sentence=p.sentence, cite=cites[p.id])
        if p.quoted_statute:
            w.append_to_last(w.t.get("penalty", "quoted", statute=p.statute) if p.statute else w.t.get("penalty", "quoted_unnamed"))
        for item in p.items:
            w.add("penalty", "listed", item=item, cite=cites[p.id])
    amounts = {tuple(sorted((f.form, f.minimum, f.maximum, f.unit) for f in p.fines)) for p in chosen}
    if len(chosen) > 1 and len(amounts) > 1:
        w.add("penalty", "differ")


def not_stated_penalty(w: _Lines, hits: list[Hit], query: Query) -> None:
    """No clause sets a penalty for the conduct asked: say so, with the regime sentence that
    does speak of handling it, if one matches (衡水: 依照有关法律法规规定处理)."""
    best: tuple[float, Regime, int, str] | None = None
    for hit in _hits_of(hits, "regime_section")[:3]:
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if best and regime.source != best[1].source:
            continue  # one bureau: the best-ranked one
        source = w.ctx.sources[regime.source]
        ignore = f"{regime.bureau} {w.short(regime)}"
        for n, _, text in _regime_lines(regime, source):
            for sentence in _sentences(source.line(n)):
                if not any(word in sentence for word in w.p.handling_words):
                    continue
                score = w.match(f"{text} {sentence}", query, ignore)
                if best is None or score > best[0]:
                    best = (score, regime, n, sentence)
    if best is None or best[0] < w.p.min_related_match:
        return
    _, regime, n, sentence = best
    w.add("penalty", "not_stated", bureau=regime.bureau)
    w.add("penalty", "related", text=sentence, cite=w.cite(regime, n, n))




def _sentences(line: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(line.strip()) if m.group(0).strip()]


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


_SENTENCE = re.compile(r"[^。；;]+[。；;]?")


def best_sentence(line: str, score) -> str:
    """The sentence of a line that matches best (a line may hold a whole paragraph)."""
    sentences = _sentences(line)
    return max(sentences, key=lambda t: (score(t), -sentences.index(t))) if sentences else line


def compose_regime(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The regime whose paragraphs match the question best, among the regimes of the two best
    sub-section hits: its best sentence first, then the paragraph(s) it stands in."""
    section_hits = _hits_of(hits, "regime_section")
    candidates: list[tuple[float, Regime, Hit, list, dict, str]] = []
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
        candidates.append((best * (1.0 if rank == 0 else w.p.second_regime_factor), regime, hit, lines, scores, ignore))
    _, regime, top, lines, scores, ignore = max(candidates, key=lambda c: c[0])
    source = w.ctx.sources[regime.source]
    section_of = {n: i for n, i, _ in lines}
    ranked = sorted(lines, key=lambda x: (-scores[x[0]], x[0]))
    title = re.sub(r"^[（(][^）)]+[）)]\s*|^[一二三四五六七八九十]+、", "", regime.regime_title)

    def path(sec: RegimeSection) -> str:
        return " > ".join([*regime.section_path, *([sec.heading] if sec.heading else [])])

    if not ranked or scores[ranked[0][0]] <= 0:
        s = regime.sections[top.chunk.part]
        w.add("regime", "section", text=brief(s.text, w.p.brief_chars), cite=w.cite(regime, s.start_line, s.end_line, path(s)))
        w.add("regime", "source", bureau=regime.bureau, regime=title, section="")
        return
    n = ranked[0][0]
    sec = regime.sections[section_of[n]]
    cite = w.cite(regime, n, n, path(sec))
    sentence = best_sentence(source.line(n).strip(), lambda t: w.match(t, query, ignore))
    w.add("regime", "answer", text=sentence, cite=cite)
    label = _HEADING_NUMERAL.sub("", sec.heading)
    w.add("regime", "source", bureau=regime.bureau, regime=title, section=f"「{label}」" if label else "")
    non_blank = [k for k in range(sec.start_line, sec.end_line + 1) if source.line(k).strip()]
    if len(non_blank) <= w.p.short_section_lines:
        # a short sub-section (often a list of measures) is the answer as a whole
        w.add("regime", "section", text=sec.text, cite=w.cite(regime, sec.start_line, sec.end_line, path(sec)))
        return
    line = source.line(n).strip()
    if line != sentence:
        w.add("regime", "section", text=line, cite=cite)
    for m, _, _ in ranked[1: w.p.max_regime_lines]:
        if scores[m] >= w.p.close_match * scores[n]:
            other = regime.sections[section_of[m]]
            w.add("regime", "section", text=source.line(m).strip(), cite=w.cite(regime, m, m, path(other)))


def compose_duty(w: _Lines, hits: list[Hit], query: Query) -> None:
    """The unit of the duty item that matches the question best, first; its 主要职责 once; then
    only the other items that match nearly as well."""
    items: list[DutyItem] = [w.ctx.records[h.chunk.record_id] for h in _hits_of(hits, "duty_item")]
    first = items[0]
    row_items = [r for r in w.ctx.duty_rows.get((first.source, first.seq, first.main_duty), []) if r not in items]
    items = [i for i in items if i.source == first.source] + row_items
    scores = {i.id: w.match(f"{i.main_duty} {i.task}", query) for i in items}
    best = max(items, key=lambda i: (scores[i.id], -items.index(i)))
    if any(word in query.text for word in w.p.asks_list):
        # "负责哪些事": the best item's whole 主要职责 row
        row = w.ctx.duty_rows.get((best.source, best.seq, best.main_duty), [])
        others = [r for r in row if r is not best][: w.p.max_row_items - 1]
    else:
        others = [i for i in items if i is not best and scores[i.id] >= w.p.close_match * scores[best.id]]
        others = others[: w.p.max_duty_others]

    def task(item: DutyItem) -> str:
        return (item.task or item.main_duty).replace("\n", "")

    cite = w.cite(best, best.start_line, best.end_line)
    if best.responsible_unit:
        w.add("duty", "answer", unit=best.responsible_unit, task=task(best), cite=cite)
    else:
        w.add("duty", "answer_no_unit", bureau=w.short(best), task=task(best), cite=cite)
    w.add("duty", "source", bureau=best.bureau, main=brief(best.main_duty, w.p.brief_other_chars))
    if best.legal_basis:
        w.add("duty", "basis", basis=brief(best.legal_basis, w.p.brief_other_chars), cite=cite)
    for item in others:
        unit = w.t.get("duty", "unit", unit=item.responsible_unit) if item.responsible_unit else ""
        w.add("duty", "item", task=task(item), unit=unit, cite=w.cite(item, item.start_line, item.end_line))


def compose_accountability(w: _Lines, hits: list[Hit]) -> None:
    top = _hits_of(hits, "accountability")[0]
    record = w.ctx.records[top.chunk.record_id]
    w.add("accountability", "intro", bureau=record.bureau)
    w.add("accountability", "section", text=f"{record.heading}\n{record.body}", cite=w.cite(record, record.start_line, record.end_line))


COMPOSERS = {
    "routing": compose_routing, "contact": compose_contact, "penalty": compose_penalty,
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
