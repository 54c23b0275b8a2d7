"""Compose an answer from the records behind the retrieved chunks — never from free text.

One composer per kind of question (routing, contact, penalty, regime, duty, accountability).
Each puts the fact asked for in its first line, from the records' own words with citation
markers, then the supporting quotes, and says which bureau's list it comes from; `compose`
then drops any line whose numbers are not in its cited lines.
"""

from __future__ import annotations

import re

from assistant.answer.checks import drop_unsupported_lines, holds_phone
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query, asking_clause, asks_phone
from assistant.answer.scope import story_asking_clause
from assistant.answer.types import Answer
from assistant.answer.writers.lines import AnswerLines, brief, clauses, hits_of, sentences, similar
from assistant.answer.writers.penalty import compose_penalty, imposes
from assistant.answer.writers.regime import HEADING_NUMERAL, Measure, compose_regime, holds_measure, measures_asked
from assistant.corpus.records import AccountabilitySection, BoundaryMatter, DutyItem, ServiceItem
from assistant.kinds import answer_kind, answers_intent
from assistant.policy import AnswerPolicy
from assistant.search.retrieve import Hit
from assistant.text import bigrams, search_form

_CLAUSE = re.compile(r"[^，。；,;]+")
# a unit of a bureau named in a sentence: 稽查股, 计量科, 特种设备安全监察科室
_UNIT = re.compile(r"[\u4e00-\u9fff]{2,10}(?:股|科|处室|科室|大队|支队|中心|所)(?![\u4e00-\u9fff]{0,1}[长员])")
# "住建部门", "质监局", "公安机关": a department as a case names it
_NAME, _KIND = r"[\u4e00-\u9fff]{2,8}?", r"(?:部门|局|委|机关)"
_DEPARTMENT_MENTION = re.compile(f"({_NAME}){_KIND}")
# "质监部门负责对槽罐质量…、交通部门负责对车体…": one clause giving each department its part
_EACH_DEPARTMENT = re.compile(f"、(?={_NAME}{_KIND}负责)")
_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}?(?:省|市|县|区))?(?:市|县|区)?")
# "食药监还是质监？": two departments offered as the alternatives the question ends with
_OFFERED = re.compile(r"([\u4e00-\u9fff]{2,4})还是([\u4e00-\u9fff]{2,4}?)(?:管|罚|查|负责)?(?=[？?，,。！!呢吗啊]|$)")
_DEPARTMENT_SUFFIX = re.compile(r"(?:委员会|局|委|办公室|办|中心|部门)$")


def _stem(department: str) -> str:
    """"县住房和城乡建设局" → "住房和城乡建设": the words a case shortens (住建部门)."""
    return _DEPARTMENT_SUFFIX.sub("", _PLACE_PREFIX.sub("", department, count=1)) or department


def _abbreviates(short: str, stem: str) -> bool:
    """"住建" for "住房和城乡建设", "城管" for "城市管理": the short form's characters in order."""
    it = iter(stem)
    return bool(short) and short[0] == stem[0] and all(ch in it for ch in short)


def _names(clause: str, stem: str) -> bool:
    for m in _DEPARTMENT_MENTION.finditer(clause):
        mention = m.group(1)
        if any(_abbreviates(mention[i:], stem) for i in range(len(mention) - 1)):
            return True
    return False


def case_clauses(case: str, department: str, others: list[str]) -> list[str]:
    """The clauses of a case that say what one department did ("消费者投诉后，市场监管部门依法立案
    查处"): each clause naming it and none of the `others`, with the clause before it in the same
    sentence when that one names no department (what the department acted on)."""
    stem = _stem(department)
    stems = [_stem(o) for o in others if o]
    if len(stem) < 2:
        return []

    def names_any(c: str) -> bool:
        return any(len(o) >= 2 and _names(c, o) for o in stems)

    out = []
    for sentence in re.findall(r"[^。！？]+", case):
        parts = [p.strip() for c in _CLAUSE.findall(sentence) for p in _EACH_DEPARTMENT.split(c) if p.strip()]
        # a sentence sharing the work out among departments ("一家液化石油气站要申请建站，需要到发改部门…，由住建部门…，
        # 经营网点的审批和安全，最后由质监部门…"): its first clause is the common setting, no one department's part,
        # and a clause between two departments' parts is the earlier one's
        shared = sum(1 for o in stems if len(o) >= 2 and _names(sentence, o)) > 1
        for k, c in enumerate(parts):
            if _names(c, stem) and not any(_names(c, o) for o in stems if len(o) >= 2 and o != stem):
                own_lead = k > 0 and not names_any(parts[k - 1]) and (not shared or (k > 1 and not names_any(parts[k - 2])))
                lead = parts[k - 1] if own_lead and len(parts[k - 1]) > 2 else ""  # not a bare "其中"
                after = parts[k + 1: k + 3]
                if shared and after and not names_any(after[0]) and (len(after) == 1 or names_any(after[1])):
                    # "由住建部门审批燃气经营许可，经营网点的审批和安全，最后由质监部门…": the one clause
                    # between its part and the next department's is its part too
                    c = f"{c}，{after[0]}"
                out.append(f"{lead}，{c}" if lead and lead not in out else c)
    return out


