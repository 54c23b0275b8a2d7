"""What conduct a penalty question asks about, judged against a clause's conduct: the acts a clause opens
with and whether the question names them (in the lists' words or plain ones), the act, object, requirement
or subject the question names that the conduct lacks, and the lists' terms the vocabulary added to the
question. The penalty composer orders and gates clauses with these."""

from __future__ import annotations

import re

from assistant.answer.query import Query
from assistant.answer.writers.regime_reader import HEADING_NUMERAL
from assistant.corpus.records import PenaltyClause
from assistant.search.lexical import segmenter

# a listed item inside a sentence: (二) （3） ①
INLINE_ITEM = re.compile(r"[（(][一二三四五六七八九十\d]{1,3}[）)]|[\u2460-\u2473]")
# conditions that grade the measures for one conduct (not the conduct itself)
GRADES = ("构成", "未构成", "不构成", "情节", "逾期", "拒不", "造成", "有违法所得", "没有违法所得", "无违法所得")


def _conduct_head(p: PenaltyClause) -> str:
    """A clause's conduct from its first word: numbering ("5、", "（二）") and 对/对于 left out."""
    head = HEADING_NUMERAL.sub("", p.violation or p.sentence, count=1)  # "5、对销售…"
    mark = INLINE_ITEM.match(head)  # "（二）对销售…"
    return re.sub(r"^\s*(?:对于|对)", "", head[mark.end():] if mark else head)


def names_leading_act(p: PenaltyClause, query: Query, acts: tuple[str, ...]) -> bool:
    """The act a clause's conduct opens with ("对销售…的" opens with 销售) is one the question names, in its
    words or the lists' (卖 → 销售); a clause opening with none of the acts names none the question lacks."""
    head = _conduct_head(p)
    opening = next((a for a in acts if head.startswith(a)), "")
    return not opening or opening in query.search_text


# the words joining acts before their object: "伪造、盗用、倒卖…", "伪造或者冒用…"
_ACT_JOINER = r"(?:、|或者|或|和|及|与)"


def opening_acts(p: PenaltyClause, acts: tuple[str, ...]) -> list[str]:
    """The acts a clause's own conduct opens with, joined ("对于伪造、盗用、倒卖强制检定印、证的": 伪造, 盗用, 倒卖),
    when it opens with one of `acts`; none for a clause whose conduct is its listed items."""
    head = _conduct_head(p)
    if p.items or not head.startswith(acts):
        return []
    # the two-character verbs joined before the object (盗用 too, though no act of the list)
    run = re.match(f"(?:[\u4e00-\u9fff]{{2}}{_ACT_JOINER})*[\u4e00-\u9fff]{{2}}", head)
    return [a for a in re.split(_ACT_JOINER, run.group(0)) if a] if run else []


def names_any_act(query: Query, acts: list[str], plain_acts: tuple[str, ...]) -> bool:
    """The question names one of the acts, in the lists' words or a plain word doing it ("拿假的…证" for 伪造,
    "证书是租来的" for 出租)."""
    plain = {a for entry in plain_acts for word, done in [entry.split(":")] if word.strip() in query.text
             for a in done.split()}
    return any(a in query.search_text or a in plain for a in acts)


def conduct_only(violation: str) -> str:
    """A clause's conduct without the conditions that grade its measures: in "伪造、冒用《计量检定员证》，
    构成有关法律法规规定的违法行为的" the conduct is the first part; every clause of that article
    shares the second."""
    pieces = re.split(r"(?<=[，,])", violation)
    kept = [pieces[0], *(p for p in pieces[1:] if not p.lstrip().startswith(GRADES))]
    return "".join(kept).rstrip("，, ")


def clause_conduct(p: PenaltyClause) -> str:
    """The conduct a clause fines, its measures and the conditions grading them left out: its own
    violation, the conduct of the paragraph it refers back to, and its listed cases."""
    return " ".join([conduct_only(p.violation or p.sentence), p.prior_conduct, *p.items])


def other_act(question: str, conduct: str, acts: tuple[str, ...]) -> bool:
    """The question names an act (出借, 涂改, 分包 …) that the closest conduct does not, or does to
    something the question does not name: a clause on 出具的检验结果不实 is no answer to 出借检测设备, nor
    one on 伪造数据 to 伪造《计量检定员证》, however many words they share."""
    named = named_acts(question, acts)
    return bool(named) and not any(a in conduct and _names(question, _object(conduct, a, acts)) for a in named)


_UNMET = r"(?:未经|未取得|未获得?|未|没有?|没拿到?|没经过|无|不具备|不具有)[^，,。；;的]{0,10}?"


