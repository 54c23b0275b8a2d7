"""Regime answers: the sentence(s) of a 监管制度 that hold the fact asked for, first; then
which regime and sub-section they come from. A question in two parts ("多久检查一次？抽多少？")
gets the best sentence for each part; a list item is quoted with the line that introduces it,
and a whole short list when the question asks for a list ("可以作哪些处理")."""

from __future__ import annotations

import re

from assistant.answer.query import Query
from assistant.answer.writers.lines import AnswerLines, brief, hits_of, quoted_article_line, sentences
from assistant.answer.writers.measures import (
    Measure,
    asked_measures,
    holds_measure,
    measure_entries,
    measures_asked,
    quantity_clause,
    steps_asked,
    time_runs_from_asked,
    timed_other_step,
    times_step_asked,
)
from assistant.answer.writers.referenced import referenced_article
from assistant.answer.writers.regime_reader import (
    AGENT,
    BODY,
    HEADING_NUMERAL,
    ITEM,
    Choice,
    RegimeLine,
    RegimeReader,
    listed_nouns,
    question_parts,
)
from assistant.corpus.records import Regime, RegimeSection
from assistant.policy import AnswerPolicy
from assistant.search.retrieve import Hit
from assistant.text import similar

# a choice asked between two answers ("样品是白拿还是花钱买")
_CHOICE = re.compile(r"是[^，,。；;？?]{1,10}还是")

_DIGITS = re.compile(r"\d+")


def _numbers(text: str) -> list[str]:
    """The numbers a sentence states, its item number ("1、") aside: "1次" and "2次" are two rules."""
    return _DIGITS.findall(ITEM.sub("", text, count=1))


def _holding_regime(w: AnswerLines, reader: RegimeReader, top: Hit, section_hits: list[Hit], query: Query,
                    asked_text: str, measures: list[Measure], asks_list: bool,
                    ) -> tuple[RegimeReader, Hit, list[Choice]]:
    """For a question asking for a quantity: the chosen regime when its best sentence gives it;
    else another retrieved regime of the same list whose sentence giving it matches nearly as well
    as the chosen regime's best ("气瓶充装…年检…多少天内" is not in the 机动车安检 regime that shares 年检).
    With the regime, its sentences ranked for the asked text."""
    def held(ranked: list[Choice], r: RegimeReader) -> float:
        return next((c.score for c in ranked if holds_measure(r.with_lead(c), measures)), 0.0)

    own_ranked = reader.candidates(asked_text, True, asks_list)
    own_top = own_ranked[0].score if own_ranked else 0.0
    own_held = held(own_ranked, reader)
    if own_held and own_held >= own_top:
        return reader, top, own_ranked
    # another regime's sentence giving the number must match nearly as well as the chosen regime's best; when
    # the chosen regime gives one too, but not in its best sentence, better than that best ("责令改正一般给多久":
    # 改正期限一般不超过30日, not the 一年一次 of a regime that only names 责令改正)
    bar = own_top if own_held else w.p.measure_keep_share * own_top
    seen = {reader.regime.id}
    for hit in section_hits[: w.p.measure_regimes]:
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if regime.id in seen or regime.source != reader.regime.source:
            continue
        seen.add(regime.id)
        other = RegimeReader(w, regime, hit, query)
        ranked = other.candidates(asked_text, True, asks_list)
        score = held(ranked, other)
        if score and score >= bar:
            return other, hit, ranked
    return reader, top, own_ranked


def _part_measure(reader: RegimeReader, parts: list[str], measures: list[Measure], p: AnswerPolicy) -> Choice | None:
    """In a question of several parts, the sentence giving the number one part asks for: that part's best
    sentence holding it, when it scores at least a share of the part's best sentence."""
    if len(parts) < 2:
        return None
    # "结案有没有时间要求？多少天内结案？": the step any part asks a time for (结案) is no 改正期限's 30日
    asked = {i for q in parts for i in steps_asked(q, p.timed_steps, p.asks_quantity)}
    for part in parts:
        if not measures_asked(part, p):
            continue
        ranked = reader.candidates(part, False, False)
        held = next((c for c in ranked if holds_measure(reader.with_lead(c), measures)
                     and not timed_other_step(c.sentence, asked, p.timed_steps)), None)
        if held and held.score >= p.part_measure_share * ranked[0].score:
            return held
    return None


