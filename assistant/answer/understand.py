"""The one query builder: a question (with earlier turns) → the turn it continues and the query
retrieval runs. Used by the answer pipeline and the LangChain retriever alike."""

from __future__ import annotations

import re

from assistant.answer.chat import Turn, is_elliptical, is_followup, resolve, user_questions
from assistant.answer.phones import asks_phone
from assistant.answer.query import (
    Query,
    Vocabulary,
    as_listed,
    asking_words,
    detect_intent,
    expand,
    find_unknown_places,
    intent_words_in,
    new_subjects,
)
from assistant.corpus.manifest import Bureau
from assistant.policy import PlacesPolicy, QueryPolicy, default_policy
from assistant.text import cjk_runs


def only_names_place(text: str, places: list[str], reply_words: tuple[str, ...], context: str = "") -> bool:
    """"我在衡水", "在文安呢？", "衡水市": a place name and nothing but the words of a reply, or words the
    earlier question holds ("常德…现场检查至少查几家？" → "文安规定几家？" asks it again of 文安)."""
    if not places:
        return False
    for word in sorted({*places, *reply_words}, key=len, reverse=True):
        text = text.replace(word, " ")
    return all(run in context for run in cjk_runs(text))

# "有人打电话说…", "打到质监热线来了": a call in the story, no phone asked ("打哪个电话" asks one)
_CALLED = re.compile(r"打(?![^，,。？?]{0,4}?(?:哪|什么|几))[^，,。？?]{0,5}?(?:电话|热线)")

# a question word of the follow-up's own ("谁能扣他们的执法证？"): it asks its own question
_ASKS = re.compile(r"谁|哪|什么|啥|多少|几|怎么|如何")

# another department named in a follow-up: "住建部门", "城管局"
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,6}(?:部门|局|委)")


def _other_department(text: str, vocab: Vocabulary) -> bool:
    for name in vocab.not_intent:  # the bureau itself is no other department
        text = text.replace(name, " ")
    return bool(_DEPARTMENT.search(text))


# "那X呢？": the earlier question asked of X
_ASKS_SAME = re.compile(r"呢[?？]?$")


def _names_topic_only(text: str, intent: str, vocab: Vocabulary, policy: QueryPolicy) -> bool:
    """Every word of `intent` the text holds is one that also names a topic (监管, 检查)."""
    found = intent_words_in(text, intent, vocab)
    return bool(found) and all(w in policy.topic_intent_words for w in found)


def understand(text: str, history: list[dict], chosen: list[str], bureaus: list[Bureau], vocab: Vocabulary,
               policy: QueryPolicy, places: PlacesPolicy | None = None) -> tuple[Turn, Query]:
    """`text` is the normalised question; `chosen` the bureau files the user picked (or []).
    A follow-up that only names a place asks the earlier question again, for that place: the
    query's text is then the earlier question."""
    text = as_listed(text)
    turn = resolve(text, history, bureaus)
    reply_words = (places or default_policy().places).reply_words
    if turn.context and turn.bureau_files and only_names_place(text, turn.places, reply_words, turn.context):
        # the earlier question asked again, whole (as analysed), unless it was itself a follow-up
        previous = user_questions(history)[-1]
        again = turn.context if is_followup(previous) else previous
        text, turn = again, Turn(again, turn.bureau_files, "", turn.places)
    earlier = detect_intent(turn.context, vocab, policy)
    own = detect_intent(text, vocab, policy)
    if turn.context and earlier and own and own != earlier and _ASKS_SAME.search(text) and _names_topic_only(text, own, vocab, policy):
        own = ""  # "那地理标志产品的日常监管呢？" after "…归哪个股？": which 股, of the new subject
    if turn.context and new_subjects(text, turn.context, vocab):
        # a follow-up naming a new subject is about that subject, of the same bureau: the earlier question's
        # story would pull the answer back to its topic. One asking its own question ("那要是买的鞭炮质量不行呢？
        # 找谁？") stands alone; one asking nothing of its own ("那烟花呢？") asks the earlier question's question
        # ("找哪个部门投诉") of the new subject.
        asked = "" if own or _ASKS.search(text) else " ".join(asking_words(turn.context, vocab))
        turn = Turn(f"{text} {asked}".strip(), turn.bureau_files, "", turn.places)
        text = turn.search_text
    intent = own or earlier
    if (turn.context and earlier and intent in policy.weak_intents and is_elliptical(text) is False
            and len(text) <= policy.short_followup_chars):
        intent = earlier  # "向谁提出？" keeps asking about the earlier topic; "电话呢？" and "罚款呢？" do not
    if turn.context and earlier == "routing" and intent in ("routing", "regime") and _other_department(text, vocab):
        intent = earlier  # "那住建部门会采取什么措施？": that department's part in the matter asked about before
    called = _CALLED.search(text)
    if intent == "contact" and called and any(w in text for w in vocab.intent_words.get("routing", ())):
        intent = "routing"  # "该找哪个部门投诉？打质监的电话有用吗？": which department, not a number
    if intent in ("duty", "") and asks_phone(text, policy) and not called:
        intent = "contact"  # "哪个股牵头，对外电话填哪个？": only a public service's row gives a phone
    query = Query(text, expand(turn.search_text, vocab), chosen or turn.bureau_files,
                  find_unknown_places(text, bureaus, policy), intent, expand(text, vocab), turn.search_text)
    return turn, query
