"""What a question asks a number of, and whether a sentence gives it: the measures asked (时限, 次数 …,
from the policy's "name : asking words : units" entries), whether a sentence holds one, and which step of a
case a time is asked or given for ("多少天内决定是否立案" is not answered by a time for 上报)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.query import asking_clause
from assistant.policy import AnswerPolicy
from assistant.text import bigrams

_ANY_TIME = "工作日|小时|日|天|周|月|年"


def time_runs_from_asked(sentence: str, asked: str, measures: list[Measure], steps: tuple[str, ...] = (),
                         quantity_words: tuple[str, ...] = ()) -> bool:
    """The time limit a sentence gives is for a later step than the one asked: "处罚决定书应当自作出之日起
    7日内送达当事人" gives when 送达 is due, not 作出 ("多长时间内作出处罚决定"): the words asked name the event
    the time runs from ("自作出之日起") and none of what is done in that time. So is a time running from a
    step of a case (`steps`: "自立案之日起…3个月内") asked about that step itself ("多少天内决定立不立案")."""
    # a time asked; the sentence's time in whatever unit ("3个月内" answers no "多少天", but runs from a step all the same)
    asks_time = any(m.name == "时限" and m.units for m in measures)
    found = re.search(f"{_NUMERAL}(?:{_ANY_TIME})内?", sentence) if asks_time else None
    if not found:
        return False
    start = re.search(r"自(.+?)(?:之日)?起", re.split(r"[，,：:；;]", sentence[:found.start()])[-1])
    if not start:
        return False
    step = re.split(r"[，,。：:；;]", sentence[found.end():])[0]
    at = min((i for i in (asked.find(word) for word in quantity_words) if i >= 0), default=-1)
    if at >= 0 and any(start.group(1) == word and word in asked[at:] for g in steps for word in g.split()):
        return True  # the time asked ends with the step the sentence's time starts from ("自立案之日起")
    pairs = bigrams(asked)
    named = [p for p in pairs if p in start.group(1)]
    if not named or re.search(f"(?:{'|'.join(map(re.escape, named))}).{{0,6}}?(?:后|起)", asked):
        return False  # "收到报告之后多少天内提": the question too counts from that event
    return not any(p in step for p in pairs)


def steps_asked(asked: str, steps: tuple[str, ...], quantity_words: tuple[str, ...]) -> set[int]:
    """The steps of a case the question asks a time for, as indexes of `steps` (groups of words naming one
    step): what is done in the time asked follows the word asking for it."""
    at = min((i for i in (asked.find(word) for word in quantity_words) if i >= 0), default=-1)
    if at < 0:
        return set()
    asked_step = re.split(r"[，,。；;？?！!]", asked[at:])[0]
    return {i for i, g in enumerate(steps) if any(word in asked_step for word in g.split())}


def _steps_timed(sentence: str, steps: tuple[str, ...]) -> set[int]:
    """The steps a sentence gives times for: what is done in a time given follows the number."""
    # "十五日内，向…提出书面复检申请": the clause after the number, or the next one when a comma follows it at once,
    # with the clauses that go on with the same doing ("15日内组织核查，并决定是否立案")
    # A number closing its clause ("改正期限一般不超过30日；") times what that clause names before it
    timed_step = " ".join(_done_before(sentence[: m.start()]) if re.match(r"\s*(?:[。；;]|$)", sentence[m.end():])
                          else _done_in(sentence[m.end():]) for m in _TIMED.finditer(sentence))
    return {i for i, g in enumerate(steps) if any(word in timed_step for word in g.split())}


def _done_before(before: str) -> str:
    """What a time closing its clause is for: the clause before the number."""
    return re.split(r"[，,。；;]", before)[-1]


def _done_in(rest: str) -> str:
    """What is done in a time, from the text after the number: its clause and those that go on with it."""
    clauses = re.split(r"[，,。；;]", rest.lstrip("，, "))
    done = [clauses[0]]
    for c in clauses[1:]:
        if not c.startswith(("并", "同时")):
            break
        done.append(c)
    return " ".join(done)


def timed_other_step(sentence: str, asked: set[int], steps: tuple[str, ...]) -> bool:
    """The sentence times another step of a case than the `asked` ones (`steps_asked`): "多少天内必须决定是否立案"
    is not answered by "查实为重大案件之后2个工作日内要…逐级上报"."""
    if not asked:
        return False
    timed = _steps_timed(sentence, steps)
    return bool(timed and not asked & timed)


def times_step_asked(sentence: str, asked: set[int], steps: tuple[str, ...]) -> bool:
    """The sentence gives a time for a step the question asks one for ("多久要报到市局": "2个工作日内…上报")."""
    return bool(asked and asked & _steps_timed(sentence, steps))


# a time a sentence gives, with what is done in it after ("2个工作日内要…上报")
_TIMED = re.compile(r"(?:\d+|[一二三四五六七八九十两百]+)\s*个?\s*(?:工作日|日|天|小时|周|月|年)(?:之?内|以内)?")

def _counted_units(units) -> str:
    """The units written after a number ("15日", "2名"), as one regular-expression alternation:
    not a frequency (每年), a percentage sign or an address (www), which are found otherwise."""
    return "|".join(re.escape(u) for u in units if u not in ("%", "百分之") and not u.startswith(("每", "按")) and not u.isascii())


_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万半零]+)\s*个?\s*"
# a percentage is written after its number ("30%") or before it ("百分之三十")
_PERCENT = re.compile(r"\d\s*%|百分之")


@dataclass(frozen=True)
class Measure:
    name: str  # what is asked for: 时限, 次数 …
    units: tuple[str, ...]


# a yes-or-no question checking a number ("也是20天吗？", "是不是也是20天呢？")
_CHECKS = "吗|么|不是|对不对|对吧"


def measure_entries(measures: tuple[str, ...]) -> list[tuple[list[str], list[str], list[str]]]:
    """The policy's "name : asking words : units" entries, each as its three lists of words."""
    return [tuple(part.split() for part in entry.split(":")) for entry in measures]


