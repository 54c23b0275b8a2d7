"""Answers about more than one bureau. A follow-up that names another bureau ("常德一样吗？", "文安呢？")
compares: the new bureau's answer first, or that its list has no rule for it, then the earlier bureau's
first line. A question naming several bureaus ("常德和衡水…有什么不同？") answers for each, side by side."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from assistant.answer.chat import is_followup, user_questions
from assistant.answer.checks import off_subject
from assistant.answer.condense import asking_sentence_spans
from assistant.answer.query import find_bureaus
from assistant.answer.scope import without_names
from assistant.answer.types import Answer
from assistant.answer.writers.conduct import clause_conduct
from assistant.answer.writers.measures import holds_measure, measures_asked
from assistant.corpus.manifest import Bureau

_MARKER = re.compile(r"\[(\d+)\]")


def earlier_bureaus(question: str, history: list[dict], bureaus: list[Bureau]) -> list[list[str]]:
    """The bureau(s) the caller asked about before, latest first, when this follow-up names other
    ones; [] when it is no follow-up, names no bureau, or names the one it was about. Only the
    caller's own turns count: a list the assistant picked because no place was named (and asked
    back about) was never the caller's, so naming a place then answers for it, not side by side."""
    named, _ = find_bureaus(question, bureaus)
    if not named or not history or not is_followup(question):
        return []
    out: list[list[str]] = []
    for earlier in reversed(user_questions(history)):
        found = find_bureaus(earlier, bureaus)[0]
        if not out and found and set(found) <= set(named):
            return []  # the conversation was about this bureau already
        found = [f for f in found if f not in named]
        if found and found not in out:
            out.append(found)
    return out


def compared(answerer, answer: Answer, text: str, history: list[dict]) -> Answer:
    """`answer` for the bureau a follow-up names, with the latest earlier bureau's answer that
    the lists give (of the last two) after it."""
    named = find_bureaus(text, answerer.bureaus)[0]
    unread = _unread_marker(answerer)
    if answer.refused and unread in answer.body:
        return answer  # a part of that list was not read: no claim about what it says
    for earlier in earlier_bureaus(text, history, answerer.bureaus)[:2]:
        before = answerer._answer(text, history, earlier)[0]
        if not before.refused:
            if before.kind in ("penalty", "regime") and (answer.refused or answer.kind == before.kind):
                # of the new bureau's clauses, the one on the conduct the earlier rule is on ("考核合格开展
                # 计量检定的，责令其停止使用"), not one sharing more of the question's words on other conduct; of
                # its regime's sentences, the one worded like the earlier answer's ("查实为重大案件之后2个工作日内…上报");
                # asked without that rule, the new list may find nothing ("衡水的标准也是这样吗？" matches 标准 alone)
                rule = (earlier_conduct(answerer.ctx, before) if before.kind == "penalty"
                        else _MARKER.sub("", before.body.split("\n", 1)[0]))
                # the words naming what is compared ("衡水的标准也是这样吗？", "规定一样吗") ask for the earlier rule,
                # they name no topic of their own
                asked = text
                for word in answerer.policy.answer.compared_words:
                    asked = asked.replace(word, "")
                like = answerer._answer(asked, history, named, like=rule)[0] if rule else answer
                answer = like if not like.refused else answer
            kinds = answerer.policy.answer.number_kinds
            said_not_stated = answerer.policy.answer.not_stated_marker in answer.body.split("\n", 1)[0]
            if not answer.refused and not said_not_stated and (
                    lacks_number_named(text, answer.body, kinds) or lacks_measure_asked(answerer, text, answer.body)
                    or lacks_subject_asked(answerer, history, answer, text)):
                answer = replace(answer, refused=True)  # its nearest rule is about something else
            return combine(answer, before, answerer.short_names(named), answerer.short_names(earlier), answerer.templates)
    return answer


# the kinds answered bureau by bureau when the answer cites fewer bureaus than named (a penalty answer lists each
# bureau's clause on the conduct itself; a bureau it leaves out has its own answer, or that its list gives none)
_ONE_LIST_KINDS = ("regime", "duty", "routing", "contact", "penalty")
# what joins two places named together ("常德和衡水", "文安、定安"), and words comparing what each does
_JOINERS = ("和", "与", "跟", "同", "及", "、", "还有")
# a sentence asking again what the one before asked, of another bureau
_AGAIN = re.compile(r"呢|又|也|一样|同样|怎么写|怎么规定|是怎么|有没有这|有这")
_COMPARING = re.compile(r"分别|各自|各是|各有(?!关)|各怎么|不同|区别|差别|哪边|对比|比较|一样吗|相同吗")


