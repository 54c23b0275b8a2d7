"""Compose an answer from the records behind the retrieved chunks — never from free text.

One composer per kind of question, each in its own module (routing, contact, penalty, regime, duty,
accountability); this one chooses the kind. Each composer puts the fact asked for in its first line,
from the records' own words with citation markers, then the supporting quotes, and says which
bureau's list it comes from; `compose` then drops any line whose numbers are not in its cited lines.
"""

from __future__ import annotations

import re

from assistant.answer.asked import department_words
from assistant.answer.checks import drop_unsupported_lines, holds_phone
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query
from assistant.answer.types import Answer
from assistant.answer.writers.accountability import compose_accountability
from assistant.answer.writers.clause_parts import imposes
from assistant.answer.writers.contact import compose_contact
from assistant.answer.writers.duty import compose_duty
from assistant.answer.writers.lines import AnswerLines, asks_basis_only, hits_of, sentences
from assistant.answer.writers.measures import Measure, holds_measure, measures_asked
from assistant.answer.writers.penalty import compose_penalty
from assistant.answer.writers.regime import compose_regime
from assistant.answer.writers.routing import compose_routing
from assistant.corpus.records import BoundaryMatter
from assistant.kinds import answer_kind, answers_intent
from assistant.policy import AnswerPolicy
from assistant.search.retrieve import Hit

# a unit of a bureau named in a sentence: 稽查股, 计量科, 特种设备安全监察科室
_UNIT = re.compile(r"[\u4e00-\u9fff]{2,10}(?:股|科|处室|科室|大队|支队|中心|所)(?![\u4e00-\u9fff]{0,1}[长员])")
# words asking for a law ("依据的是哪部法律哪一条"), not for papers to bring ("要带什么文件") or a reason ("凭什么不给办")
_ASKS_LAW = ("依据", "法律", "法规", "条例", "哪条", "哪一条", "第几条", "哪部法")
# a line naming a legal basis: a law's title, an article, a document number, or the word itself
# a line saying where the answer stands ("（文安县…《规范行政处罚裁量权》「标准规范」）"): its 《》 names a regime, not a law
_SOURCE_LINE = re.compile(r"^（[^（）]*(?:的清单|的部门职责|《[^》]+》)[^（）]*）$")
_BASIS_GIVEN = re.compile(r"《|依据|第[一二三四五六七八九十百零\d]+条|〔\d{4}〕|\[\d{4}\]")

COMPOSERS = {
    "routing": compose_routing, "contact": compose_contact, "penalty": compose_penalty,
    "regime": compose_regime, "duty": compose_duty, "accountability": compose_accountability,
}


# a unit of a bureau a regime's step names ("提交局案审办（法规科）审核")
_UNIT_NAMED = re.compile(r"[\u4e00-\u9fff]{1,5}(?:科|股|办|所|队)(?=[（(）)，,。、]|审核|负责|承办|组织)")


