"""Regime answers: the sentence(s) of a 监管制度 that hold the fact asked for, first; then
which regime and sub-section they come from. A question in two parts ("多久检查一次？抽多少？")
gets the best sentence for each part; a list item is quoted with the line that introduces it,
and a whole short list when the question asks for a list ("可以作哪些处理")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.query import Query, asking_clause
from assistant.answer.writers.lines import AnswerLines, brief, hits_of, sentences
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
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import Regime, RegimeSection
from assistant.policy import AnswerPolicy
from assistant.search.retrieve import Hit
from assistant.text import CJK

HEADING_NUMERAL = re.compile(r"^\s*(?:-\s*)?(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")
# an enumerated item: （一） (1) ① 1、 — not "1.5倍"
_ITEM = re.compile(r"^\s*(?:[-•·]\s*)?(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[\u2460-\u2473]|\d{1,2}[、．.](?!\d))")
# a question ends at its mark, or at a question particle before a pause ("算重点单位吗 一年至少查几次")
_PART_END = re.compile(r"[？?！!。]|(?<=[吗呢])[\s，,]+")
# a sentence introducing the list below it without a colon: "…由市级监管部门参照以下因素确定。"
_INTRODUCES = re.compile(r"(?:以下|下列|如下)[^。，,；;]{0,12}。$")
# a body that acts in a regime sentence (市县区局, 各县（市、区）市场监督管理局, 质监部门), as the subject of what
# it does ("向…市场监督管理部门申请" names one that does not act)
_AGENT = re.compile(r"(?:市场监督管理(?:局|部门)|市场监管(?:局|部门)|[市县区]局|质量技术监督(?:局|部门)|(?:质监|工商|监管|执法)部门)"
                    r"(?:根据|依照|依据|按照|负责|对|开展|实施|进行|组织|受理|要|应当|可以)")
# a choice asked between two answers ("样品是白拿还是花钱买")
_CHOICE = re.compile(r"是[^，,。；;？?]{1,10}还是")
# a choice between two bodies asks who acts as a routing question does ("抽查是市局做还是县（市、区）局做")
_BODY_CHOICE = re.compile(r"(?:局|部门|级)[^，,。；？?]{0,4}还是[^，,。；？?]{0,8}(?:局|部门|级)")


def _asks_who_acts(query: Query) -> bool:
    return query.intent == "routing" or bool(_BODY_CHOICE.search(query.text))


# a body a sentence names: the answer to a regime question asking who ("检查情况要报给谁" → "报送市质监局")
_BODY = re.compile(r"[省市县区][\u4e00-\u9fff]{0,4}(?:局|部门|政府)|(?:质监|工商|监管|执法|主管|上级)部门|(?:司法|公安)机关")


# a number a question for a quantity is answered by: digits, or a Chinese numeral with its unit
_QUANTITY = re.compile(r"\d|[一二三四五六七八九十两百千万]+(?:个|日|天|年|月|次|名|人|倍|元|万|周|小时|工作日|成)"
                       r"|[一二三四五六七八九十百]分之[一二三四五六七八九十]")  # 三分之二以上委员


@dataclass
class RegimeLine:
    n: int  # line number in the source
    section: int  # index of the regime's sub-section
    text: str  # the line as written
    lead_in: int = 0  # the line introducing the list this line is an item of (0: none)


def _item_style(line: str) -> str:
    """The numbering style of a list item: "（一）" and "（二）" share one, "①" another."""
    m = _ITEM.match(line)
    if not m:
        return ""
    return re.sub(r"[一二三四五六七八九十]+", "一", re.sub(r"\d+", "1", m.group(0).strip().lstrip("-•· ")))


def regime_lines(regime: Regime, source: SourceText) -> list[RegimeLine]:
    """Every paragraph line of a regime (sub-section headings aside), with the line that
    introduces it when it is a list item ("（5）不得抽样的情形：" above "⑤…", but not above "（6）")."""
    out = []
    for i, s in enumerate(regime.sections):
        lead_in = 0
        for n in range(s.start_line, s.end_line + 1):
            line = source.line(n).strip()
            if not line or (s.heading and n == s.start_line and len(line) <= len(s.heading) + 1):
                continue  # a heading line alone (a heading with its text on one line is a paragraph)
            style = _item_style(line)
            if lead_in and (not style or style == _item_style(source.line(lead_in).strip())):
                lead_in = 0  # a plain line, or a sibling of the introducing item, ends the list
            out.append(RegimeLine(n, i, line, lead_in))
            if line.endswith(("：", ":")) or _INTRODUCES.search(line):
                lead_in = n
    return out


def question_parts(text: str) -> list[str]:
    """The parts of a question asked in several sentences ("多久作出决定？能延长吗？")."""
    parts = [p.strip() for p in _PART_END.split(text) if len(re.sub(r"\W", "", p)) >= 2]
    return parts or [text]


_LISTED = re.compile(r"(?:哪些|哪几[个项种类条]?|什么)([\u4e00-\u9fff]{2})")


# … or the noun before it ("使用单位都包括哪些地方" asks a list of 单位)
_LISTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2})(?:都|一般|主要)?(?:包括|包含|有|是|指)(?:哪些|哪几)")


def listed_nouns(part: str) -> tuple[str, ...]:
    """The nouns a list asked for may be introduced by: the one asked ("处理" of "可以作哪些处理") and
    the one it is asked of ("使用单位都包括哪些地方": 单位)."""
    return tuple(m.group(1) for m in (_LISTED.search(part), _LISTED_BEFORE.search(part)) if m)


def _quantity_clauses(sentence: str) -> str:
    """The comma clauses of a sentence that hold a quantity, each with the clauses around it, where
    who acts and what is done in that time stand ("应当自收到…之日起十五日内，向…提出书面复检申请");
    "" for none."""
    units = re.split(r"[，,：:]", _ITEM.sub("", sentence))
    return " ".join(" ".join(units[max(0, i - 1): i + 2]) for i, c in enumerate(units) if _QUANTITY.search(c))


def _asked_phrase(part: str, p: AnswerPolicy) -> str:
    """In a question of one clause, the phrase after its last "的" before the word asking for a quantity
    ("纤维经营者的定期检查一年搞几次": 定期检查一年搞几次): what is counted is named there, the words before
    it name whose it is. With no such "的", the words from the quantity asked on, when they name what is
    done in it ("交了复查申请以后多久来复查": 多久来复查, not the step it counts from); else ""."""
    at = min((i for i in (part.find(word) for word in p.asks_quantity) if i > 0), default=-1)
    cut = part.rfind("的", 0, at) if at > 0 else -1
    if cut > 0:
        return part[cut + 1:]
    after = part[at:] if at > 0 else ""
    done = after
    for word in (*p.asks_quantity, *p.question_words):
        done = done.replace(word, "")
    return after if len(CJK.findall(done)) >= 2 else ""


@dataclass
class _Choice:
    score: float
    line: RegimeLine
    sentence: str


class _RegimeReader:
    """Scores the lines and sentences of one regime against a question."""

    def __init__(self, w: AnswerLines, regime: Regime, hit: Hit, query: Query):
        self.w, self.regime, self.query = w, regime, query
        self.asks_who_acts = _asks_who_acts(query)  # "归谁查", "是市局做还是县局做"
        self.asks_whom = "谁" in query.text  # "检查情况要报给谁", "由谁审批"
        self.source = w.ctx.sources[regime.source]
        self.lines = regime_lines(regime, self.source)
        self.leads = {ln.lead_in for ln in self.lines if ln.lead_in}  # lines introducing a list
        # the regime title and the bureau are what chose this regime; the rest of the question picks its lines
        self.ignore = f"{regime.regime_title} {regime.bureau} {w.short(regime)}"
        # in the asking clause only its content words count ("可以怎么处理" is about 处理)
        self.ask_ignore = " ".join([self.ignore, *sorted(w.ctx.policy.scope.frame_words)])
        wanted = w.p.penalty_fields if query.intent == "penalty" else ()
        self.weight = {ln.n: (w.p.top_section_bonus if ln.section == hit.chunk.part else 1.0)
                       * (w.p.penalty_field_bonus if regime.sections[ln.section].field in wanted else 1.0)
                       for ln in self.lines}
        # asked whether the bureau handles something ("商场卖的电饭锅…会查吗"), the lines saying what the regime
        # covers answer with its title: their own words only repeat it
        handled = any(word in query.text for word in w.p.asks_whether_handled)
        self.scope_lines = {ln.n for ln in self.lines if handled and regime.sections[ln.section].field in w.p.handled_fields}
        self.bureau_only = f"{regime.bureau} {w.short(regime)}"
        # "用什么方式监督检查": the sub-sections whose heading ends with the noun asked (监督检查方式)
        asked = listed_nouns(query.text)
        self.headed = {i for i, s in enumerate(regime.sections) if asked and HEADING_NUMERAL.sub("", s.heading).strip().endswith(asked)}
        self._ranked: dict[tuple[str, bool, bool], list[_Choice]] = {}
        self.line_scores = {ln.n: w.match(self.context(ln), query, self.ignore_of(ln), True) * self.weight[ln.n]
                            for ln in self.lines}

    def ignore_of(self, ln: RegimeLine) -> str:
        """The words of the question a line's match leaves out: the title and bureau that chose the regime,
        or only the bureau for a line read with the title."""
        return self.bureau_only if ln.n in self.scope_lines else self.ignore

    def lead(self, ln: RegimeLine) -> str:
        """The line introducing the list `ln` is an item of ("" when none)."""
        return self.source.line(ln.lead_in).strip() if ln.lead_in else ""

    def headed_list(self, c: _Choice) -> list[RegimeLine]:
        """The lines of the sub-section a chosen line stands in, when its heading names what is asked and
        every line of it is a list item ("三、监督检查方式" over "（一）听取汇报；（二）…"): the list answers whole."""
        if c.line.section not in self.headed:
            return []
        run = [x for x in self.lines if x.section == c.line.section]
        return run if all(_ITEM.match(x.text) for x in run) else []

    def opened(self, c: _Choice) -> _Choice:
        """A chosen line that only introduces a list ("可作如下处理：") stands for its list: its first item,
        which is quoted with it."""
        if c.line.n not in self.leads:
            return c
        first = next(x for x in self.lines if x.lead_in == c.line.n)
        return _Choice(c.score, first, first.text)

    def with_lead(self, c: _Choice) -> str:
        """A chosen sentence with the line introducing its list ("定期检查一般一年一次：" above its items)."""
        return f"{self.lead(c.line)}{c.sentence}"

    def context(self, ln: RegimeLine, text: str | None = None) -> str:
        """What a line (or one of its sentences) is matched as: with its sub-section heading, so
        that "怎么处理" finds the 处理 section, and with the line introducing its list."""
        title = self.regime.regime_title if ln.n in self.scope_lines else ""
        return f"{title} {self.regime.sections[ln.section].heading} {self.lead(ln)} {text if text is not None else ln.text}"

    def best(self) -> float:
        """How well this regime answers the question: its best line read with the regime's
        title (comparable across regimes, unlike the line scores, which leave the title out)."""
        bureau = f"{self.regime.bureau} {self.w.short(self.regime)}"
        # the preamble says what the regime is about ("为加强对棉花、茧丝…等纤维的质量监督") as the title does
        about = " ".join([self.regime.regime_title, *(s.text for s in self.regime.sections if s.field == "preamble")])
        return max((self.w.match(f"{about} {self.context(ln)}", self.query, bureau) * self.weight[ln.n]
                    for ln in self.lines), default=0.0)

    def candidates(self, part: str, whole: bool, as_list: bool) -> list[_Choice]:
        """Every sentence with its score for one part of the question, best first. For a
        question asking for a list, an item is matched with its whole list. Scored once per part."""
        key = (part, whole, as_list)
        if key not in self._ranked:
            self._ranked[key] = self._candidates(part, whole, as_list)
        return self._ranked[key]

    def _candidates(self, part: str, whole: bool, as_list: bool) -> list[_Choice]:
        w, p = self.w, self.w.p
        quantity = any(word in part for word in p.asks_quantity)
        asked = asking_clause(part, (*p.asks_quantity, *p.question_words))
        phrase = "" if asked or not quantity else _asked_phrase(part, p)
        weight = p.ask_clause_weight if asked else p.ask_phrase_weight
        asked = asked or phrase
        listed = listed_nouns(part) if as_list else ()
        # one part of several asking a number ("每次至少去几个人？"): a sentence giving that number weighs more
        counted = [] if whole else measures_asked(part, p)
        out: list[_Choice] = []
        for ln in self.lines:
            if self.line_scores[ln.n] <= 0 and not (as_list and ln.lead_in):
                continue
            run = " ".join(x.text for x in self.lines if x.lead_in == ln.lead_in) if as_list and ln.lead_in else ""
            for s in sentences(ln.text, p.longest_sentence):
                text = self.context(ln, f"{s} {run}")
                ignore = self.ignore_of(ln)
                if whole:
                    score = w.match(text, self.query, ignore, True)
                else:
                    score = (w.ctx.relevance(text, part, ignore, True)
                             + p.part_context_weight * w.match(text, self.query, ignore, True))
                if asked:
                    # a quantity asked for ("质监部门多久来复查") is the one in the clause the asked words are in:
                    # "…接到复查申请后，应当在15日内组织…抽样复查", not "在30日内完成整改…，提出复查申请"
                    held = _quantity_clauses(s) if quantity else ""
                    score += weight * w.ctx.relevance(held or text, asked, self.ask_ignore, True)
                if self.query.like:  # a comparison: the sentence worded like the earlier bureau's
                    score += p.like_sentence_weight * w.ctx.relevance(s, self.query.like)
                score = (score + p.line_weight * self.line_scores[ln.n]) * self.weight[ln.n]
                if quantity and _QUANTITY.search(_ITEM.sub("", s)):
                    score *= p.quantity_bonus
                if counted and holds_measure(f"{self.lead(ln)}{s}", counted):
                    score *= p.part_measure_bonus
                if self.asks_who_acts and _AGENT.search(s):
                    score *= p.routing_agent_bonus  # "归谁查": the sentence saying who acts
                if any(n in self.lead(ln) + (ln.text if ln.n in self.leads else "") for n in listed):
                    score *= p.list_bonus  # "哪些处理": the list "可作如下处理：" introduces
                if score > 0:
                    out.append(_Choice(score, ln, s))
        return sorted(out, key=lambda c: (-c.score, c.line.n))

    def choose(self, parts: list[str], as_list: bool) -> list[_Choice]:
        """One sentence per part of the question, each a different one: the part that is surest
        of its sentence takes it first ("巡查频次是多少？要几个人？" gets two sentences)."""
        ranked = [self.candidates(part, len(parts) == 1, as_list) for part in parts]
        taken: dict[int, _Choice] = {}
        for i in sorted(range(len(parts)), key=lambda i: -(ranked[i][0].score if ranked[i] else 0.0)):
            used = {(c.line.n, c.sentence) for c in taken.values()}
            free = [c for c in ranked[i] if (c.line.n, c.sentence) not in used]
            if free and ranked[i] and free[0].score >= self.w.p.part_keep_share * ranked[i][0].score:
                taken[i] = free[0]
        return [taken[i] for i in sorted(taken)]


def _holding_regime(w: AnswerLines, reader: _RegimeReader, top: Hit, section_hits: list[Hit], query: Query,
                    asked_text: str, measures: list[Measure], asks_list: bool,
                    ) -> tuple[_RegimeReader, Hit, list[_Choice]]:
    """For a question asking for a quantity: the chosen regime when its best sentence gives it;
    else another retrieved regime of the same list whose sentence giving it matches nearly as well
    as the chosen regime's best ("气瓶充装…年检…多少天内" is not in the 机动车安检 regime that shares 年检).
    With the regime, its sentences ranked for the asked text."""
    def held(ranked: list[_Choice], r: _RegimeReader) -> float:
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
        other = _RegimeReader(w, regime, hit, query)
        ranked = other.candidates(asked_text, True, asks_list)
        score = held(ranked, other)
        if score and score >= bar:
            return other, hit, ranked
    return reader, top, own_ranked


def _part_measure(reader: _RegimeReader, parts: list[str], measures: list[Measure], p: AnswerPolicy) -> _Choice | None:
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


def _about_asked(w: AnswerLines, reader: _RegimeReader, c: _Choice, asked: str) -> bool:
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


def _list_run(reader: _RegimeReader, ln: RegimeLine) -> list[RegimeLine]:
    """The items of the list a line belongs to (all under the same introducing line)."""
    return [x for x in reader.lines if x.lead_in == ln.lead_in and x.section == ln.section]


def compose_regime(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The regime whose lines match the question best, among the regimes of the two best
    sub-section hits: the sentence(s) holding the fact asked for, then where they stand."""
    section_hits = hits_of(hits, "regime_section")
    readers: list[tuple[float, _RegimeReader, Hit]] = []
    for rank, hit in enumerate(section_hits[:2]):
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if any(r.regime is regime for _, r, _ in readers):
            continue
        reader = _RegimeReader(w, regime, hit, query)
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
    ranked: list[_Choice] = []
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
    who = _AGENT if reader.asks_who_acts else _BODY if reader.asks_whom else None
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
    pieces, shown_leads, shown = [], set(), set()
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
                text = _ITEM.sub("", text, count=1)  # "3、收到《年检表》…": the answer, not item 3 of a list
            if asks_who and text.startswith(w.p.subjectless_openers):
                text = _with_subject(ln.text, c.sentence, w.p.longest_sentence) + text
            if ln.n in reader.scope_lines and not lead:  # "监督检查对象为流通领域商品…的经营者"
                text = w.t.get("regime", "scope_line", label=HEADING_NUMERAL.sub("", sec.heading), text=text)
        if (text, start, end) in shown:
            continue  # two items of one list asked for: the list is quoted once
        shown.add((text, start, end))
        if lead and ln.lead_in not in shown_leads:
            shown_leads.add(ln.lead_in)
            text = lead + text
        pieces.append(text + w.cite(regime, start, end, path(sec)))
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
