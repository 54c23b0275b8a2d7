"""Contact answers: the public service that best matches the question, its unit and phone first."""

from __future__ import annotations

import re

from assistant.answer.phones import asks_phone
from assistant.answer.query import Query
from assistant.answer.scope import story_asking_clause
from assistant.answer.writers.lines import AnswerLines, brief, hits_of
from assistant.corpus.records import ServiceItem
from assistant.search.retrieve import Hit
from assistant.text import similar

_PHONE_KIND = re.compile(r"([\u4e00-\u9fff]{2})(?:电话|热线)")


def service_match(w: AnswerLines, s: ServiceItem, query: Query) -> float:
    """How well a service is what the question asks about, the words that ask for a phone and
    the bureau's names aside; 0 when the question names a kind of phone ("救援电话") the
    service does not speak of."""
    text = f"{s.name} {s.content} {' '.join(s.units)}"
    # in a story, the kind of phone is named where the phone is asked for ("网上找了半天没找到电话" tells the story)
    asked = story_asking_clause(query.text, w.ctx.policy.scope) or query.text
    for m in _PHONE_KIND.finditer(asked):
        kind = m.group(1)  # "救援电话"
        # not "留个电话" (a measure word), "局的电话" or "厂子打电话" (a call in the story), nor "承办单位和电话" (two
        # things asked, joined)
        if ("的" not in kind and not kind.endswith(("个", "打", "拨", "和", "及", "与", "跟", "或"))
                and kind not in w.p.generic_phone_words and kind not in text):
            # "投诉电话" is the phone of a service taking complaints, whichever word (申诉, 举报) its row uses
            if not (kind in w.p.complaint_words and any(c in text for c in w.p.complaint_words)):
                return 0.0
    ignore = " ".join([*w.ctx.policy.query.asked_for, *w.ctx.bureaus[s.source].names])
    score = w.topic_match(text, query, ignore)
    if any(word in query.text and word in s.name for word in w.p.complaint_words):
        score += w.p.complaint_service_bonus  # "我要举报，电话多少": the service that takes complaints, whatever the story
    return score


def compose_contact(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The service that best matches the question's words (then by rank): its unit and phone
    first; the same service in other bureaus' lists when no bureau was named."""
    services: list[ServiceItem] = [w.ctx.records[h.chunk.record_id] for h in hits_of(hits, "service_item")]

    def described(s: ServiceItem) -> str:
        return f"{s.name} {s.content} {' '.join(s.units)}"

    scored = sorted(enumerate(services), key=lambda i_s: (-round(w.match(described(i_s[1]), query), 2), i_s[0]))
    top = scored[0][1]
    if service_match(w, top, query) < w.p.min_contact_match:
        return  # no listed service is what the question asks about: a phone from another service would mislead
    chosen = [top]
    for s in services[: w.p.max_penalty_bureaus * 2]:
        if (s is not top and s.source != top.source and similar(s.name, top.name) >= w.p.same_rule_similarity
                and all(c.source != s.source for c in chosen)):
            chosen.append(s)
    qp = w.ctx.policy.query
    about = (query.intent in ("", "regime") and w.topic_match(top.content, query) > 0) or any(
        word in query.text for word in w.p.asks_content)  # "那标准日活动主要干些什么？"
    if about and not asks_phone(query.text, qp) and not any(word in query.text for word in qp.asks_who):
        # "质量月活动是每年几月份？": what the service is, first; then who runs it
        cite = w.cite(top, top.start_line, top.end_line)
        w.add("contact", "about", bureau=top.bureau, name=top.name, content=top.content.replace("\n", ""), cite=cite)
        w.add("contact", "units_line", units="、".join(top.units) or w.t.get("contact", "no_unit"),
              phones="、".join(top.phones) or w.t.get("contact", "no_phone"), cite=cite)
        return
    when = any(word in query.text for word in qp.asks_when)
    firsts: list[str] = []
    for n, s in enumerate(chosen):
        cite = w.cite(s, s.start_line, s.end_line)
        units = "、".join(s.units) or w.t.get("contact", "no_unit")
        key = "answer" if s.phones else "answer_no_phone"
        # "质量月活动一般是哪天开始搞？找哪个科？": the row's content says when ("每年9月,开展…"), so it goes first
        name = f"{s.name}（{brief(s.content, w.p.brief_other_chars)}）" if when and n == 0 else s.name
        firsts.append(w.t.get("contact", key, name=name, units=units, phones="、".join(s.phones), cite=cite,
                              bureau=f"【{w.short(s)}】" if len(chosen) > 1 else ""))
        if n == 0 and s.legal_basis and any(word in query.text for word in w.p.asks_basis):
            # "哪个单位在办？依据的是哪个法规？": the row's basis goes with its unit and phone, in the first line
            tail = w.t.get("contact", "basis_tail", basis=brief(s.legal_basis, w.p.brief_other_chars))
            firsts[-1] = firsts[-1].removesuffix(cite) + tail + cite
    # the same service in several bureaus' lists: each one's unit and phone in the first line
    w.lines.append("；".join(firsts[: w.p.max_penalty_bureaus]))
    if not when and len(chosen) == 1:
        w.add("contact", "source", bureau=top.bureau, content=brief(top.content, w.p.brief_other_chars))
