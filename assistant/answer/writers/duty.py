"""Duty answers: the 股室/unit carrying the duty asked, first; the 主要职责 once, then only the matching
items."""

from __future__ import annotations

import re

from assistant.answer.query import Query
from assistant.answer.writers.contact import compose_contact, service_match
from assistant.answer.writers.lines import AnswerLines, add_basis, asks_basis_only, basis_placement, basis_tail, brief, hits_of
from assistant.corpus.records import DutyItem
from assistant.search.retrieve import Hit

# a 主要职责 that says which unit carries it out: "…（区质监局稽查队承担）"
_CARRIED_BY = re.compile(r"[（(]([^（）()]{2,20}?)承担[）)]")


def _common_name(w: AnswerLines, source: str) -> str:
    """The name people use for a bureau ("定安县质监局"), else its full name."""
    b = w.ctx.bureaus[source]
    return max((n for n in b.names if n.endswith("局") and n != b.bureau), key=len, default=b.bureau)


def _names_sub_unit(w: AnswerLines, s) -> bool:
    """A service row whose 承办机构 is a unit inside the bureau (信息管理所, 业务科), not the bureau itself (定安质监局)."""
    names = w.ctx.bureaus[s.source].names
    return any(u not in names and not u.endswith("局") for u in s.units)


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
    # "找哪个科？" … "那办商品条码呢？": a unit asked, which no duty item found names, while a service row does
    unit_asked = any(word in (query.words or query.text) for word in w.p.asks_unit)
    no_unit = bool(items) and not (items[0].responsible_unit or _CARRIED_BY.search(items[0].main_duty))
    if not items or (services and max(service_match(w, s, query) for s in services)
                     > w.p.service_over_duty * max(w.match(f"{i.main_duty} {i.task}", query) for i in items)) or (
            services and unit_asked and no_unit and any(_names_sub_unit(w, s) and service_match(w, s, query) > 0
                                                         for s in services)):
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
    # "哪个单位在做？依据哪一条？": the basis follows the unit named, in the first line
    asks_who = any(word in query.text for word in (*w.p.asks_unit, *w.ctx.policy.query.asks_who))
    placement = basis_placement(w, query, best.legal_basis, asks_who)
    answer_line = len(w.lines)
    if best.responsible_unit:
        w.add("duty", "answer", unit=best.responsible_unit, task=first_task, cite=cite)
    elif carried:
        w.add("duty", "answer", unit=carried.group(1), task=first_task, cite=cite)
    else:
        w.add("duty", "answer_no_unit", bureau=_common_name(w, best.source), task=first_task, cite=cite)
    if placement == "with_who":
        w.lines[answer_line] += basis_tail(w, "duty", best.legal_basis, cite)
    under_main = best.main_duty != task(best) and any(word in query.text for word in w.p.asks_main_duty)
    if as_list:
        for item in others:
            w.append_to_last(w.t.get("duty", "also", task=brief(task(item), w.p.brief_department_chars), unit=unit(item),
                                     cite=w.cite(item, item.start_line, item.end_line)))
    if under_main:
        # "放在哪一项职责里": the 主要职责 the task falls under is the answer, at the end of the first line
        w.lines[answer_line] += w.t.get("duty", "under_main", main=brief(best.main_duty, w.p.brief_other_chars))
    elif best.main_duty != task(best):
        w.add("duty", "source", bureau=best.bureau, main=brief(best.main_duty, w.p.brief_other_chars))
    add_basis(w, "duty", placement, best.legal_basis, cite)
    if not as_list:
        for item in others:
            w.add("duty", "item", task=task(item), unit=unit(item), cite=w.cite(item, item.start_line, item.end_line))
