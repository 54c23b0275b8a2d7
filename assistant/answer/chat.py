"""Follow-up questions: "那罚款呢？", "电话是多少？", "文安县呢？" are read through earlier turns.

History is a list of {"role": "user"|"assistant", "content": …}. A short or elliptical question
borrows the topic of the last user turns; it keeps its own bureau if it names one, otherwise it
inherits the bureau of the conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.condense import condense
from assistant.answer.query import find_bureaus
from assistant.corpus.manifest import Bureau

# the question particles of everyday and regional speech end one as 呢 and 吗 do ("衡水咧", "衡水嘞"), and so
# does the yes-no question of spoken Chinese ("衡水一样不")
# "常德清单里是怎么写的？" asks how another list puts what was asked before
# "衡水呢？罚不罚钱？": in a short question, a short first clause ending in 呢 leans on it too, whatever
# follows ("我呢，在常德开了个加油站…", a speaker's pause, does not)
_ELLIPTICAL = re.compile(r"^(那|那么|还有|另外|再问|如果是|要是|换成)|[呢吗咧嘞哩呐捏嘛不][?？]?$"
                         r"|^(?=.{0,24}$)(?!我|咱|其实|就是|这个|那个)[^，,。？?！!]{1,8}呢[?？，,]"
                         r"|(?:怎么|怎样|如何)(?:写|规定|说|定)的?[?？]?$"
                         # short and pointing back at the earlier rule: "定安是不是也这样？", "衡水也一样？"
                         r"|^(?=.{0,16}$)(?!我|咱|你|今天|明天|天气)[^，,。]*(?:也这样|也是这样|也一样|也这么|一样|同样)[?？]?$")
MAX_FOLLOWUP_CHARS = 16
# Caps that bound what history can add to one question's work: earlier turns beyond the last 20
# messages are never read, an answer sent back is only searched for bureau names, and a follow-up
# borrows at most 50 characters of each earlier question (its asking sentence, see _borrowed).
MAX_HISTORY_MESSAGES = 20
MAX_ASSISTANT_CHARS = 4000
MAX_CONTEXT_CHARS = 50


class HistoryError(ValueError):
    """History is not a list of {"role", "content"} messages, or is longer than allowed."""

    code = "history"


@dataclass
class Turn:
    search_text: str  # what retrieval should look for
    bureau_files: list[str]  # the bureau(s) the conversation is about, if any
    context: str  # the earlier question borrowed for a follow-up ("" when none)
    places: list[str] = field(default_factory=list)  # the place or bureau names bureau_files come from


def validate_history(history) -> list[dict]:
    """History as the pipeline reads it: cleaned copies of the messages. HistoryError when it is
    malformed or over the caps; a user turn must pass the same checks as a question."""
    from assistant.answer.inputs import MAX_QUESTION_CHARS, MAX_STORY_CHARS, MAX_TAGGING_COST
    from assistant.policy import default_policy
    from assistant.text import clean_input, normalize, simplified, tagging_cost

    if history is None:
        return []
    if not isinstance(history, list):
        raise HistoryError("history must be a list of {\"role\", \"content\"} messages")
    if len(history) > MAX_HISTORY_MESSAGES:
        raise HistoryError(f"history has {len(history)} messages; the limit is {MAX_HISTORY_MESSAGES} "
                           "(send only the latest turns)")
    out = []
    for i, m in enumerate(history):
        if not isinstance(m, dict) or m.get("role") not in ("user", "assistant") or not isinstance(m.get("content"), str):
            raise HistoryError(f"history[{i}] must be {{\"role\": \"user\"|\"assistant\", \"content\": string}}")
        content = clean_input(m["content"])
        limit = MAX_ASSISTANT_CHARS if m["role"] == "assistant" else MAX_STORY_CHARS
        if len(content) > limit:
            raise HistoryError(f"history[{i}] is {len(content)} characters long; the limit for "
                               f"{'an answer' if m['role'] == 'assistant' else 'a question'} is {limit}")
        if m["role"] == "user" and tagging_cost(condense(simplified(normalize(content)), MAX_QUESTION_CHARS,
                                                         default_policy().scope.asking_words).text) > MAX_TAGGING_COST:
            raise HistoryError(f"history[{i}] has too many rare characters in a row that form no known word")
        out.append({"role": m["role"], "content": content})
    return out


def is_elliptical(question: str) -> bool:
    """Opens with 那/还有/要是…, ends with 呢/吗, is short and opens with "X呢？", or is short and ends pointing
    back ("也这样？"): it leans on what was said before."""
    return bool(_ELLIPTICAL.search(question))


def is_followup(question: str) -> bool:
    return len(question) <= MAX_FOLLOWUP_CHARS or is_elliptical(question)


# "另外，", "对了，": a new question may follow; "这种", "那个", "也" point back to the earlier one
_SWITCH = re.compile(r"^(?:另外|再问|还有|对了|顺便问?一?下?)[，,、：:\s]*")
_POINTS_BACK = re.compile(r"这|那|此|上述|刚才|前面|同样|一样|也")


def stands_alone(question: str) -> bool:
    """"另外，常德质监的裁量基准在哪个网站能查到？": after the word that changes the subject, a whole
    question of its own (the caller names the bureau), not one leaning on the earlier turn."""
    m = _SWITCH.match(question)
    if not m:
        return False
    rest = question[m.end():]
    return len(rest) > MAX_FOLLOWUP_CHARS and not _POINTS_BACK.search(rest) and not rest.rstrip("?？").endswith("呢")


def first_named(text: str, bureaus: list[Bureau]) -> tuple[list[str], list[str]]:
    found = []
    for b in bureaus:
        positions = [text.find(n) for n in b.names if n in text]
        if positions:
            found.append((min(positions), b.file, b.short_name))
    return [f for _, f, _ in sorted(found)[:1]], [n for _, _, n in sorted(found)[:1]]


def user_questions(history: list[dict]) -> list[str]:
    """The caller's own earlier questions, oldest first (the assistant's answers left out)."""
    return [m["content"] for m in history if m["role"] == "user"]


def _borrowed(question: str) -> str:
    """What a follow-up borrows of an earlier question: the sentence that asks (with a question
    mark) and what fits before it, within MAX_CONTEXT_CHARS; a story's scene comes first and
    matters least ("我表弟在常德一个计量所上班，…按常德的规定怎么处罚？")."""
    return condense(question, MAX_CONTEXT_CHARS, ()).text


def resolve(question: str, history: list[dict], bureaus: list[Bureau]) -> Turn:
    own, own_names = find_bureaus(question, bureaus)
    users = user_questions(history)
    if not users or (own and stands_alone(question)):
        return Turn(question, own, "", own_names)
    inherited, names = own, own_names
    if not inherited:
        for m in reversed(history):
            named, words = (find_bureaus if m["role"] == "user" else first_named)(m["content"], bureaus)
            if named:
                inherited, names = named, words
                break
    if not is_followup(question):
        # a whole question of its own; naming no bureau, it asks about the one the conversation is about
        return Turn(question, inherited, "", names)
    context = _borrowed(users[-1])
    if len(users) > 1 and is_followup(users[-1]):
        context = f"{_borrowed(users[-2])} {context}"
    return Turn(f"{context} {question}", inherited, context, names)
