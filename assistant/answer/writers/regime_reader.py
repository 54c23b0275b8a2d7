"""Reading one regime against a question: its paragraph lines with the line introducing each
list item, the parts and the phrase a question asks, and every sentence scored for a part
(`RegimeReader`). The regime answer (regime.py) picks and quotes from what this ranks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.query import Query, asking_clause
from assistant.answer.writers.lines import AnswerLines, sentences
from assistant.answer.writers.measures import holds_measure, measures_asked
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import Regime
from assistant.policy import AnswerPolicy
from assistant.search.retrieve import Hit
from assistant.text import CJK

HEADING_NUMERAL = re.compile(r"^\s*(?:-\s*)?(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")
# an enumerated item: （一） (1) ① 1、 — not "1.5倍"
ITEM = re.compile(r"^\s*(?:[-•·]\s*)?(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[\u2460-\u2473]|\d{1,2}[、．.](?!\d))")
# a question ends at its mark, or at a question particle before a pause ("算重点单位吗 一年至少查几次")
_PART_END = re.compile(r"[？?！!。]|(?<=[吗呢])[\s，,]+")
# a sentence introducing the list below it without a colon: "…由市级监管部门参照以下因素确定。"
_INTRODUCES = re.compile(r"(?:以下|下列|如下)[^。，,；;]{0,12}。$")
# a body that acts in a regime sentence (市县区局, 各县（市、区）市场监督管理局, 质监部门), as the subject of what
# it does ("向…市场监督管理部门申请" names one that does not act)
AGENT = re.compile(r"(?:市场监督管理(?:局|部门)|市场监管(?:局|部门)|[市县区]局|质量技术监督(?:局|部门)|(?:质监|工商|监管|执法)部门)"
                    r"(?:根据|依照|依据|按照|负责|对|开展|实施|进行|组织|受理|要|应当|可以)")
# a choice between two bodies asks who acts as a routing question does ("抽查是市局做还是县（市、区）局做")
_BODY_CHOICE = re.compile(r"(?:局|部门|级)[^，,。；？?]{0,4}还是[^，,。；？?]{0,8}(?:局|部门|级)")


def _asks_who_acts(query: Query) -> bool:
    return query.intent == "routing" or bool(_BODY_CHOICE.search(query.text))


# a body a sentence names: the answer to a regime question asking who ("检查情况要报给谁" → "报送市质监局")
BODY = re.compile(r"[省市县区][\u4e00-\u9fff]{0,4}(?:局|部门|政府)|(?:质监|工商|监管|执法|主管|上级)部门|(?:司法|公安)机关")


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
    m = ITEM.match(line)
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
    units = re.split(r"[，,：:]", ITEM.sub("", sentence))
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
class Choice:
    score: float
    line: RegimeLine
    sentence: str


class RegimeReader:
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
        self._ranked: dict[tuple[str, bool, bool], list[Choice]] = {}
        self.line_scores = {ln.n: w.match(self.context(ln), query, self.ignore_of(ln), True) * self.weight[ln.n]
                            for ln in self.lines}

    def ignore_of(self, ln: RegimeLine) -> str:
        """The words of the question a line's match leaves out: the title and bureau that chose the regime,
        or only the bureau for a line read with the title."""
        return self.bureau_only if ln.n in self.scope_lines else self.ignore

    def lead(self, ln: RegimeLine) -> str:
        """The line introducing the list `ln` is an item of ("" when none)."""
        return self.source.line(ln.lead_in).strip() if ln.lead_in else ""

    def headed_list(self, c: Choice) -> list[RegimeLine]:
        """The lines of the sub-section a chosen line stands in, when its heading names what is asked and
        every line of it is a list item ("三、监督检查方式" over "（一）听取汇报；（二）…"): the list answers whole."""
        if c.line.section not in self.headed:
            return []
        run = [x for x in self.lines if x.section == c.line.section]
        return run if all(ITEM.match(x.text) for x in run) else []

    def opened(self, c: Choice) -> Choice:
        """A chosen line that only introduces a list ("可作如下处理：") stands for its list: its first item,
        which is quoted with it."""
        if c.line.n not in self.leads:
            return c
        first = next(x for x in self.lines if x.lead_in == c.line.n)
        return Choice(c.score, first, first.text)

    def with_lead(self, c: Choice) -> str:
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

    def candidates(self, part: str, whole: bool, as_list: bool) -> list[Choice]:
        """Every sentence with its score for one part of the question, best first. For a
        question asking for a list, an item is matched with its whole list. Scored once per part."""
        key = (part, whole, as_list)
        if key not in self._ranked:
            self._ranked[key] = self._candidates(part, whole, as_list)
        return self._ranked[key]

    def _candidates(self, part: str, whole: bool, as_list: bool) -> list[Choice]:
        w, p = self.w, self.w.p
        quantity = any(word in part for word in p.asks_quantity)
        asked = asking_clause(part, (*p.asks_quantity, *p.question_words))
        phrase = "" if asked or not quantity else _asked_phrase(part, p)
        weight = p.ask_clause_weight if asked else p.ask_phrase_weight
        asked = asked or phrase
        listed = listed_nouns(part) if as_list else ()
        # one part of several asking a number ("每次至少去几个人？"): a sentence giving that number weighs more
        counted = [] if whole else measures_asked(part, p)
        out: list[Choice] = []
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
                if quantity and _QUANTITY.search(ITEM.sub("", s)):
                    score *= p.quantity_bonus
                if counted and holds_measure(f"{self.lead(ln)}{s}", counted):
                    score *= p.part_measure_bonus
                if self.asks_who_acts and AGENT.search(s):
                    score *= p.routing_agent_bonus  # "归谁查": the sentence saying who acts
                if any(n in self.lead(ln) + (ln.text if ln.n in self.leads else "") for n in listed):
                    score *= p.list_bonus  # "哪些处理": the list "可作如下处理：" introduces
                if score > 0:
                    out.append(Choice(score, ln, s))
        return sorted(out, key=lambda c: (-c.score, c.line.n))

    def choose(self, parts: list[str], as_list: bool) -> list[Choice]:
        """One sentence per part of the question, each a different one: the part that is surest
        of its sentence takes it first ("巡查频次是多少？要几个人？" gets two sentences)."""
        ranked = [self.candidates(part, len(parts) == 1, as_list) for part in parts]
        taken: dict[int, Choice] = {}
        for i in sorted(range(len(parts)), key=lambda i: -(ranked[i][0].score if ranked[i] else 0.0)):
            used = {(c.line.n, c.sentence) for c in taken.values()}
            free = [c for c in ranked[i] if (c.line.n, c.sentence) not in used]
            if free and ranked[i] and free[0].score >= self.w.p.part_keep_share * ranked[i][0].score:
                taken[i] = free[0]
        return [taken[i] for i in sorted(taken)]
