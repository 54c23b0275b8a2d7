"""What a question asks, judged against what was found for it: whether asking how a case is dealt with
names a sanction, whether a question on the bureau's own part is about a matter between departments,
whether a public service is about what the phone is asked for, which task of a routing matter no
department is given, and whether a fact is asked for or only mentioned. Each is a small function of
the question, the hits or the answer, and the policy (phones asked for: `phones.py`)."""

from __future__ import annotations

import re

from assistant.answer.checks import off_subject, unassigned
from assistant.answer.context import AnswerContext
from assistant.answer.query import Query, Vocabulary, expand, intent_words_in
from assistant.answer.types import Answer
from assistant.policy import AnswerPolicy, Policy
from assistant.search.lexical import BM25


def handling_asked(text: str, query: Query, vocab: Vocabulary, p: AnswerPolicy) -> list[str] | None:
    """The sanctions a penalty question names besides asking how a case is dealt with ("最重能怎么处理？
    许可证是直接吊销吗" names 吊销); None when it does not ask that way, or asks about a fine."""
    found = intent_words_in(text, "penalty", vocab) if query.intent == "penalty" else []
    if not any(w in vocab.handling for w in found) or any("罚" in w for w in found):
        return None
    return [w for w in found if w not in vocab.handling and any(m in w for m in p.imposed_measures)]


def department_words(p: AnswerPolicy, asks_who: tuple[str, ...] = ()) -> list[str]:
    """The words by which a sentence asks for a department or unit ("又归谁", "哪个部门"); a choice (还是), a 谁
    or a 哪家 may tell a story instead ("不知道是质量问题还是我穿的问题。", "在哪家店买的")."""
    story = ("还是", "分别", "谁", "哪家")
    return [word for word in (*p.asks_which_department, *asks_who) if word not in story]


def boundary_asked(text: str, hits, ctx: AnswerContext, p: AnswerPolicy) -> bool:
    """Asked whether the bureau handles something ("…塔吊归质监局管吗"), or which department does
    ("…应该转给哪个部门查？质监局在这块负责什么？"), that a matter of its table of duties between departments
    matches far better than its best duty retrieved: which department does what answers. With no duty
    retrieved at all the duty writer finds its own ("超市的电子秤不准，质监局管吗")."""
    if not any(word in text for word in (*p.asks_whether_handled, *department_words(p))):
        return False
    entries = [h for h in hits if h.chunk.kind == "boundary_entry"]
    duty = max((h.lexical for h in hits if h.chunk.kind == "duty_item"), default=0.0)
    best = max(entries, key=lambda h: h.lexical, default=None)
    if best is None or not duty or best.lexical < p.handled_boundary_margin * duty:
        return False
    # the matter is what the question is about by its very name ("房屋建筑工地…用起重机械的管理" for 建筑工地的塔吊),
    # not one whose departments' duties share a story's words ("打击生产销售假冒伪劣产品" for 超市的电子秤)
    return ctx.relevance(ctx.records[best.chunk.record_id].matter, text) >= p.handled_matter_share


def off_service(asked: str, answer: Answer, ctx: AnswerContext, vocab: Vocabulary) -> bool:
    """The public service answering is about another topic (商品条码) than the one the question asks a phone
    about (叉车), which it never names; a service of no one topic (申诉举报, 计量服务) serves any."""
    first = answer.citations[0] if answer.citations else None
    row = "".join(ctx.cited_text(first.source, first.start_line, first.end_line).split()) if first else ""
    named = expand(asked, vocab)  # "条形码" names 商品条码
    other = [t for t in vocab.topics if t in row and t not in named]
    return bool(other) and bool(off_subject(asked, row, vocab))


def unassigned_tasks(asked: str, answer: Answer, ctx: AnswerContext, bm25: BM25, vocab: Vocabulary,
                     policy: Policy) -> list[str]:
    """What a routing answer's matter never gives to a department while another list's like matter does
    (`asked` with place names blanked)."""
    if answer.kind != "routing" or answer.refused or not answer.citations:
        return []
    first = answer.citations[0]
    matter = ctx.matter_at(first.source, first.start_line)
    if matter is None:
        return []
    p = policy.answer
    return unassigned(asked, matter, ctx.like_matters_elsewhere(matter, p.unassigned_matter_similarity), bm25, vocab,
                      policy.scope.frame_words, p.unassigned_min_rarity, p.unassigned_term_rarity)


# a fact asked for is followed, within the clause, by what asks ("网站是什么", "几点上班？"); "上班时间老是不在岗"
# tells a story
_ASKING_AFTER = re.compile(r"[^，,。；;！!]{0,6}?(?:是什么|是多少|是哪|是谁|在哪|哪|几|多少|什么|吗|呢|[?？]|$)")
_ASKING_BEFORE = re.compile(r"(?:几|什么|哪)[^，,。；;]{0,3}$")  # "几点上班", "什么时候下班"


def asks_for(asked: str, word: str) -> bool:
    """The question asks for `word` (a website, an address, office hours), not only mentions it."""
    start = asked.find(word)
    while start >= 0:
        end = start + len(word)
        if _ASKING_AFTER.match(asked, end) or _ASKING_BEFORE.search(asked[:start]):
            return True
        start = asked.find(word, end)
    return False