def side_by_side(answerer, answer: Answer, text: str, history: list[dict]) -> Answer:
    """`answer` to a question naming several bureaus ("常德和衡水认定情节恶劣，次数标准有什么不同？", "文安和常德的
    产品防伪分别是哪个部门在管？", "…定安怎么罚？文安的清单又是怎么写的？") when it cites fewer of them than named:
    each bureau's own answer, their first lines side by side in the first line (in the order the question names
    them; "清单没有写明" for a list that gives none), then each answer's other lines. Unchanged when no other
    named bureau's list answers."""
    named = find_bureaus(text, answerer.bureaus)[0]
    limit = answerer.policy.answer.max_penalty_bureaus
    if (answer.refused or answer.kind not in _ONE_LIST_KINDS or not 2 <= len(named) <= limit
            or set(named) <= {c.source for c in answer.citations}):
        return answer

    def span(f: str) -> tuple[int, int]:
        found = [(text.find(n), text.find(n) + len(n)) for n in answerer.ctx.bureaus[f].names if n in text]
        return min(found) if found else (-1, -1)

    # each bureau named by a name of its own (not only by its province: "河北的加油机…"), and asked about together:
    # joined ("常德和衡水"), compared ("分别", "有什么不同") or each in a sentence of its own that asks ("定安怎么罚？
    # 文安的清单又是怎么写的？"); "我是衡水人，现在在常德开超市" asks about 常德 alone
    named = sorted(named, key=span)
    spans = [span(f) for f in named]
    joined = all(0 <= a[1] <= b[0] and text[a[1]:b[0]].strip("市县区") in _JOINERS for a, b in pairwise(spans))
    if spans[0][0] < 0 or not (joined or _COMPARING.search(text) or _asked_apart(answerer, text, spans)):
        return answer
    each = [answerer._answer(text, history, [f])[0] for f in named]
    unread = _unread_marker(answerer)
    answering = [not a.refused and (answer.kind != "penalty" or a.kind == "penalty") for a in each]
    if sum(answering) < 2 or any(a.refused and unread in a.body for a in each):
        return answer  # a part of a list was not read: no claim about what it says
    firsts, rests, citations, notes = [], [], [], []
    related = answerer.templates.get("penalty", "related", text="", cite="")
    for f, a, answers in zip(named, each, answering, strict=True):
        name = answerer.short_names([f])
        if not answers:
            # (a list's regime step is no answer to what it fines: "是否存在无证…行为" for 怎么罚)
            firsts.append(answerer.templates.get("compare", "side_none", bureau=name))
            continue
        first, _, rest = a.body.partition("\n")
        first = first.removeprefix(f"{name}：")  # a penalty line names its bureau already
        first = first.removeprefix(f"{answerer.ctx.bureaus[f].bureau}的")  # "…的清单没有写明…": named before it
        first = first[:-1] if first.endswith("。") else first
        said, _, after = rest.partition("\n")
        if answerer.policy.answer.not_stated_marker in first and said.startswith(related):
            # what the list does say goes with its "not stated", in the first line
            first, rest = f"{first}；{said}", after
        firsts.append(answerer.templates.get("compare", "side", bureau=name, line=_renumbered(first, len(citations))))
        # a heading the answers share ("处罚规定原文：", no citation of its own) is said once
        said_before = {line for r in rests for line in r.split("\n")}
        rest = "\n".join(line for line in _renumbered(rest, len(citations)).split("\n")
                          if _MARKER.search(line) or line not in said_before)
        if rest:
            rests.append(rest)
        citations += a.citations
        notes += [n for n in a.notes if n not in notes]
    return Answer(body="\n".join(["；".join(firsts), *rests]), citations=citations, kind=answer.kind,
                  bureaus=[b for a, answers in zip(each, answering, strict=True) if answers for b in a.bureaus],
                  notes=notes)


def _asked_apart(answerer, text: str, spans: list[tuple[int, int]]) -> bool:
    """Each bureau is named in a sentence of its own that asks, and each later one asks the same again
    ("常德呢？", "文安的清单又是怎么写的？"); "…在文安被罚了，罚得对吗？现在搬到常德了，常德办…找哪个科？" asks two things."""
    sentences = asking_sentence_spans(text, answerer.policy.scope.asking_words)
    found = [next((k for k, (a, b) in enumerate(sentences) if a <= start < b), None) for start, _ in spans]
    if None in found or len(set(found)) != len(found):
        return False
    return all(_AGAIN.search(text[sentences[k][0]:sentences[k][1]]) for k in found[1:])