# a requirement held: "取得制造、修理计量器具许可的单位"; in a question's words too ("早就拿了制造计量器具许可证",
# "前年拿的…许可"); not "没有取得", "从来没有办过", nor across a negation ("办了营业执照但没有许可证")
_NOT_BEFORE = r"(?<![未没无])(?<!没有)(?<!还没)(?<!从没)"
_HELD = _NOT_BEFORE + r"(?:取得|获得|持有|具备|具有)[^，,。；;的但没未无]{0,10}?"
_HAD = _NOT_BEFORE + r"(?:取得|获得|持有|拿了|拿的|拿到|办了|办过|领了|有了)[^，,。；;但没未无]{0,10}?"


def unmet_requirements(text: str, requirements: tuple[str, ...]) -> set[str]:
    """The requirements a text says were not met: "未经型式批准", "没有许可证", "未取得制造、修理计量器具许可"."""
    return {r for r in requirements if re.search(_UNMET + re.escape(r), text)}


def other_requirement(question: str, conduct: str, requirements: tuple[str, ...]) -> bool:
    """The question names a requirement not met (型式批准) and the conduct another one only (许可): "制造、销售未经
    型式批准的计量器具新产品" is no "销售未取得制造、修理计量器具许可的产品", however many words they share."""
    asked, named = unmet_requirements(question, requirements), unmet_requirements(conduct, requirements)
    return bool(asked and named and not asked & named)


def held_requirement(question: str, conduct: str, requirements: tuple[str, ...]) -> bool:
    """The question names a requirement not met ("根本没修理许可") that the conduct names as met: "取得制造、修理
    计量器具许可的单位…应当办理许可证变更手续而未办理的" is conduct of holders, no answer to working without one."""
    held = {r for r in requirements if re.search(_HELD + re.escape(r), conduct)}
    # "早就拿了…许可证，…一直没去办许可证变更": the question's holder did hold it
    had = _had(question, requirements)
    # "一直没办许可证变更": what was not done is the change, not the licence
    changed = {r for r in requirements if re.search(_UNMET + re.escape(r) + r"证?(?:书)?(?:的)?变更", question)}
    return bool((held - unmet_requirements(conduct, requirements)) & (unmet_requirements(question, requirements) - had - changed))


def same_unmet(question: str, conduct: str, requirements: tuple[str, ...]) -> bool:
    """The conduct says a requirement the question says was not met was not met ("没有许可证…修加油机":
    "未取得制造、修理计量器具许可，擅自从事…修理活动的")."""
    return bool(unmet_requirements(question, requirements) & unmet_requirements(conduct, requirements))


def had_requirement(question: str, conduct: str, requirements: tuple[str, ...]) -> bool:
    """The question says a requirement was held ("拿到型式批准后私自改了结构") that the conduct says was not met:
    "制造、销售未经型式批准…新产品" is conduct of those without it, no answer to what a holder did after."""
    had = _had(question, requirements)
    return bool((had - unmet_requirements(question, requirements)) & unmet_requirements(conduct, requirements))


def _had(question: str, requirements: tuple[str, ...]) -> set[str]:
    """The requirements a question says were held ("拿到型式批准后", "早就拿了…许可证")."""
    return {r for r in requirements if re.search(_HAD + re.escape(r), question)}


def other_subject(question: str, conduct: str, subjects: tuple[str, ...]) -> bool:
    """The question names a subject (设备监理, 直销 …) the conduct never names: "违法从事设备监理活动" is not
    "未取得制造、修理计量器具许可，擅自从事…活动", however many words they share."""
    named = [s for s in subjects if s in question]
    return bool(named) and not any(s in conduct for s in named)


_TITLE = re.compile(r"《[^》]*》")
# "单位或者个人", "企业和个人": a doer of either kind
_EITHER = re.compile(r"(?:单位|企业|机构|公司)(?:或者|或|和|及|与|、)(?:个人|人员)|(?:个人|人员)(?:或者|或|和|及|与|、)(?:单位|企业|机构)")


def plain_act_words(plain_acts: tuple[str, ...]) -> tuple[str, ...]:
    """The plain words of `plain_acts` entries ("假的 : 伪造 冒用 变造" → 假的)."""
    return tuple(entry.split(":")[0].strip() for entry in plain_acts)


def _actor_kind(span: str, persons: tuple[str, ...], bodies: tuple[str, ...]) -> str:
    """"person" or "body": the kind of the last doer a span names (机构的人员: a person); "" for none, or for
    a doer of either kind (单位或者个人). 人员 before 资格 or 证 is what is held, not who acts."""
    span = _TITLE.sub("", span)  # 《计量检定人员管理办法》 names no doer
    if _EITHER.search(span):
        return ""
    span = re.sub(r"人员(?=资格|证)", "", span)
    at = {w: span.rfind(w) for w in (*persons, *bodies) if w in span}
    if not at:
        return ""
    last = max(at, key=lambda w: (at[w] + len(w), len(w)))
    return "person" if last in persons else "body"


