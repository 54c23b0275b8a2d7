"""Routing answers: the department of a boundary matter (职责边界) whose 职责分工 and part in the case
match the question, first, with its duty in a few words; then the others briefly, the case, and the same
matter in other bureaus' lists."""

from __future__ import annotations

import re

from assistant.answer.asked import department_words
from assistant.answer.query import Query, asking_clause, expand
from assistant.answer.writers.lines import AnswerLines, add_basis, basis_placement, basis_tail, brief, clauses, hits_of
from assistant.answer.writers.regime_reader import question_parts
from assistant.corpus.records import BoundaryMatter
from assistant.search.retrieve import Hit
from assistant.text import bigrams, search_form, similar

_CLAUSE = re.compile(r"[^，。；,;]+")
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
    # (or in the vocabulary's word for the question's: "林场里用的农药" is 林业's)
    said_as = expand(query.text, w.ctx.vocab) if w.ctx.vocab else query.text
    ignore = " ".join([matter.matter, *offered, *(e.department for e in matter.entries
                                                  if not _word_of_its_own(said_as, e.duty, _stem(e.department)))])
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
    for read in _parts_read(w, query):
        # the department each part names best: "发霉了，包装袋也不合格，分别由哪个部门处理"; "收购资格证书是哪个部门发？
        # 营业执照登记又归谁？"
        fit = {i: w.ctx.relevance(f"{matter.entries[i].duty} {' '.join(roles[i])}", read, ignore) for i in order}
        i = max(order, key=lambda k: (fit[k], -order.index(k)))
        if fit[i] > 0 and i != order[0] and i not in together:
            together.append(i)
    first = [w.t.get("routing", "answer", department=dept(order[0]), cite=cite(order[0]),
                     duty=duty_in_brief(w, matter.entries[order[0]].duty, query)) + role(order[0])]
    # "哪个部门负责？依据是什么文件？", "这事归质监管吗？凭哪部法规哪一条？" ask who as well as the basis: it follows
    # the department it is the basis of
    basis = matter.entries[order[0]].basis
    asks_who = any(word in query.text for word in (*w.p.asks_which_department, *w.p.asks_whether_handled,
                                                   *w.ctx.policy.query.asks_who, *w.p.asks_role))
    placement = basis_placement(w, query, basis, asks_who)
    if placement == "with_who":
        first[0] += basis_tail(w, "routing", basis, cite(order[0]))
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
    add_basis(w, "routing", placement, basis, cite(order[0]))
    others = []
    for h in entry_hits:
        other = w.ctx.records[h.chunk.record_id]
        if other.source != matter.source and similar(other.matter, matter.matter) >= w.p.same_rule_similarity:
            name = w.short(other)
            if name not in others:
                others.append(name)
    if others:
        w.add("routing", "same_elsewhere", others="、".join(others))


# a part asking the same as the one before it: "还有食品广告呢"
_ANOTHER = re.compile(r"^(?:还有|另外|再问下?)[\u4e00-\u9fff]{2,}呢$")
# a sentence ending in who does it: "燃气经营许可谁批", "气瓶充装谁管", "保健食品广告谁监督检查"
_WHO_DOES = re.compile(r"谁来?(?![也都])[\u4e00-\u9fff]{0,4}$")  # not "推来推去谁也不管"
# … or checking a guess of the department: "烟花质量差该找质监吧", "归工商管吗"
_GUESSED = re.compile(r"(?:找|归)[\u4e00-\u9fff]{1,4}?(?:局|委|部门|监|商|安|建|保|政)管?(?:吧|吗)$")


def _parts_read(w: AnswerLines, query: Query) -> list[str]:
    """The parts of a question that each ask for a department, as the words each is matched by: its
    clauses as written when it asks for each one's ("槽罐本身的质量和运输车的车体，分别是哪个部门去查"); its
    sentences, each with the vocabulary's terms for its own words, when two or more ask who ("…收购资格证书是
    哪个部门发？营业执照登记又归谁？"); else none."""
    if any(word in query.text for word in w.p.asks_each):
        return [part for part in re.split(r"[，,。；;：:？?！!]", query.text) if len(part) >= w.p.min_part_chars]
    # a sentence asks who when it asks for a department or unit ("又归谁", "哪个机构"), or ends in who does it
    words = department_words(w.p, w.ctx.policy.query.asks_who)
    asking = [part for part in question_parts(query.text)
              if any(word in part for word in words) or _WHO_DOES.search(part) or _GUESSED.search(part)
              or _ANOTHER.match(part)]
    if len(asking) < 2:
        return []
    return [expand(part, w.ctx.vocab) if w.ctx.vocab else part for part in asking]


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
