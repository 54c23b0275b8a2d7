"""The one query builder: a question (with earlier turns) → the turn it continues and the query
retrieval runs. Used by the answer pipeline and the LangChain retriever alike."""

from __future__ import annotations

import re

from assistant.answer.chat import Turn, is_elliptical, resolve
from assistant.answer.query import Query, Vocabulary, detect_intent, expand, find_unknown_places
from assistant.corpus.manifest import Bureau
from assistant.policy import QueryPolicy

# another department named in a follow-up: "住建部门", "城管局"
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,6}(?:部门|局|委)")


def _other_department(text: str, vocab: Vocabulary) -> bool:
    for name in vocab.not_intent:  # the bureau itself is no other department
        text = text.replace(name, " ")
    return bool(_DEPARTMENT.search(text))


def understand(text: str, history: list[dict], chosen: list[str], bureaus: list[Bureau], vocab: Vocabulary,
               policy: QueryPolicy) -> tuple[Turn, Query]:
    """`text` is the normalised question; `chosen` the bureau files the user picked (or [])."""
    turn = resolve(text, history, bureaus)
    earlier = detect_intent(turn.context, vocab, policy)
    intent = detect_intent(text, vocab, policy) or earlier
    if (turn.context and earlier and intent in policy.weak_intents and is_elliptical(text) is False
            and len(text) <= policy.short_followup_chars):
        intent = earlier  # "向谁提出？" keeps asking about the earlier topic; "电话呢？" and "罚款呢？" do not
    if turn.context and earlier == "routing" and intent in ("routing", "regime") and _other_department(text, vocab):
        intent = earlier  # "那住建部门会采取什么措施？": that department's part in the matter asked about before
    query = Query(text, expand(turn.search_text, vocab), chosen or turn.bureau_files,
                  find_unknown_places(text, bureaus, policy), intent, expand(text, vocab))
    return turn, query