def asked_measures(text: str, measures: tuple[str, ...]) -> list[Measure]:
    """The quantities a question asks for ("几个工作日内" asks for a 时限), from the policy's
    "name : asking words : units" entries."""
    out = []
    for name, asks, units in measure_entries(measures):
        named = _counted_units(units)
        checked = (re.search(f"(?:是|要|有)\\s*\\d+\\s*({named})[^，,。？?]{{0,3}}(?:{_CHECKS})", text)
                   or re.search(f"(?:是不是|是否)[^，,。？?\\d]{{0,4}}\\d+\\s*({named})", text)) if named else None
        matched = [word for word in asks if _asks(word, text)]
        if matched:
            # "每年查几次", "一年几次": the period is given, the count in it is asked ("每年…进行专项检查" gives none)
            units = [u for u in units if not (u.startswith(("每", "按")) and re.search(f"[每一按]{re.escape(u[1:])}", text))]
            out.append(Measure("".join(name), _named_units(matched, tuple(units))))
        elif checked:
            # "也是20天吗？" asks whether the time limit is that number: a number of days answers, not "未满1年"
            unit = checked.group(1)
            same = _DAYS if unit in _DAYS else (unit,)
            out.append(Measure("".join(name), tuple(u for u in units if u in same)))
    return out


def quantity_clause(text: str, p: AnswerPolicy) -> str:
    """The clause that asks for a quantity or a fact, or the whole text when no one clause does."""
    return asking_clause(text, (*p.asks_quantity, *p.question_words)) or text


def measures_asked(text: str, p: AnswerPolicy) -> list[Measure]:
    """The quantities the clause that asks asks for: "我们几个人…弄了个报刊…这个登记要去哪里办" asks for no 人数."""
    return asked_measures(quantity_clause(text, p), p.asked_measures)


# units that count days alike: "20天" is checked against "20日内" or "20个工作日"
_DAYS = ("日", "天", "工作日")
# units of time: a time limit asked in one of them ("几天内") is answered in it, not "一年一次"
_TIME_UNITS = ("日", "天", "工作日", "月", "年", "小时", "周", "季度")


def _named_units(words: list[str], units: tuple[str, ...]) -> tuple[str, ...]:
    """The units a time limit is asked in: "几天内", "多少个工作日" ask for days ("一般连续进行三年" is no answer),
    "多久" for any. A word that only names the kind of fact ("有没有时间要求？多少天内结案") leaves the unit to the
    words asking for the number."""
    asking = [w for w in words if re.search("[几多久]", w)] or words
    named = [next((u for u in sorted(units, key=len, reverse=True) if w.endswith(u)), "") for w in asking]
    if not all(n in _TIME_UNITS for n in named):
        return units
    wanted = {u for n in named for u in (_DAYS if n in _DAYS else (n,))}
    return tuple(u for u in units if u in wanted)


# "穿了没几天", "才几次", "前几天": the words tell a story, they ask for nothing
_NOT_ASKING_BEFORE = "没才前这那好"


def _asks(word: str, text: str) -> bool:
    # "提前多久", "到期前多久" ask ("前几天" does not); "一次性饭盒" asks no count
    def asking(at: int) -> bool:
        before = text[at - 1] if at else ""
        return (not before or before not in _NOT_ASKING_BEFORE or text[:at].endswith("提前")
                or (before == "前" and not word.startswith("几")))
    # "几个…员" stands for a few characters between ("几个监察员", "几个执法人员")
    pattern = "[\u4e00-\u9fff]{0,4}".join(map(re.escape, word.split("…")))
    return any(asking(m.start()) and not text.startswith("性", m.end()) and not _TOLD.match(text, m.end())
               for m in re.finditer(pattern, text))


# "穿几天就掉底": what happened after a while, told ("几天就能办好" asks)
_TOLD = re.compile(r"就(?![^，,。；;？?！!]*(?:能|可|会|吗|呢|[？?]))")


def holds_measure(sentence: str, measures: list[Measure]) -> bool:
    """Does the sentence give a number of what is asked ("15个工作日", "不少于2家")?"""
    for m in measures:
        if any(u in ("%", "百分之") for u in m.units) and _PERCENT.search(sentence):
            return True
        if any(u.startswith(("每", "按")) and u in sentence for u in m.units):
            return True  # 每年, 每季度, 按季度: a frequency
        if any(u.isascii() and u.lower() in sentence.lower() for u in m.units):
            return True  # www, .cn: an address, written as it is
        units = _counted_units(m.units)
        if units and re.search(f"{_NUMERAL}(?:{units})(?!度)", sentence):  # "上一年度" is no number of years
            return True
    return False