def _before_act(text: str, acts: tuple[str, ...]) -> str | None:
    """The words before the first act a text names; None when it names none, or opens with one."""
    at = min((i for i in (text.find(a) for a in acts) if i >= 0), default=-1)
    return text[:at] if at > 0 else None


def other_actor(question: str, p: PenaltyClause, acts: tuple[str, ...], persons: tuple[str, ...],
                bodies: tuple[str, ...]) -> bool:
    """The question's doer is a person and the clause's a body, or the reverse, each read before the first
    act it names (the clause's within its first clause): "计量检定人员伪造检定数据" is not "对于有下列行为之一的
    机构，…伪造数据的"; "伪造、涂改…设备监理单位资格证书的" names no doer."""
    asked_span = _before_act(question, acts)
    head = re.split(r"[，,：:；;]", _conduct_head(p), maxsplit=1)[0]
    fined_span = _before_act(head, acts)
    fined_span = head if fined_span is None and not head.startswith(acts) else fined_span
    if asked_span is None or fined_span is None:
        return False
    asked, fined = _actor_kind(asked_span, persons, bodies), _actor_kind(fined_span, persons, bodies)
    return bool(asked and fined) and asked != fined


def other_product(question: str, conduct: str, products: tuple[str, ...]) -> bool:
    """The conduct is about a product of its own (农药, 气瓶 …) the question never names: "未取得农药生产许可证…
    擅自生产农药的" is no answer to making pressure cookers without a licence."""
    return any(p in conduct and p not in question for p in products)


def on_act_asked(question: str, conduct: str, acts: tuple[str, ...]) -> bool:
    """The question names an act (分包, 出借 …) and the conduct is that act done to what the question names."""
    return bool(named_acts(question, acts)) and not other_act(question, conduct, acts)


def same_object(question: str, conduct: str, acts: tuple[str, ...]) -> bool:
    """The conduct does an act the question names to the very thing the question names: at least half of
    the two-character pieces of the question's object ("伪造的检验结果": 检验结果) stand in the conduct's
    ("伪造检验结果或者出具虚假证明的"); "伪造《计量检定员证》" is no "伪造、盗用、倒卖强制检定印、证"."""
    for act in named_acts(question, acts):
        if act not in conduct:
            continue
        asked = _object(question.replace(f"{act}的", act), act, acts)
        pairs = [asked[i:i + 2] for i in range(len(asked) - 1)]
        done_to = _object(conduct, act, acts)
        if pairs and sum(p in done_to for p in pairs) * 2 >= len(pairs):
            return True
    return False


def named_acts(question: str, acts: tuple[str, ...]) -> list[str]:
    """The acts the question names as words of their own ("出租车" names no 出租)."""
    return [a for a in acts if a in question and not _inside_word(a, question)]


def _inside_word(act: str, text: str) -> bool:
    """The act's characters only stand inside a longer word of the text: "出租车" names no 出租."""
    # "擅自改变" is cut as one word, and names the act 改变 all the same
    words = [w.removeprefix("擅自").removeprefix("私自") for w in segmenter().cut(text)]
    return act not in words and any(act in word for word in words)


_OBJECT_END = re.compile(r"[，,。；;的了]")


def _object(text: str, act: str, acts: tuple[str, ...]) -> str:
    """What an act is done to: the words after it, past the acts coordinated with it ("伪造、冒用《…证》")."""
    rest = text[text.index(act) + len(act):]
    while True:
        rest = rest.lstrip("、或和及与《》 ")
        joined = next((a for a in acts if rest.startswith(a)), None)
        if not joined:
            break
        rest = rest[len(joined):]
    return _OBJECT_END.split(rest, 1)[0].replace("《", "").replace("》", "")[:10]


def _names(question: str, thing: str) -> bool:
    """The question names the thing (one of its two-character words), or there is none to name."""
    return not thing or any(thing[i:i + 2] in question for i in range(len(thing) - 1))


def _appended(expanded: str, words: str) -> list[str]:
    """The terms the vocabulary appended to the question's words in `expanded` (none when it does not extend them)."""
    return expanded[len(words):].split() if expanded.startswith(words) else []


def own_words(query: Query, acts: tuple[str, ...]) -> str:
    """The question's own words, with the lists' terms for the acts it names in its own way: "假的检验报告"
    is 伪造检验结果 as much as its own words; a topic added for it (强制检定 for 加油机少加油) is not."""
    words = query.words or query.text
    return " ".join([words, *(t for t in _appended(query.search_text, words) if any(a in t for a in acts))])


def added_terms(query: Query) -> list[str]:
    """The lists' terms the vocabulary added for this turn's own wording ("挡在门外" → 拒绝接受, 加油机 → 强制检定)."""
    return [t for t in _appended(query.focus_text, query.words or query.text) if len(t) > 2]