def choose_kind(query: Query, hits: list[Hit], policy: AnswerPolicy, own_names: tuple[str, ...] = ()) -> str:
    """The first retrieved chunk of a kind that answers the intent; else the top chunk's kind."""
    if hits[0].chunk.kind == "accountability" and query.intent in ("penalty", "regime", "duty", ""):
        return "accountability"  # the question names a body of the 责任追究机制 and ranks it first
    if (query.intent == "routing" and hits[0].chunk.kind == "accountability"
            and any(word in query.search_text for word in (*policy.accountability_names, *policy.asks_which_body))):
        # "想打行政官司，这种案子是法院管吗？": the court's section, ranked first; the court named in the question's
        # words or the vocabulary's (行政官司 → 人民法院); or asked which 机关 ("行政诉讼案子由哪个机关审理")
        return "accountability"
    if (query.intent == "routing" and any(word in query.search_text for word in policy.official_words)
            and any(h.chunk.kind == "accountability" for h in hits)):
        return "accountability"  # "工作人员受贿，归哪个机关？": which body holds officials to account
    if query.intent == "penalty" and any(h.chunk.kind == "penalty_clause" and imposes(h.chunk.text)
                                         for h in hits[:policy.penalty_clause_ranks]):
        return "penalty"  # a penalty sentence near the top is the precise answer
    if (query.intent == "duty" and hits[0].chunk.kind == "regime_section" and _UNIT_NAMED.search(hits[0].chunk.text)
            and not any(h.chunk.kind in ("duty_item", "service_item") for h in hits[:policy.unit_in_regime_ranks])):
        # "案子调查完了，材料交哪个科室审核": a step of a regime names the unit ("提交局案审办（法规科）审核"); no
        # duty near the top is about it
        return "regime"
    if (query.intent == "duty" and any(word in query.text for word in (*policy.asks_unit, *own_names))
            and any(h.chunk.kind in ("duty_item", "service_item") for h in hits)):
        # "哪个股室/科室", "质监局管吗": the bureau's own duties, not a boundary matter between bureaus
        return "duty"
    for h in hits:
        if answers_intent(h.chunk.kind, query.intent):
            if query.intent == "penalty" and h.chunk.kind == "regime_section" and (
                    _clause_inside(h, hits) or any(word in query.text for word in policy.asks_amount)):
                # the section's own penalty sentences are the precise answer; and when a fine is asked
                # for, the clauses decide: with none about the conduct asked, the list sets no fine for it
                return "penalty"
            return answer_kind(h.chunk.kind)
    if query.intent == "penalty" and any(word in query.text for word in policy.asks_amount):
        # "化妆品企业没做标准备案，罚多少？" finds only who does the 备案: no clause sets the fine asked for
        return "penalty"
    typed = [h for h in hits if answer_kind(h.chunk.kind)]  # generic chunks have no writer section
    return answer_kind((typed or hits)[0].chunk.kind)


def _clause_inside(section: Hit, hits: list[Hit]) -> bool:
    c = section.chunk
    return any(h.chunk.kind == "penalty_clause" and h.chunk.source == c.source
               and c.start_line <= h.chunk.start_line <= c.end_line and imposes(h.chunk.text) for h in hits)


def basis_fact(w: AnswerLines, hits: list[Hit], query: Query, measures: list[Measure]):
    """"瓶装燃气的经营许可证有效期几年？": a number neither a department's duty nor a regime gives may
    stand in the law a boundary row quotes as its basis. The sentence of the retrieved rows' bases
    holding such a number that matches the question best (with a second one of its row that holds
    more of the question's words), with the matter and the row; None when none matches well enough."""
    best, best_score = None, 0.0
    # the bureau's names chose the list: the rest of the question picks the sentence. Every row's sentences are
    # scored alike, so a law two matters quote word for word goes with the better-ranked matter (气瓶, not 管道)
    ignore = " ".join(n for h in hits[:1] for n in w.ctx.bureaus[h.chunk.source].names)
    for record_id in dict.fromkeys(h.chunk.record_id for h in hits_of(hits, "boundary_entry")):
        matter: BoundaryMatter = w.ctx.records[record_id]
        for entry in matter.entries:
            scored = [(w.match(s, query, ignore), s) for s in sentences(entry.basis, w.p.longest_sentence)
                      if holds_measure(s, measures)]
            if not scored:
                continue
            top_score, top = max(scored)
            if top_score <= best_score or top_score < w.p.basis_fact_match:
                continue
            chosen = [top]
            for _, s in sorted(scored, key=lambda x: -x[0]):
                if len(chosen) >= w.p.basis_fact_sentences:
                    break
                # another sentence only for words of the question the chosen ones lack ("到期前多久要申请换证")
                gain = w.match("".join([*chosen, s]), query, ignore) - w.match("".join(chosen), query, ignore)
                if s not in chosen and gain >= w.p.basis_fact_gain:
                    chosen.append(s)
            best, best_score = (matter, entry, sorted(chosen, key=entry.basis.find)), top_score
    return best


def add_basis_fact(w: AnswerLines, found) -> None:
    matter, entry, chosen = found
    cite = w.cite(matter, entry.start_line, entry.end_line, f"{' > '.join(matter.section_path)} > {entry.department}")
    w.add("routing", "basis_fact", text="".join(chosen), cite=cite)
    w.add("routing", "basis_source", bureau=matter.bureau, matter=matter.matter,
          department=f"（{entry.department}）" if entry.department else "")