def case_story(case: str, others: list[str], shown: list[str]) -> str:
    """The clauses of a case that name no department and are not `shown` already: what happened."""
    stems = [_stem(o) for o in others if o]
    return "，".join(c.strip() for c in _CLAUSE.findall(case)
                    if len(c.strip()) > 2 and not any(c.strip() in s for s in shown)  # not a bare "其中"
                    and not any(len(o) >= 2 and _names(c, o) for o in stems))


# what follows a department's short name when the question names the department: 质监局, 工商管, 公安还是…
_NAMED_AFTER = "局部委机管罚查负还说处所站"


def _word_of_its_own(text: str, duty: str, stem: str) -> bool:
    """Whether a department's short name is a word of its own in both its duty and the question: 林业 in
    "负责对林业用农药…" and "林业上用的农药"; not in "林业局管吗", which names the department."""
    if len(stem) < 2 or stem not in duty:
        return False
    at = [m.end() for m in re.finditer(re.escape(stem), text)]
    return bool(at) and all(end < len(text) and text[end] not in _NAMED_AFTER for end in at)


def asks_basis_only(w: AnswerLines, query: Query) -> bool:
    """"法律依据是什么", "依据是哪几条": the legal basis is what is asked (its line comes first)."""
    return any(word in query.text for word in w.p.asks_basis_first)