def _about_asked(w: AnswerLines, reader: RegimeReader, c: Choice, asked: str) -> bool:
    """Whether the sentence holding the number, with its regime's title, preamble and heading, shares a
    word of the question, besides the words that ask for a number or name a check, and the bureaus' names."""
    regime = reader.regime
    preamble = [s.text for s in regime.sections if s.field == "preamble"]  # "为加强对棉花、茧丝…的质量监督"
    where = " ".join([regime.regime_title, *preamble, regime.sections[c.line.section].heading, reader.with_lead(c)])
    asking = [*w.ctx.bureau_names, *w.p.asks_quantity, *w.p.question_words, *w.p.measure_terms, *w.p.check_words,
              *(word for _, asks, _ in measure_entries(w.p.asked_measures) for word in asks)]
    ignore = " ".join(word for word in asking if word in asked)
    return w.ctx.relevance(where, asked, ignore) > w.p.min_measure_topic_match


def _with_subject(line: str, sentence: str, longest: int) -> str:
    """The sentence before `sentence` in its line ("市市场监督管理局分阶段听取…汇报。" before "对…调查报告予以
    批复。"), which names who does what `sentence` says; "" when it opens the line."""
    parts = sentences(line, longest)
    at = parts.index(sentence) if sentence in parts else 0
    return parts[at - 1] if at > 0 else ""


def _quotable(items: list[RegimeLine], p: AnswerPolicy) -> bool:
    """A list short enough to be quoted whole."""
    return len(items) <= p.max_row_items and sum(len(x.text) for x in items) <= p.max_list_chars


def _joined(items: list[RegimeLine]) -> str:
    """A list's items as one text; a layout bullet is no word of the list."""
    return "".join(x.text.lstrip("-•· ") for x in items)


def _list_run(reader: RegimeReader, ln: RegimeLine) -> list[RegimeLine]:
    """The items of the list a line belongs to (all under the same introducing line)."""
    return [x for x in reader.lines if x.lead_in == ln.lead_in and x.section == ln.section]