def compose(query: Query, hits: list[Hit], ctx: AnswerContext) -> Answer:
    """The answer from the records behind the hits; lines that fail a check are dropped."""
    kind = choose_kind(query, hits, ctx.policy.answer, ctx.policy.scope.own_departments)
    w = AnswerLines(ctx)
    measures = measures_asked(query.text, ctx.policy.answer)
    found = basis_fact(w, hits, query, measures) if measures and kind in ("routing", "regime") else None
    if found and kind == "routing":
        add_basis_fact(w, found)  # the number first, the departments after
    COMPOSERS[kind](w, hits, query)
    if found and kind == "regime" and not (w.lines and holds_measure(w.lines[0], measures)):
        # no regime gives the number; the law a boundary row quotes does
        w = AnswerLines(ctx)
        add_basis_fact(w, found)
        kind = "routing"
    if (kind in ("contact", "duty") and measures and len(w.lines) > 1 and not holds_measure(w.lines[0], measures)
            and holds_measure(w.lines[1], measures)):
        # "质量月是几月份？哪个股负责？": the row's content under its unit holds the number asked; it joins the first line
        w.lines[0:2] = [w.lines[0] + w.lines[1]]
    if kind in ("contact", "duty", "accountability") and measures and w.lines and not holds_measure(w.lines[0], measures):
        # "办代码证要多少钱": the service row says who and where, not the fee asked for ("要交多少钱" is refused
        # before any writer runs: vocabulary.toml [scope])
        w.not_stated_first("、".join(m.name for m in measures))
    if (kind in ("regime", "contact", "duty") and w.lines and any(word in query.text for word in ctx.policy.answer.asks_unit)
            and not _UNIT.search(w.lines[0]) and not (measures and holds_measure(w.lines[0], measures))):
        # "哪个科室负责…" of a list with no duty table: a regime's sentence names no 科室 (but "执法科室应当在
        # 多长时间内核查" asks the time, which the sentence gives); nor does a service row whose 承办机构 is the bureau
        if kind in ("contact", "duty") and holds_phone(w.lines[0]):
            # "找哪个股室，电话多少？", "定安的标准日活动呢？" (after "…找哪个股？"): a service row whose 承办机构 is the bureau
            # answers with that and its phone; that no 股室 is named goes with it
            w.lines[0] += w.t.get("contact", "unit_not_named", bureau=w.first_bureau, unit=w.t.get("duty", "unit_asked"))
        else:
            w.not_stated_first(w.t.get("duty", "unit_asked"))
    if (kind in ("regime", "contact", "duty", "routing") and w.lines and asks_basis_only(w, query)
            and any(word in query.text for word in _ASKS_LAW)
            and not any(_BASIS_GIVEN.search(line) for line in w.lines if not _SOURCE_LINE.match(line))):
        # "办特种设备使用登记，依据的是哪部法律哪一条": the row or sentence found names no law; the list gives none here.
        # Asked with who does it ("哪个股负责…，依据哪一条"), the unit stays first and says so
        basis = w.t.get("duty", "basis_asked")
        p = ctx.policy.answer
        if kind != "regime" and any(word in query.text for word in (*p.asks_unit, *department_words(p, ctx.policy.query.asks_who))):
            w.lines[0] += w.t.get("contact", "unit_not_named", bureau=w.first_bureau, unit=basis)
        else:
            w.not_stated_first(basis)
    answer = Answer(body="\n".join(w.lines), citations=w.cites.items, kind=kind,
                    bureaus=[ctx.bureaus[f].bureau for f in w.files])
    answer = drop_unsupported_lines(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    pre = [ctx.bureaus[f].short_name for f in w.files if ctx.bureaus[f].predates_2018_merger]
    if pre and any(u in answer.body for u in ctx.policy.answer.pre_merger_units):
        key = "merger_hotline" if "12365" in answer.body else "merger"
        answer.notes.append(w.t.get("notes", key, bureaus="、".join(pre)))
    return answer


class TemplateWriter:
    """Answers from the records' own words through the templates in prompts/answers.toml."""

    name = "template"

    def write(self, request: WriteRequest) -> Answer:
        return compose(request.query, request.hits, request.ctx)
