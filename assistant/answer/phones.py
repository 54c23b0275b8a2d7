"""Phones asked for, and what an answer says when the list gives none.

Two questions are asked of a question's text, from broad to strict:
- `asks_phone`: does it ask for a phone at all ("联系方式", "热线", "电话多少")? This decides the intent:
  a contact question answers from the public-service rows.
- `asks_phone_number`: does it ask for the number itself ("举报电话是多少", "打哪个电话"), not only tell of a
  call ("打电话给安监，他们说…")? Only then does an answer that is not a contact answer say that the list
  gives no phone for it.

The two answers with no phone in them (`no_phone_given`, `phone_not_listed`) put that first, or after the
unit or department asked for, so a caller never reads past a department looking for a number."""

from __future__ import annotations

import re

from assistant.answer.templates import Templates
from assistant.answer.types import Answer
from assistant.policy import QueryPolicy

_HOTLINE_NUMBER = re.compile(r"\d{5,}")
# a phone number asked for ("举报电话", "电话是多少", "打哪个电话"), not a call in a story ("打电话给安监，他们说…",
# "该打电话找哪个局", "举报电话也接了十几个")
_PHONE_ASKED = re.compile(r"(?<![打拨过了通])电话(?:号码|号)?是?(?:多少|啥|什么|呢|吗|[?？]|$)"
                          r"|(?:打|拨)(?:哪个|什么|啥)(?:号码|电话)|(?:哪个|什么|啥)电话")


def _without_calls(text: str, policy: QueryPolicy) -> str:
    """The question without the calls it tells of ("有人来电话问…", "电话打过去谁来处理"): they ask for no phone."""
    for mention in policy.call_mentions:
        text = text.replace(mention, " ")
    verbs = "|".join(map(re.escape, policy.call_verbs))
    return re.sub(f"(?:{verbs})[^，,。；;？?！!电]{{0,8}}电话", " ", text) if verbs else text


def asks_who_runs_hotline(text: str, policy: QueryPolicy) -> bool:
    """"12365热线是谁在管": names a hotline by its number and asks who runs it, not for a phone."""
    text = _without_calls(text, policy)
    return bool(_HOTLINE_NUMBER.search(text)) and any(w in text for w in policy.asks_who) and not any(
        w in text for w in policy.phone_words)


def asks_phone(text: str, policy: QueryPolicy) -> bool:
    """Does the question ask for a phone number? A call told of ("有人来电话问…") asks for none."""
    text = _without_calls(text, policy)
    return any(w in text for w in policy.asks_phone) and not asks_who_runs_hotline(text, policy)


def asks_phone_number(asked: str) -> bool:
    """The question asks for a phone number itself, not only tells of a call."""
    return bool(_PHONE_ASKED.search(asked))


def no_phone_given(answer: Answer, asked: str, templates: Templates, unit_words: tuple[str, ...]) -> Answer:
    """A contact answer whose row names no phone: a refusal (no number can be given) whose first line says so
    and keeps the unit the row names ("承办机构 质量监督股；清单未列出联系电话"). Asked who handles it as well
    ("归哪个股，联系电话是多少"), that unit answers: no refusal."""
    answer.refused = not any(w in asked for w in unit_words)
    if templates.get("contact", "no_phone_line") not in answer.body.split("\n", 1)[0]:
        answer.body = f"{templates.get('contact', 'phone_not_given', bureau='、'.join(answer.bureaus))}\n{answer.body}"
    return answer


def phone_not_listed(answer: Answer, asked: str, templates: Templates, who_words: tuple[str, ...]) -> Answer:
    """A department or a rule answers and the list gives no phone for it: asked only the phone ("衡水 市场监管局
    举报电话"), that comes first; asked who as well ("找哪个部门，电话多少"), it follows the one who."""
    if any(w in asked for w in who_words):
        first, _, rest = answer.body.partition("\n")
        answer.body = "\n".join([f"{first}（{templates.get('contact', 'no_phone_line')}）", *([rest] if rest else [])])
    else:
        answer.body = "\n".join([templates.get("contact", "phone_not_listed", bureau="、".join(answer.bureaus)),
                                 answer.body])
    return answer