def earlier_conduct(ctx, before: Answer) -> str:
    """The conduct fined by the clause(s) an earlier penalty answer cites first ("" when it cites none)."""
    if not before.citations:
        return ""
    c = before.citations[0]
    return " ".join(clause_conduct(p) for p in ctx.clauses_within(c.source, c.start_line, c.end_line))


_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*个?\s*(工作日|小时|[日天月年次回名人家元倍%])")


def _kinds(text: str, kinds: tuple[str, ...]) -> set[int]:
    # "一年", "一次" are ways of speaking ("一年查几次"), not a number named
    return {i for number, unit in _NUMBER.findall(text) if number != "一"
            for i, line in enumerate(kinds) if unit in line.split()}


def lacks_number_named(question: str, body: str, kinds: tuple[str, ...]) -> bool:
    """The question names a number ("这个24小时补手续的规定") and the answer holds no number of
    that kind: it is no answer to whether this bureau has that rule."""
    named = _kinds(question, kinds)
    return bool(named) and not named & _kinds(body, kinds)


def lacks_measure_asked(answerer, question: str, body: str) -> bool:
    """The follow-up asks for a kind of number by name ("定安县有这个期限规定吗？" after a 十五日内) and the
    answer gives none of it ("在规定期限内完成整改"): it is no answer to whether this bureau sets one."""
    measures = measures_asked(question, answerer.policy.answer)
    return bool(measures) and not holds_measure(body, measures)


def lacks_subject_asked(answerer, history: list[dict], answer: Answer, text: str = "") -> bool:
    """The earlier question named a thing (特种设备, 电梯, 气瓶 …) that the new bureau's service row and
    the lines it cites never name: "博山区有这种培训发证的电话吗？" after 特种设备作业人员 is not answered by
    博山's 标准日 training. A follow-up naming a service of its own that the row is ("定安的标准日活动呢？" after
    博山's 质量月 phone) switches topic as well as bureau."""
    if answer.kind != "contact":
        return False  # a regime or a fine may call the thing otherwise (抽检 for 监督抽查): only a service row is checked
    # the row's service is what the first line names before its colon ("标准日活动：承办机构 …")
    service = answer.body.split("\n", 1)[0].split("：", 1)[0]
    if text and names_own_service(without_names(text, answerer.place_names), service):
        return False
    return bool(off_subject(user_questions(history)[-1], answer.held, answerer.res.vocab))


# words referring back to what was asked before ("这种培训", "同样的")
_BACK = re.compile(r"这种|这类|这个|那种|那个|同样|一样|也")


def names_own_service(own: str, service: str) -> bool:
    """A follow-up's own words (place names left out) name the row's service, in four characters running,
    and do not refer back to the earlier question's thing."""
    if _BACK.search(own):
        return False
    return any(run[i:i + 4] in service for run in re.findall(r"[\u4e00-\u9fff]{4,}", own) for i in range(len(run) - 3))


def _unread_marker(answerer) -> str:
    """The opening of the refusal saying a part of a list was not read: such a list's answer makes no claim."""
    return answerer.templates.get("refusal", "unread", parts="").split("：")[0]


def _renumbered(line: str, offset: int) -> str:
    return _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", line)


def combine(new: Answer, earlier: Answer, new_names: str, earlier_names: str, templates) -> Answer:
    """The new bureau's answer (or that its list has no rule for it) with the earlier bureau's
    first line after it, its citations numbered on from the new answer's."""
    first = earlier.body.split("\n", 1)[0]
    if first.startswith(f"{earlier_names}："):
        first = first[len(earlier_names) + 1:]  # a penalty line names its bureau already
    if new.refused:
        body = templates.get("compare", "no_rule", bureau=new_names)
        citations, notes = [], []
    else:
        body, citations, notes = new.body, list(new.citations), list(new.notes)
    body += "\n" + templates.get("compare", "earlier", bureau=earlier_names, line=_renumbered(first, len(citations)))
    used = sorted({int(n) for n in _MARKER.findall(first)})
    kept = [earlier.citations[n - 1] for n in used if 0 < n <= len(earlier.citations)]
    # markers of the earlier line point at its citations in their new places
    renumber = {n + len(citations): len(citations) + i + 1 for i, n in enumerate(used)}
    body = body[: body.rfind("\n") + 1] + _MARKER.sub(
        lambda m: f"[{renumber.get(int(m.group(1)), int(m.group(1)))}]", body[body.rfind("\n") + 1:])
    return Answer(body=body, citations=citations + kept, kind=new.kind if not new.refused else earlier.kind,
                  bureaus=[*new.bureaus, *earlier.bureaus], notes=notes or list(earlier.notes))