def compose_routing(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The department whose 职责分工 (and part in the case) matches the question's specific
    words, first, with its duty; in the same line the departments that match nearly as well
    (all of a two-department matter); then the others briefly."""
    entry_hits = hits_of(hits, "boundary_entry")
    matter: BoundaryMatter = w.ctx.records[entry_hits[0].chunk.record_id]
    if query.focus and query.focus != query.search_text:
        # a follow-up naming a new topic ("那如果是鞋厂本身生产的问题呢？"): of the matters retrieved
        # with the earlier turn's words, the one whose departments' duties this turn's words match
        matters = list(dict.fromkeys(h.chunk.record_id for h in entry_hits))[: w.p.followup_matters]
        # only matters the conversation is about: "质量问题归谁？" after 烟花爆竹 stays with 烟花爆竹, though
        # 危险化学品's 质监 duty says 产品质量
        about = {rid: w.ctx.relevance(w.ctx.records[rid].matter, query.search_text) for rid in matters}
        matters = [rid for rid in matters if about[rid] >= w.p.followup_matter_share * about[matters[0]]]

        def own_words(record_id: str) -> float:
            m = w.ctx.records[record_id]
            return max((w.ctx.relevance(e.duty, query.focus, m.matter) for e in m.entries), default=0.0)

        best_id = max(matters, key=lambda rid: (own_words(rid), -matters.index(rid)))
        if own_words(best_id) - own_words(matters[0]) >= w.p.department_switch_margin:
            matter = w.ctx.records[best_id]
            entry_hits = [h for h in entry_hits if h.chunk.record_id == best_id] + [h for h in entry_hits if h.chunk.record_id != best_id]
    ranked = [h.chunk.part for h in entry_hits if h.chunk.record_id == matter.id]
    order = ranked + [i for i in range(len(matter.entries)) if i not in ranked]
    departments = [e.department for e in matter.entries]
    roles = {i: case_clauses(matter.case, departments[i], departments) if departments[i] else [] for i in order}
    # the matter's own words and the departments' names chose it; the rest of the question picks the department.
    # Departments the caller offers as alternatives ("…归谁查啊，食药监还是质监？") are guesses, not evidence either
    offered = [o for m in _OFFERED.finditer(query.text) for o in m.groups()
               if any(_abbreviates(o, _stem(e.department)) for e in matter.entries if e.department)]
    # a department's name is no evidence, unless its duty and the question use it as a word of their own
    # ("林业上用的农药" asks for 林业局's 林业用农药; "打安监的电话" names 安监局)
    ignore = " ".join([matter.matter, *offered, *(e.department for e in matter.entries
                                                  if not _word_of_its_own(query.text, e.duty, _stem(e.department)))])
    # the clause holding the question word weighs again: "想开个液化石油气站卖瓶装气，燃气经营许可证要找哪个部门批？"
    # asks who licenses 燃气经营 (住建), not who approves building a station (发改)
    # (the clause asking for a department first: "…许可证是找哪个部门批的，质监这边只管什么？" asks who licenses)
    asked = asking_clause(query.text, w.p.asks_which_department) or asking_clause(query.text, w.p.question_words)
    # in it only its content words count ("这种事归哪个部门查" has none)
    ask_ignore = " ".join([ignore, *sorted(w.ctx.policy.scope.frame_words), *w.ctx.policy.answer.asks_which_department])
    said = {i: f"{matter.entries[i].duty} {' '.join(roles[i])}" for i in order}  # a department's duty and part in the case
    duties = [search_form(e.duty) for e in matter.entries if e.department]
    if len(duties) >= w.p.shared_word_departments:
        # a word most departments' duties share picks none of them: "化妆品生产许可" is 食药监's 许可, though
        # 质监, 安监 and 公安 each speak of 化妆品生产企业
        shared = [k for k in bigrams(search_form(query.text))
                  if sum(k in d for d in duties) >= w.p.shared_word_share * len(duties)]
        ignore = " ".join([ignore, *shared])
        ask_ignore = " ".join([ask_ignore, *shared])
    scores = {i: w.match(said[i], query, ignore, True)
              + (w.p.routing_ask_weight * w.ctx.relevance(said[i], asked, ask_ignore, True) if asked else 0.0) for i in order}
    best = max(order, key=lambda i: (scores[i], -order.index(i)))
    if scores[best] - scores[order[0]] >= w.p.department_switch_margin:
        order.remove(best)
        order.insert(0, best)
    named = [i for i in order if matter.entries[i].department
             and any(_abbreviates(m[k:], _stem(matter.entries[i].department))
                     for m in _DEPARTMENT_MENTION.findall(query.text) for k in range(len(m) - 1))]
    if (len(named) == 1 and not any(word in query.text for word in w.ctx.policy.answer.asks_which_department)
            and scores[named[0]] >= w.p.close_match * scores[order[0]]):
        # "那住建部门会采取什么措施？": the question is about the department it names — unless its other words
        # match another department's duty clearly better ("要做毒性鉴定，是去质监局吗？")
        order.remove(named[0])
        order.insert(0, named[0])

    with_department = [i for i in order if matter.entries[i].department]
    if with_department and not matter.entries[order[0]].department:
        # a row naming no department ("…由建设行政主管部门依照有关法律、法规的规定执行") tells no one whom to
        # go to: the best-matching row that names one comes first
        i = max(with_department, key=lambda k: (scores[k], -order.index(k)))
        order.remove(i)
        order.insert(0, i)

    def dept(i: int) -> str:
        return matter.entries[i].department or w.t.get("routing", "unnamed_department")

    def cite(i: int) -> str:
        e = matter.entries[i]
        return w.cite(matter, e.start_line, e.end_line, f"{' > '.join(matter.section_path)} > {dept(i)}")

    def role(i: int) -> str:
        if not roles[i]:
            return ""
        return w.t.get("routing", "role", role="，".join(roles[i]), cite=w.cite(matter, matter.case_start, matter.case_end))

    top = scores[order[0]]
    together = [i for i in order[1:] if (len(matter.entries) <= 2 or (top > 0 and scores[i] >= w.p.close_match * top))
                and (matter.entries[i].department or not with_department)]
    if any(word in query.text for word in w.p.asks_each):
        # "发霉了，包装袋也不合格，分别由哪个部门处理": the department each part of the case names best
        for part in re.split(r"[，,。；;：:？?！!]", query.text):
            if len(part) < w.p.min_part_chars:
                continue
            fit = {i: w.ctx.relevance(f"{matter.entries[i].duty} {' '.join(roles[i])}", part, ignore) for i in order}
            i = max(order, key=lambda k: (fit[k], -order.index(k)))
            if fit[i] > 0 and i != order[0] and i not in together:
                together.append(i)
    first = [w.t.get("routing", "answer", department=dept(order[0]), cite=cite(order[0]),
                     duty=duty_in_brief(w, matter.entries[order[0]].duty, query)) + role(order[0])]
    first += [w.t.get("routing", "also", department=dept(i), duty=brief(matter.entries[i].duty, w.p.brief_other_chars),
                      cite=cite(i)) + role(i) for i in together]
    w.lines.append("；".join(first))
    w.add("routing", "source", matter=matter.matter, bureau=matter.bureau)
    rest = [i for i in order[1:] if i not in together and matter.entries[i].department]  # unnamed rows are no department
    described = rest[: w.p.max_other_departments]
    if described:
        w.add("routing", "others", departments="；".join(
            w.t.get("routing", "other", department=dept(i), duty=brief(matter.entries[i].duty, w.p.brief_department_chars),
                    cite=cite(i)) for i in described))
    if rest[len(described):]:
        w.add("routing", "more", departments="、".join(dept(i) + cite(i) for i in rest[len(described):]))
    if matter.case and not any(roles.values()):
        w.add("routing", "case", case=brief(matter.case, w.p.brief_chars), cite=w.cite(matter, matter.case_start, matter.case_end))
    elif matter.case:
        story = case_story(matter.case, departments, [r for rs in roles.values() for r in rs])
        if len(story) >= w.p.min_story_chars:
            w.add("routing", "case", case=brief(story, w.p.brief_other_chars), cite=w.cite(matter, matter.case_start, matter.case_end))
    basis = matter.entries[order[0]].basis
    if basis and any(word in query.text for word in w.p.asks_basis):
        # "法律依据是什么": the basis is the answer, the first line; else it follows the departments
        add = w.add_first if asks_basis_only(w, query) else w.add
        add("routing", "basis", basis=brief(basis, w.p.brief_other_chars), cite=cite(order[0]))
    others = []
    for h in entry_hits:
        other = w.ctx.records[h.chunk.record_id]
        if other.source != matter.source and similar(other.matter, matter.matter) >= w.p.same_rule_similarity:
            name = w.short(other)
            if name not in others:
                others.append(name)
    if others:
        w.add("routing", "same_elsewhere", others="、".join(others))


# a sub-section's label inside a 责任追究机制 section: "(一) 职责分工。"
_SUB_LABEL = re.compile(r"^\s*[（(][一二三四五六七八九十\d]{1,3}[)）]\s*[^，,。；;]{1,10}[。：:]?\s*$")
# a 主要职责 that says which unit carries it out: "…（区质监局稽查队承担）"
_CARRIED_BY = re.compile(r"[（(]([^（）()]{2,20}?)承担[）)]")
_PHONE_KIND = re.compile(r"([\u4e00-\u9fff]{2})(?:电话|热线)")


def duty_in_brief(w: AnswerLines, duty: str, query: Query) -> str:
    """A department's duty in a few words: its opening, or the sentence of it that is what the question asks
    when that matches far better ("…查处的属于吊销工商执照等问题，移交县工商局处理" for "该吊销营业执照了…交给谁")."""
    parts = clauses(duty)
    if len(parts) > 1:
        scores = [w.match(p, query) for p in parts]
        best = max(range(len(parts)), key=lambda k: (scores[k], -k))
        if best > 0 and scores[best] > w.p.duty_sentence_margin * scores[0]:
            return brief(parts[best], w.p.brief_first_duty_chars)
    return brief(duty, w.p.brief_first_duty_chars)


def service_match(w: AnswerLines, s: ServiceItem, query: Query) -> float:
    """How well a service is what the question asks about, the words that ask for a phone and
    the bureau's names aside; 0 when the question names a kind of phone ("救援电话") the
    service does not speak of."""
    text = f"{s.name} {s.content} {' '.join(s.units)}"
    # in a story, the kind of phone is named where the phone is asked for ("网上找了半天没找到电话" tells the story)
    asked = story_asking_clause(query.text, w.ctx.policy.scope) or query.text
    for m in _PHONE_KIND.finditer(asked):
        kind = m.group(1)  # "救援电话"
        # not "留个电话" (a measure word), "局的电话" or "厂子打电话" (a call in the story)
        if "的" not in kind and not kind.endswith(("个", "打", "拨")) and kind not in w.p.generic_phone_words and kind not in text:
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
    for s in services:
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
    for n, s in enumerate(chosen):
        cite = w.cite(s, s.start_line, s.end_line)
        units = "、".join(s.units) or w.t.get("contact", "no_unit")
        key = "answer" if s.phones else "answer_no_phone"
        # "质量月活动一般是哪天开始搞？找哪个科？": the row's content says when ("每年9月,开展…"), so it goes first
        name = f"{s.name}（{brief(s.content, w.p.brief_other_chars)}）" if when and n == 0 else s.name
        w.add("contact", key, name=name, units=units, phones="、".join(s.phones), cite=cite,
              bureau=f"【{w.short(s)}】" if len(chosen) > 1 else "")
        if n == 0 and s.legal_basis and any(word in query.text for word in w.p.asks_basis):
            # "哪个单位在办？依据的是哪个法规？": the row's basis goes with its unit and phone, in the first line
            tail = w.t.get("contact", "basis_tail", basis=brief(s.legal_basis, w.p.brief_other_chars))
            w.lines[-1] = w.lines[-1].removesuffix(cite) + tail + cite
        if n == 0 and not when:
            w.add("contact", "source", bureau=s.bureau, content=brief(s.content, w.p.brief_other_chars))


def _common_name(w: AnswerLines, source: str) -> str:
    """The name people use for a bureau ("定安县质监局"), else its full name."""
    b = w.ctx.bureaus[source]
    return max((n for n in b.names if n.endswith("局") and n != b.bureau), key=len, default=b.bureau)


def compose_duty(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The unit of the duty item that matches the question best, first; its 主要职责 once; then
    only the other items that match nearly as well. A question for the whole row ("还负责什么")
    gets the row's items in the first line. A question about a public service (申诉举报受理,
    代码证办理) is answered from the service's row when that matches better than any duty."""
    items: list[DutyItem] = [w.ctx.records[h.chunk.record_id] for h in hits_of(hits, "duty_item")]
    # a service stands in for the duties only when its name says what is asked: "新买的电梯、锅炉要办使用登记"
    # is no question about 特种设备作业人员培训和发证, whose content merely lists 电梯、锅炉
    services = [s for s in (w.ctx.records[h.chunk.record_id] for h in hits_of(hits, "service_item")[:3])
                if not items or w.ctx.relevance(s.name, query.words or query.text, " ".join(w.ctx.bureaus[s.source].names)) > 0]
    if not items or (services and max(service_match(w, s, query) for s in services)
                     > w.p.service_over_duty * max(w.match(f"{i.main_duty} {i.task}", query) for i in items)):
        compose_contact(w, hits, query)
        if w.lines or not items:
            return  # a service row that answers nothing asked leaves the duties to answer
    if any(word in query.text for word in w.p.asks_unit):
        # "哪个股负责": an item that names no unit cannot answer; the best-ranked one that does
        items = sorted(items, key=lambda i: not i.responsible_unit)
    first = items[0]
    row_items = [r for r in w.ctx.duty_rows.get((first.source, first.seq, first.main_duty), []) if r not in items]
    items = [i for i in items if i.source == first.source] + row_items
    # the task tells the items of one row apart; the row's shared 主要职责 only weighs in
    # the words as asked weigh in beside their expansion: "缺斤短两" adds 定量包装商品, which must not pick 过度包装
    # the question is cut at its particles: "防伪标识的监督管理" must not prefer "能源效率标识的监督管理" for 识的, 的监
    scores = {i.id: w.match(i.task or i.main_duty, query, split_particles=True)
              + w.p.main_duty_weight * w.match(f"{i.main_duty} {i.task}", query, split_particles=True)
              + w.p.asked_words_weight * w.ctx.relevance(i.task or i.main_duty, query.words or query.text, split_particles=True)
              for i in items}
    best = max(items, key=lambda i: (scores[i.id], -items.index(i)))
    # "依据是哪几条" asks for the basis's articles, not for the row's items
    as_list = any(word in query.text for word in w.p.asks_list) and not asks_basis_only(w, query)
    if as_list:
        row = w.ctx.duty_rows.get((best.source, best.seq, best.main_duty), [])
        others = [r for r in row if r is not best][: w.p.max_row_items - 1]
    else:
        others = [i for i in items if i is not best and scores[i.id] >= w.p.close_match * scores[best.id]]
        others = others[: w.p.max_duty_others]

    def task(item: DutyItem) -> str:
        return (item.task or item.main_duty).replace("\n", "")

    def unit(item: DutyItem) -> str:
        same = item.responsible_unit == best.responsible_unit
        return w.t.get("duty", "unit", unit=item.responsible_unit) if item.responsible_unit and not same else ""

    cite = w.cite(best, best.start_line, best.end_line)
    carried = _CARRIED_BY.search(best.main_duty)
    first_task = brief(task(best), w.p.brief_department_chars) if as_list else task(best)
    if best.responsible_unit:
        w.add("duty", "answer", unit=best.responsible_unit, task=first_task, cite=cite)
    elif carried:
        w.add("duty", "answer", unit=carried.group(1), task=first_task, cite=cite)
    else:
        w.add("duty", "answer_no_unit", bureau=_common_name(w, best.source), task=first_task, cite=cite)
    if as_list:
        for item in others:
            w.append_to_last(w.t.get("duty", "also", task=brief(task(item), w.p.brief_department_chars), unit=unit(item),
                                     cite=w.cite(item, item.start_line, item.end_line)))
    if best.main_duty != task(best):
        w.add("duty", "source", bureau=best.bureau, main=brief(best.main_duty, w.p.brief_other_chars))
    if best.legal_basis and any(word in query.text for word in w.p.asks_basis):
        add = w.add_first if asks_basis_only(w, query) else w.add
        add("duty", "basis", basis=brief(best.legal_basis, w.p.brief_other_chars), cite=cite)
    if not as_list:
        for item in others:
            w.add("duty", "item", task=task(item), unit=unit(item), cite=w.cite(item, item.start_line, item.end_line))


_TITLES = re.compile(r"《[^》]*》")


def _heading_name(section: AccountabilitySection) -> str:
    """"六、人民检察院" → "人民检察院"."""
    return HEADING_NUMERAL.sub("", section.heading).strip()


def _shared_words(texts: list[str]) -> str:
    """The character pairs more than half of the texts hold, as text to leave out of a match."""
    counts: dict[str, int] = {}
    for t in texts:
        for pair in bigrams(search_form(t).lower()):
            counts[pair] = counts.get(pair, 0) + 1
    return " ".join(sorted(p for p, n in counts.items() if n * 2 > len(texts)))


def compose_accountability(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The sentence of the 责任追究机制 section that answers the question, then which section."""
    found = hits_of(hits, "accountability")
    # of the bodies retrieved from the first one's list, the one whose section matches the question best
    # ("受贿…追究刑事责任" is the 人民检察院's, though 行政机关 may rank first); a body the question names comes first
    bodies = [w.ctx.records[h.chunk.record_id] for h in found if h.chunk.source == found[0].chunk.source]
    # asked which body to go to, every body of that list is a candidate, retrieved or not ("贪污受贿…该去哪里举报":
    # 六、人民检察院, not 八、协调配合机制, which names several)
    named = [r for r in w.ctx.accountability_sections(bodies[0].source) if _heading_name(r).endswith(w.p.accountability_bodies)]
    # … and so does one asking who does what a body's section names in the vocabulary's words ("打行政官司…由哪家来审":
    # 人民法院); "线索应当移送给谁" asks the 协调配合机制, which names several
    asks_body = bool(named) and (query.intent == "routing" or any(word in query.text for word in w.p.asks_where_to_report)
                                 or (any(word in query.text for word in w.ctx.policy.query.asks_who)
                                     and any(n in query.search_text for n in w.p.accountability_names)))
    if asks_body:
        bodies = named
    # asked which body, the words most bodies' sections share (追究, 机关, 违法) tell none apart: "这种贪污受贿的事归哪个
    # 机关追究" is the 人民检察院's for 贪污贿赂, not the 行政机关's for sharing 执法 and 追究
    shared = _shared_words([f"{r.heading} {r.body}" for r in bodies]) if asks_body else ""
    # asked which body, one the question names is the one acted on ("由哪个机关审理、判行政机关的责任"), not the answer
    record = max(bodies, key=lambda r: (_heading_name(r) in query.text and not asks_body,
                                        round(w.match(f"{r.heading} {r.body}", query, shared), 2), -bodies.index(r)))
    cite = w.cite(record, record.start_line, record.end_line)
    # "(二) 追责程序。人民法院依法…" : the label before the sentence is no answer of its own ("（三）停职检查。"
    # alone on its line is a measure)
    by_line = [[c for k, c in enumerate(units) if not (k < len(units) - 1 and _SUB_LABEL.match(c))]
               for units in (clauses(line) for line in record.body.split("\n"))]
    units = [c for line_units in by_line for c in line_units]
    ignore = f"{record.bureau} {w.short(record)} {record.heading}"
    sanctions = w.p.imposed_measures if query.intent == "penalty" else ()

    def rank(t: str) -> tuple[bool, float, int]:
        # "对他本人会怎么处理": a sentence imposing a measure (暂扣或者吊销其行政执法证件) answers, one on oversight does not
        score = w.match(t, query, ignore, True)
        imposing = any(s in _TITLES.sub("", t) for s in sanctions)  # not 《…处分条例》
        return score > 0 and imposing, score, -units.index(t)

    best = max(units, key=rank) if units else ""
    matched = bool(best) and rank(best)[1] > 0
    if matched and any(word in query.text for word in w.p.asks_all_measures):
        # "能采取什么措施": every measure of the sentence the best one stands in ("发出《行政执法监督决定书》，责令…；
        # 对负有责任的工作人员暂扣或者吊销其行政执法证件")
        line_units = next(line_units for line_units in by_line if best in line_units)
        kept = [u for u in line_units if w.match(u, query, ignore, True) > 0 or u == best]
        best = "".join(kept) if len(kept) > 1 else best
    if matched:
        body = _heading_name(record)
        # asked who does it, a section named after a body answers with that body ("谁能暂扣他的执法证件":
        # 政府法制机构, whose section imposes it); 协调配合机制 names none of its own
        if asks_body or (record in named and any(word in query.text for word in w.ctx.policy.query.asks_who)):
            w.add("accountability", "body", body=body, text=best, cite=cite)
        else:
            w.add("accountability", "answer", text=best, cite=cite)
        w.add("accountability", "source", bureau=record.bureau, heading=body)
        return
    w.add("accountability", "intro", bureau=record.bureau)
    w.add("accountability", "section", text=f"{record.heading}\n{record.body}", cite=cite)


COMPOSERS = {
    "routing": compose_routing, "contact": compose_contact, "penalty": compose_penalty,
    "regime": compose_regime, "duty": compose_duty, "accountability": compose_accountability,
}


# a unit of a bureau a regime's step names ("提交局案审办（法规科）审核")
_UNIT_NAMED = re.compile(r"[\u4e00-\u9fff]{1,5}(?:科|股|办|所|队)(?=[（(）)，,。、]|审核|负责|承办|组织)")


def choose_kind(query: Query, hits: list[Hit], policy: AnswerPolicy, own_names: tuple[str, ...] = ()) -> str:
    """The first retrieved chunk of a kind that answers the intent; else the top chunk's kind."""
    if hits[0].chunk.kind == "accountability" and query.intent in ("penalty", "regime", "duty", ""):
        return "accountability"  # the question names a body of the 责任追究机制 and ranks it first
    if (query.intent == "routing" and hits[0].chunk.kind == "accountability"
            and any(word in query.search_text for word in (*policy.accountability_names, *policy.asks_which_body))):
        # "想打行政官司，这种案子是法院管吗？": the court's section, ranked first; the court named in the question's
        # words or the vocabulary's (行政官司 → 人民法院); or asked which 机关 ("行政诉讼案子由哪个机关审理")
        return "accountability"
    if (query.intent == "routing" and any(word in query.search_text for word in policy.official_words)
            and any(h.chunk.kind == "accountability" for h in hits)):
        return "accountability"  # "工作人员受贿，归哪个机关？": which body holds officials to account
    if query.intent == "penalty" and any(h.chunk.kind == "penalty_clause" and imposes(h.chunk.text)
                                         for h in hits[:policy.penalty_clause_ranks]):
        return "penalty"  # a penalty sentence near the top is the precise answer
    if (query.intent == "duty" and hits[0].chunk.kind == "regime_section" and _UNIT_NAMED.search(hits[0].chunk.text)
            and not any(h.chunk.kind in ("duty_item", "service_item") for h in hits[:policy.unit_in_regime_ranks])):
        # "案子调查完了，材料交哪个科室审核": a step of a regime names the unit ("提交局案审办（法规科）审核"); no
        # duty near the top is about it
        return "regime"
    if (query.intent == "duty" and any(word in query.text for word in (*policy.asks_unit, *own_names))
            and any(h.chunk.kind in ("duty_item", "service_item") for h in hits)):
        # "哪个股室/科室", "质监局管吗": the bureau's own duties, not a boundary matter between bureaus
        return "duty"
    for h in hits:
        if answers_intent(h.chunk.kind, query.intent):
            if query.intent == "penalty" and h.chunk.kind == "regime_section" and (
                    _clause_inside(h, hits) or any(word in query.text for word in policy.asks_amount)):
                # the section's own penalty sentences are the precise answer; and when a fine is asked
                # for, the clauses decide: with none about the conduct asked, the list sets no fine for it
                return "penalty"
            return answer_kind(h.chunk.kind)
    if query.intent == "penalty" and any(word in query.text for word in policy.asks_amount):
        # "化妆品企业没做标准备案，罚多少？" finds only who does the 备案: no clause sets the fine asked for
        return "penalty"
    typed = [h for h in hits if answer_kind(h.chunk.kind)]  # generic chunks have no writer section
    return answer_kind((typed or hits)[0].chunk.kind)


def _clause_inside(section: Hit, hits: list[Hit]) -> bool:
    c = section.chunk
    return any(h.chunk.kind == "penalty_clause" and h.chunk.source == c.source
               and c.start_line <= h.chunk.start_line <= c.end_line and imposes(h.chunk.text) for h in hits)


def basis_fact(w: AnswerLines, hits: list[Hit], query: Query, measures: list[Measure]):
    """"瓶装燃气的经营许可证有效期几年？": a number neither a department's duty nor a regime gives may
    stand in the law a boundary row quotes as its basis. The sentence of the retrieved rows' bases
    holding such a number that matches the question best (with a second one of its row that holds
    more of the question's words), with the matter and the row; None when none matches well enough."""
    best, best_score = None, 0.0
    # the bureau's names chose the list: the rest of the question picks the sentence. Every row's sentences are
    # scored alike, so a law two matters quote word for word goes with the better-ranked matter (气瓶, not 管道)
    ignore = " ".join(n for h in hits[:1] for n in w.ctx.bureaus[h.chunk.source].names)
    for record_id in dict.fromkeys(h.chunk.record_id for h in hits_of(hits, "boundary_entry")):
        matter: BoundaryMatter = w.ctx.records[record_id]
        for entry in matter.entries:
            scored = [(w.match(s, query, ignore), s) for s in sentences(entry.basis, w.p.longest_sentence)
                      if holds_measure(s, measures)]
            if not scored:
                continue
            top_score, top = max(scored)
            if top_score <= best_score or top_score < w.p.basis_fact_match:
                continue
            chosen = [top]
            for _, s in sorted(scored, key=lambda x: -x[0]):
                if len(chosen) >= w.p.basis_fact_sentences:
                    break
                # another sentence only for words of the question the chosen ones lack ("到期前多久要申请换证")
                gain = w.match("".join([*chosen, s]), query, ignore) - w.match("".join(chosen), query, ignore)
                if s not in chosen and gain >= w.p.basis_fact_gain:
                    chosen.append(s)
            best, best_score = (matter, entry, sorted(chosen, key=entry.basis.find)), top_score
    return best


def add_basis_fact(w: AnswerLines, found) -> None:
    matter, entry, chosen = found
    cite = w.cite(matter, entry.start_line, entry.end_line, f"{' > '.join(matter.section_path)} > {entry.department}")
    w.add("routing", "basis_fact", text="".join(chosen), cite=cite)
    w.add("routing", "basis_source", bureau=matter.bureau, matter=matter.matter,
          department=f"（{entry.department}）" if entry.department else "")


def compose(query: Query, hits: list[Hit], ctx: AnswerContext) -> Answer:
    """The answer from the records behind the hits; lines that fail a check are dropped."""
    kind = choose_kind(query, hits, ctx.policy.answer, ctx.policy.scope.own_departments)
    w = AnswerLines(ctx)
    measures = measures_asked(query.text, ctx.policy.answer)
    found = basis_fact(w, hits, query, measures) if measures and kind in ("routing", "regime") else None
    if found and kind == "routing":
        add_basis_fact(w, found)  # the number first, the departments after
    COMPOSERS[kind](w, hits, query)
    if found and kind == "regime" and not (w.lines and holds_measure(w.lines[0], measures)):
        # no regime gives the number; the law a boundary row quotes does
        w = AnswerLines(ctx)
        add_basis_fact(w, found)
        kind = "routing"
    if (kind in ("contact", "duty") and measures and len(w.lines) > 1 and not holds_measure(w.lines[0], measures)
            and holds_measure(w.lines[1], measures)):
        # "质量月是几月份？哪个股负责？": the row's content under its unit holds the number asked; it joins the first line
        w.lines[0:2] = [w.lines[0] + w.lines[1]]
    if kind in ("contact", "duty", "accountability") and measures and w.lines and not holds_measure(w.lines[0], measures):
        # "办代码证要多少钱": the service row says who and where, not the fee asked for ("要交多少钱" is refused
        # before any writer runs: vocabulary.toml [scope])
        w.not_stated_first("、".join(m.name for m in measures))
    if (kind in ("regime", "contact", "duty") and w.lines and any(word in query.text for word in ctx.policy.answer.asks_unit)
            and not _UNIT.search(w.lines[0]) and not (measures and holds_measure(w.lines[0], measures))):
        # "哪个科室负责…" of a list with no duty table: a regime's sentence names no 科室 (but "执法科室应当在
        # 多长时间内核查" asks the time, which the sentence gives); nor does a service row whose 承办机构 is the bureau
        if kind in ("contact", "duty") and holds_phone(w.lines[0]):
            # "找哪个股室，电话多少？", "定安的标准日活动呢？" (after "…找哪个股？"): a service row whose 承办机构 is the bureau
            # answers with that and its phone; that no 股室 is named goes with it
            w.lines[0] += w.t.get("contact", "unit_not_named", bureau=w.first_bureau, unit=w.t.get("duty", "unit_asked"))
        else:
            w.not_stated_first(w.t.get("duty", "unit_asked"))
    answer = Answer(body="\n".join(w.lines), citations=w.cites.items, kind=kind,
                    bureaus=[ctx.bureaus[f].bureau for f in w.files])
    answer = drop_unsupported_lines(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    pre = [ctx.bureaus[f].short_name for f in w.files if ctx.bureaus[f].predates_2018_merger]
    if pre and any(u in answer.body for u in ctx.policy.answer.pre_merger_units):
        key = "merger_hotline" if "12365" in answer.body else "merger"
        answer.notes.append(w.t.get("notes", key, bureaus="、".join(pre)))
    return answer


class TemplateWriter:
    """Answers from the records' own words through the templates in prompts/answers.toml."""

    name = "template"

    def write(self, request: WriteRequest) -> Answer:
        return compose(request.query, request.hits, request.ctx)