def compose_regime(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The regime whose lines match the question best, among the regimes of the two best
    sub-section hits: the sentence(s) holding the fact asked for, then where they stand."""
    section_hits = hits_of(hits, "regime_section")
    readers: list[tuple[float, RegimeReader, Hit]] = []
    for rank, hit in enumerate(section_hits[:2]):
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if any(r.regime is regime for _, r, _ in readers):
            continue
        reader = RegimeReader(w, regime, hit, query)
        readers.append((reader.best() * (1.0 if rank == 0 else w.p.second_regime_factor), reader, hit))
    _, reader, top = max(readers, key=lambda c: c[0])
    # a follow-up asking nothing itself ("定安县呢？", "那衡水市场监管在商场抽检的商品呢？") asks for what the
    # earlier question asked for; one with a question word of its own ("哪些单位算重点？") asks that
    asks_own = (any(word in query.text for word in (*w.p.asks_quantity, *w.p.question_words))
                or bool(_CHOICE.search(query.text)))  # "样品是白拿还是花钱买？" asks a choice of its own
    asked_text = query.text if asks_own else (query.words or query.text)
    asks_list = any(word in query.text for word in w.p.asks_regime_list)
    asks_who = any(word in query.text for word in w.ctx.policy.query.asks_who)
    asking = quantity_clause(asked_text, w.p)
    measures = asked_measures(asking, w.p.asked_measures)
    # the step a time is asked for; a follow-up naming none ("常德市局的清单里是几天？") asks for the earlier one's
    names_step = any(word in query.text for group in w.p.timed_steps for word in group.split())
    asked_steps = steps_asked(asking if names_step or not query.words else query.words, w.p.timed_steps,
                              w.p.asks_quantity)
    ranked: list[Choice] = []
    if measures:
        reader, top, ranked = _holding_regime(w, reader, top, section_hits, query, asked_text, measures, asks_list)
    regime = reader.regime
    title = re.sub(r"^[（(][^）)]+[）)]\s*|^[一二三四五六七八九十]+、", "", regime.regime_title)

    def path(sec: RegimeSection) -> str:
        return " > ".join([*regime.section_path, *([sec.heading] if sec.heading else [])])

    parts = question_parts(query.text)
    chosen = reader.choose(parts, asks_list)
    whole = parts[0] if len(parts) == 1 else query.text  # the question as one part (as choose() scored it when it is one)
    if len(parts) == 1 and len(chosen) == 1 and reader.headed and chosen[0].line.section not in reader.headed:
        # "用什么方式监督检查": the sub-section so headed answers, though its items share few words with the question
        alt = next((c for c in reader.candidates(whole, True, asks_list) if c.line.section in reader.headed), None)
        if alt and alt.score >= w.p.heading_asked_share * chosen[0].score:
            chosen = [alt]
    single = len(chosen) == 1  # one sentence answers: its item number is no part of the answer
    # "想投诉，归谁查": the sentence saying who acts, before the one on the matter; "检查情况要报给谁": the sentence
    # naming a body ("报送市质监局"), before one naming none ("总结上报…情况")
    who = AGENT if reader.asks_who_acts else BODY if reader.asks_whom else None
    if who and chosen and not any(who.search(c.sentence) for c in chosen):
        naming = next((c for c in reader.candidates(whole, True, asks_list) if who.search(c.sentence)), None)
        if naming and naming.score >= w.p.routing_agent_share * chosen[0].score:
            chosen = [naming, *chosen]
    if asks_list:
        chosen = [reader.opened(c) for c in chosen]
        if len(chosen) == 1 and not chosen[0].line.lead_in and chosen[0].line.n not in reader.leads:
            # "重点检查哪些使用单位": the list its introducing line names ("重点监督检查的…使用单位目录…参照以下因素
            # 确定。") answers, not a sentence that only names the kind ("属于重点监督检查的使用单位，每年…不少于1次")
            listed = listed_nouns(whole)
            named = next((reader.opened(c) for c in reader.candidates(whole, True, True)
                          if (c.line.lead_in or c.line.n in reader.leads)
                          and any(n in reader.lead(reader.opened(c).line) for n in listed)), None)
            if named and named.score >= w.p.named_list_share * chosen[0].score:
                chosen = [named]
        if len(chosen) == 1 and chosen[0].line.lead_in:
            # two lists match nearly alike ("重点查哪些单位": 生产单位's and 使用单位's): both answer
            other = next((reader.opened(c) for c in reader.candidates(whole, True, True)
                          if c.line.lead_in not in (0, chosen[0].line.lead_in) and c.line.n != chosen[0].line.lead_in), None)
            if other and other.score >= w.p.second_list_share * chosen[0].score:
                chosen.append(other)
    not_stated = ""
    if measures and chosen and not any(holds_measure(reader.with_lead(c), measures) for c in chosen):
        # the best sentence gives no number of what is asked: one that does, if it matches nearly as
        # well; else the list does not state it, and the best sentence is what it says instead
        # ("多少天内出具检验报告" is not answered by "收到检验报告之日起15日内…提出书面复检申请": another step's time)
        held = [c for c in ranked if holds_measure(reader.with_lead(c), measures)
                and not (asks_own and timed_other_step(c.sentence, asked_steps, w.p.timed_steps))]
        if held and ranked and held[0].score >= w.p.measure_keep_share * ranked[0].score:
            chosen = [held[0]]
        elif extra := _part_measure(reader, parts, measures, w.p):
            # "…算重点单位吗 一年至少查几次": the other part keeps its sentence, the number asked comes with it
            chosen = [*chosen, extra]
        else:
            not_stated = "、".join(m.name for m in measures)
    elif measures and chosen and time_runs_from_asked(chosen[0].sentence, asking, measures, w.p.timed_steps,
                                                      w.p.asks_quantity):
        not_stated = "、".join(m.name for m in measures)
    elif (measures and len(chosen) == 1 and asks_own
          and not times_step_asked(chosen[0].sentence, asked_steps, w.p.timed_steps)
          and (timing := next((c for c in ranked if holds_measure(reader.with_lead(c), measures)
                               and times_step_asked(c.sentence, asked_steps, w.p.timed_steps)), None))
          and timing.score >= w.p.step_keep_share * ranked[0].score):
        # "县里查实了重大案件，多久要报到市局": the sentence timing that step ("2个工作日内…上报"), not one timing
        # another case's handling that matches more words ("15个工作日内直接查处")
        chosen = [timing]
    elif measures and chosen and asks_own and all(
            timed_other_step(c.sentence, asked_steps, w.p.timed_steps)
            for c in chosen if holds_measure(reader.with_lead(c), measures)):
        not_stated = "、".join(m.name for m in measures)  # "多少天内决定是否立案" is no "2个工作日内…上报"
    elif measures and chosen and not _about_asked(w, reader, chosen[0], f"{asked_text} {query.search_text}"):
        # "电梯多长时间检验一次" is not answered by 重大案件's "2个工作日内…上报": a number of something else
        not_stated = "、".join(m.name for m in measures)
    if not chosen:
        s = regime.sections[top.chunk.part]
        if measures:  # no sentence of the regime matches what is asked, let alone gives its number
            w.add("regime", "not_stated", bureau=regime.bureau, measure="、".join(m.name for m in measures))
        w.add("regime", "section", text=brief(s.text, w.p.brief_chars), cite=w.cite(regime, s.start_line, s.end_line, path(s)))
        w.add("regime", "source", bureau=regime.bureau, regime=title, section="")
        return
    pieces, shown_leads, quoted_lines = [], set(), set()
    shown: dict[tuple[str, int, int], bool] = {}  # each piece quoted (text, lines) → whether it stands under a lead-in
    for c in chosen:
        ln, sec = c.line, regime.sections[c.line.section]
        lead = reader.lead(ln)
        run = _list_run(reader, ln) if lead else []
        headed = reader.headed_list(c) if single else []
        if headed and _quotable(headed, w.p):
            text, start, end = _joined(headed), headed[0].n, headed[-1].n
        elif asks_list and run and _quotable(run, w.p):
            text, start, end = _joined(run), ln.lead_in, run[-1].n
        else:
            text, start, end = re.sub(r"^[-•·]\s*", "", c.sentence), (ln.lead_in or ln.n), ln.n  # no layout bullet
            if not lead and (single or len(chosen) == 1):
                text = ITEM.sub("", text, count=1)  # "3、收到《年检表》…": the answer, not item 3 of a list
            if asks_who and text.startswith(w.p.subjectless_openers):
                text = _with_subject(ln.text, c.sentence, w.p.longest_sentence) + text
            if ln.n in reader.scope_lines and not lead:  # "监督检查对象为流通领域商品…的经营者"
                text = w.t.get("regime", "scope_line", label=HEADING_NUMERAL.sub("", sec.heading), text=text)
        if (text, start, end) in shown:
            continue  # two items of one list asked for: the list is quoted once
        if not lead and any(similar(text, t) >= w.p.same_sentence_similarity and _numbers(text) == _numbers(t)
                            and not was_led for (t, _, _), was_led in shown.items()):
            continue  # the list saying one thing twice, in two places, neither an item under a lead-in: said once
        shown[(text, start, end)] = bool(lead)
        if lead and ln.lead_in not in shown_leads:
            shown_leads.add(ln.lead_in)
            text = lead + text
        pieces.append(text + w.cite(regime, start, end, path(sec)))
        # "按照《产品质量法》第五十六条规定处理": what that article says, where the list quotes it, follows
        quoted = referenced_article(c.sentence, w.ctx.sources[regime.source], w.p.quoted_article_within)
        if quoted and quoted.line not in quoted_lines:
            quoted_lines.add(quoted.line)
            pieces.append(quoted_article_line(w, "regime", regime, quoted))
    text = "".join(pieces)
    if not_stated:
        w.add("regime", "not_stated", bureau=regime.bureau, measure=not_stated)
        w.add("regime", "related", text=text)
    else:
        if query.intent == "routing" or any(word in query.text for word in w.p.asks_whether_handled):
            # "市场监管局会查吗", "该向哪里举报": that the bureau has a regime for it is the answer
            text = w.t.get("regime", "handled", bureau=regime.bureau, regime=title) + text
        w.add("regime", "answer", text=text)
    label = HEADING_NUMERAL.sub("", regime.sections[chosen[0].line.section].heading)
    w.add("regime", "source", bureau=regime.bureau, regime=title, section=f"「{label}」" if label else "")
