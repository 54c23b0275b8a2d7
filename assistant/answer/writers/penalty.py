"""Penalty answers: the measures for the conduct asked, per bureau, in the first line; then
the clause(s) word for word, long listed articles cut to the items asked about. A clause on
officials answers only a question about officials; no clause about other conduct is quoted."""

from __future__ import annotations

import re

from assistant.answer.query import Query
from assistant.answer.scope import story_asking_clause
from assistant.answer.writers.clause_parts import (
    CONDITION_END,
    conduct_and_measures,
    coordinated_conducts,
    imposes,
    inline_items,
    joined_conducts,
    measures_part,
    on_officials_only,
    quoted_part,
)
from assistant.answer.writers.conduct import (
    GRADES,
    INLINE_ITEM,
    added_terms,
    clause_conduct,
    conduct_only,
    had_requirement,
    held_requirement,
    named_acts,
    names_any_act,
    names_leading_act,
    on_act_asked,
    opening_acts,
    other_act,
    other_actor,
    other_product,
    other_requirement,
    other_subject,
    own_words,
    plain_act_words,
    same_object,
    same_unmet,
)
from assistant.answer.writers.lines import (
    AnswerLines,
    asks_basis_only,
    brief,
    clauses,
    hits_of,
    labels_joined,
    quoted_article_line,
)
from assistant.answer.writers.referenced import lead_in_basis, referenced_article
from assistant.answer.writers.regime_reader import regime_lines
from assistant.corpus.records import PenaltyClause, Regime
from assistant.search.retrieve import Hit
from assistant.text import similar

_ARTICLE = re.compile(r"第[一二三四五六七八九十百零\d]+条")


def compose_penalty(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """The measures for the conduct asked, per bureau (up to four), in the first line; then the
    best clause(s) word for word. Clauses are ordered by how closely their violation matches
    the question, then by retrieval rank. A bureau with no clause for it says so."""
    clauses: list[PenaltyClause] = [w.ctx.records[h.chunk.record_id] for h in hits_of(hits, "penalty_clause")]
    # a sentence the parser took for a clause that imposes nothing ("进行现场检查时，检查人员不得少于2人…") is a step
    clauses = [p for p in clauses if imposes(p.sentence)]
    about_officials = any(word in query.text for word in w.p.official_words)
    if not about_officials:
        # sanctions on officials answer only questions about officials
        clauses = [p for p in clauses if not on_officials_only(p, w.p)]

    def conducts(p: PenaltyClause) -> list[tuple[str, str]]:
        # "有下列行为之一的" with items: each item is a conduct of its own, matched with the head and the
        # title of the regime it stands in (who is fined: "法定计量检定机构伪造数据" is 法定计量检定机构监管's);
        # so is each item listed inline, and each statute a sentence joins after its first. Each conduct
        # comes with the text whose measures answer for it: an inline item's own, else the sentence
        head = f"{conduct_only(p.violation or p.sentence)} {p.prior_conduct}".strip()
        regime = p.section_path[1] if len(p.section_path) > 2 else ""
        if p.items:
            return [(f"{regime} {head} {item}", p.sentence) for item in p.items]
        out = [(f"{regime} {head}", p.sentence)]
        # a conduct listed after the first is one of its own when it does an act the question names ("指派")
        out += [(f"{regime} {c}", p.sentence) for c in coordinated_conducts(p.sentence, p.violation)
                if any(a in c for a in acts_asked)]
        listed = inline_items(p.sentence)[1]
        for item in listed:
            conduct_text, measured = conduct_and_measures(item)
            out.append((f"{regime} {head} {conduct_text}", measured or p.sentence))
        # a joined piece that is one of the listed items is that item, whose own measures it has above
        return out + [(f"{regime} {c}", p.sentence) for c in joined_conducts(p.sentence)
                      if not (listed and INLINE_ITEM.match(c))]

    def fit(p: PenaltyClause) -> tuple[float, bool, float, str, str]:
        """How well the clause's closest conduct matches the question; of two alike, the one whose
        act it opens with the question names ("修秤的没有许可证" is not 对销售未取得…许可的产品的), then the one whose
        own wording the question holds more of ("没有许可就修秤" is 未取得…许可，擅自…修理, not
        未另行办理新增项目…许可). Last, the text whose measures answer for that conduct."""
        # a conduct in the very terms the vocabulary gives for the question's own wording is the one asked
        bonus = w.p.translated_conduct_bonus
        return max((round(w.match(c, query, split_particles=True) + (bonus if any(t in c for t in added) else 0.0)
                          + (w.p.like_weight * w.ctx.relevance(c, query.like) if query.like else 0.0), 2),
                    names_leading_act(p, query, w.p.leading_acts),
                    round(w.ctx.relevance(query.focus_text, c), 2), c, text)
                   for c, text in conducts(p))

    acts = (*w.p.conduct_acts, *w.p.translated_acts)
    # the acts a question may name its conduct by, in the lists' words or plain ones (伪造, 假的)
    acts_named = (*w.p.conduct_acts, *plain_act_words(w.p.plain_acts))
    acts_asked = named_acts(query.text, tuple(dict.fromkeys((*w.p.conduct_acts, *w.p.assigning_acts))))
    terms = added_terms(query)
    added = [t for t in terms if any(a in t for a in acts)]  # acts, not topics
    # what the question names in its words and the lists' ("倒卖强检印证": 强制检定), for what an act is done to
    named_objects = " ".join([query.text, *(t for t in terms if t not in added)])
    own_conducts = [clause_conduct(p) for p in clauses]  # each clause's own conduct, its measures left out
    fits = [fit(p) for p in clauses]
    order = sorted(range(len(clauses)), key=lambda i: (-fits[i][0], not fits[i][1], -fits[i][2], i))

    def on_other_act(i: int) -> bool:
        # a conduct in the lists' terms for the act the question words its own way is on the act asked; one of
        # assigning others to act ("指派未取得计量检定证件的人员开展计量检定工作") is the assigning body's, no answer
        # to what is done to the person who acted ("有人没有检定员资格就在做检定") unless the question assigns too;
        # one opening with acts the question never names ("伪造、盗用…强制检定印、证" for using an unverified pump) is
        # about other conduct
        conduct = fits[i][3]
        opening = opening_acts(clauses[i], w.p.conduct_acts)
        translated = any(t in conduct for t in added)
        return ((not translated and (other_act(named_objects, conduct, w.p.conduct_acts)
                                     or (bool(opening) and not names_any_act(query, opening, w.p.plain_acts))))
                or other_requirement(query.text, conduct, w.p.requirements)
                or held_requirement(query.text, own_conducts[i], w.p.requirements)
                or had_requirement(query.text, own_conducts[i], w.p.requirements)
                or other_subject(query.text, conduct, w.p.conduct_subjects)
                or other_product(query.search_text, f"{own_conducts[i]} {clauses[i].sentence}", w.p.clause_products)
                or other_actor(query.text, clauses[i], acts_named, w.p.actor_persons, w.p.actor_bodies)
                or (any(a in conduct for a in w.p.assigning_acts) and not any(a in query.text for a in w.p.asks_assigning)))

    if order and on_other_act(order[0]):
        # the closest clause opens with another act than the one asked ("变造、倒卖《计量检定员证》" for 伪造): one
        # nearly as close on the act asked answers instead; none, and the gate below says "not stated"
        on_act = next((i for i in order[1:] if fits[i][0] >= w.p.other_act_margin * fits[order[0]][0]
                       and not on_other_act(i)), None)
        if on_act is None:
            # none as close: one that is the very act asked done to what the question names ("伪造的检验结果" →
            # 伪造检验结果或者出具虚假证明的), or that lacks what the question says was lacking ("没有任何许可证" →
            # 未取得…许可), answers, however fewer of the story's words it shares
            on_act = next((i for i in order[1:] if not on_other_act(i)
                           and (same_object(query.text, fits[i][3], w.p.conduct_acts)
                                or same_unmet(query.text, own_conducts[i], w.p.requirements))), None)
        if on_act is not None:
            order = [on_act, *(i for i in order if i != on_act)]
    scored = [(i, clauses[i]) for i in order]
    # statutes on officials quote long articles: their bar is lower
    bar = w.p.min_official_match if about_officials else w.p.min_penalty_match
    # how much of the conduct asked a clause holds: the words asking for a fine, the bureaus'
    # names and the question's frame ("质监能罚多少钱") are not the conduct
    frame = " ".join([*(n for n in w.ctx.bureau_names if n in query.search_text), *w.p.handling_words, *w.p.asks_amount,
                      *w.p.measure_bases,
                      *sorted(w.ctx.policy.scope.frame_words), *w.ctx.policy.scope.own_departments])
    # the closest conduct, with the conditions grading its measures ("未构成…违法行为的"): a question may name them
    closest = f"{fits[scored[0][0]][3]} {scored[0][1].violation}" if scored else ""
    # a story's scene ("车间主任嫌那批外观不好看…") is no conduct: the clause asking names it ("私自调换封存样品的要罚多少")
    asking = story_asking_clause(query.text, w.ctx.policy.scope, before=1)
    # a conduct in the lists' terms for the act the question words its own way ("假的检验报告" → 伪造检验结果), or the
    # very act the question names done to what it names ("转手把检验分包给别的实验室"), is the conduct asked however
    # little of the story around it the clause shares
    act_asked = any(t in closest for t in added) or on_act_asked(query.text, closest, w.p.conduct_acts)
    # a clause lacking what the question says was lacking ("没有任何许可证" → 未取得…许可), closest or chosen over a
    # closer clause of holders ("取得…许可的…未办理变更"), is on the conduct asked if it is on the same matter at all
    lacking = bool(scored) and same_unmet(query.text, own_conducts[scored[0][0]], w.p.requirements)
    act_asked = act_asked or (lacking and w.topic_match(closest, query, frame) >= w.p.min_unmet_penalty_match)
    if (not scored or (not act_asked and (max(w.topic_match(closest, query, frame),
                                               w.ctx.relevance(closest, asking, frame) if asking else 0.0) < bar
                                           or w.ctx.relevance(closest, own_words(query, w.p.conduct_acts), frame)
                                           < w.p.min_own_penalty_match))
            or on_other_act(scored[0][0])):
        # no clause is about the conduct asked: never quote one about other conduct
        not_stated_penalty(w, hits, query)
        return
    best = scored[0][1]
    chosen: list[PenaltyClause] = []
    for _, p in scored:
        if any(c.source == p.source for c in chosen) or len(chosen) >= w.p.max_penalty_bureaus:
            continue
        if p is best or similar(clause_conduct(p), clause_conduct(best)) >= w.p.same_rule_similarity:
            chosen.append(p)
    if len(chosen) == 1:
        # "搬了新厂址后没办许可证变更…，水表上也没印许可证标志…。这两件事各自最多罚多少？": each conduct's clause
        chosen += [clauses[i] for i in _part_clauses(w, query, [i for i, p in scored if p.source == best.source],
                                                     fits, frame)]
    # "依据哪条？罚多少？": the article is asked beside the fine, and stands before it in the first line
    asks_basis = asks_basis_only(w, query)
    # "罚多少？依据的是哪个办法？": of a clause of the bureau's own, the law its paragraphs open with (cited first)
    leads: dict[str, tuple[str, str]] = {}
    for p in chosen if asks_basis else ():
        lead = None if p.quoted_statute else lead_in_basis(w.ctx.sources[p.source], p.start_line, w.p.lead_in_lines)
        if lead:
            leads[p.id] = (lead[1], w.cite(p, lead[0], lead[0]))
    cites = {p.id: w.cite(p, p.start_line, p.end_line) for p in chosen}
    asks_amount = any(word in query.text for word in w.p.asks_amount)
    groups: dict[str, list[PenaltyClause]] = {}
    measures: dict[str, str] = {}
    measured = {clauses[i].id: fits[i][4] for i in range(len(clauses))}
    for p in chosen:
        fine = measures[p.id] = measures_part(measured[p.id], query.text, w.ctx.relevance, w.p.brief_chars)
        if p.quoted_statute and (about_officials or asks_basis):
            article = _ARTICLE.search(p.sentence)
            statute = f"《{p.statute}》" if p.statute else ""
            fine = f"{statute}{article.group(0) if article else ''}：{fine}" if (statute or article) else fine
        elif p.id in leads:
            law, cite = leads[p.id]
            fine = w.t.get("penalty", "lead_in_basis", law=law, cite=cite, fine=fine)
        if asks_amount and not p.fines:
            fine += w.t.get("penalty", "no_amount")
        groups.setdefault(fine, []).append(p)
    # two conducts of one bureau's list each say which conduct their measures are for
    twice = {p.source for p in chosen if sum(c.source == p.source for c in chosen) > 1}

    def label(p: PenaltyClause) -> str:
        if p.source not in twice:
            return w.short(p)
        conduct = re.sub(r"^\s*(?:对于|对)", "", conduct_only(p.violation or p.sentence)).rstrip("的，, ")
        return f"{w.short(p)}（{brief(conduct, w.p.brief_conduct_chars)}）"

    w.add("penalty", "answer", fines="；".join(
        w.t.get("penalty", "fine", bureau="、".join(label(p) for p in ps), fine=fine, cite="".join(cites[p.id] for p in ps))
        for fine, ps in groups.items()))
    degrees = [d for d in w.p.sanction_degrees if d in query.text]
    if degrees and not any(d in fine for fine in groups for d in degrees):
        # "要给行政处分，具体是记过还是撤职？": the clause names no degree of it; what it says follows
        w.add_first("penalty", "degree_not_stated", bureau="、".join(dict.fromkeys(p.bureau for p in chosen)),
                    degrees="、".join(degrees))
    w.add("penalty", "intro")
    for p in chosen[: w.p.max_quoted_clauses]:
        sentence = quoted_part(p.sentence, measures[p.id], lambda t: w.match(t, query), w.p.long_clause_chars)
        w.add("penalty", "item", bureau=w.short(p), sentence=sentence, cite=cites[p.id])
        if p.quoted_statute:
            w.append_to_last(w.t.get("penalty", "quoted", statute=p.statute) if p.statute else w.t.get("penalty", "quoted_unnamed"))
        listed = [(item, w.match(item, query)) for item in p.items]
        top = max((s for _, s in listed), default=0.0)
        for item, s in listed:
            if top <= 0 or s >= w.p.close_match * top:
                w.add("penalty", "listed", item=item, cite=cites[p.id])
    amounts = {tuple(sorted((f.form, f.minimum, f.maximum, f.unit) for f in p.fines)) for p in chosen}
    if len(chosen) > 1 and len(amounts) > 1:
        w.add("penalty", "differ")


def _part_clauses(w: AnswerLines, query: Query, candidates: list[int], fits: list[tuple], frame: str) -> list[int]:
    """For a question saying it asks of two conducts ("这两件事", "这两个人"), the clauses (indexes into the
    composer's list; `candidates[0]` is the chosen one) that one of its comma clauses names better than the
    chosen clause by `part_conduct_margin`; a clause naming a grade of the measures (情节严重的) names none."""
    if not any(word in query.text for word in w.p.asks_two_conducts):
        return []
    parts = [p for p in re.split(r"[，,。；;？?！!]|另外|另一个", query.text)
             if len(p) >= w.p.min_part_chars and not any(g in p for g in GRADES)]
    first, out = candidates[0], []
    for part in parts:
        fit = {i: w.ctx.relevance(fits[i][3], part, frame) for i in candidates}
        i = max(candidates, key=lambda k: (fit[k], -candidates.index(k)))
        if (i != first and i not in out and fit[i] >= w.p.min_penalty_match
                and fit[i] >= w.p.part_conduct_margin * fit[first]):
            out.append(i)
    return out[: w.p.max_penalty_bureaus - 1]


# asking whether the bureau handles a thing ("管不管", "是否管"; not 是否管理 or 管道)
_ASKS_HANDLED = re.compile(r"管吗|管不管|会管吗|是否管(?![理控用道辖])")


def not_stated_penalty(w: AnswerLines, hits: list[Hit], query: Query) -> None:
    """No clause sets a penalty for the conduct asked: say so, with the regime sentence that
    does speak of handling it, if one matches (衡水: 依照有关法律法规规定处理)."""
    handling = (*w.p.handling_words, *(w.ctx.vocab.handling if w.ctx.vocab else ()))
    handling_asked = any(word in query.text for word in handling)
    if _ASKS_HANDLED.search(query.text) and not handling_asked:
        return  # whether the bureau handles a thing ("管不管特种设备的使用登记"), not how a case is: nothing to say
    best: tuple[float, Regime, int, str, int] | None = None
    for hit in hits_of(hits, "regime_section")[:3]:
        regime: Regime = w.ctx.records[hit.chunk.record_id]
        if best and regime.source != best[1].source:
            continue  # one bureau: the best-ranked one
        source = w.ctx.sources[regime.source]
        # the topic must match, not the words every handling sentence has (罚, 处理)
        # nor the bureaus named and the question's frame ("定安怎么罚？文安的清单又是怎么写的？")
        ignore = " ".join([regime.bureau, w.short(regime), *w.p.handling_words, *w.p.asks_amount,
                           *(n for n in w.ctx.bureau_names if n in query.search_text), *sorted(w.ctx.policy.scope.frame_words)])
        for ln in regime_lines(regime, source):
            # the regime's title names what its handling sentences' 违法行为 are ("计量检定人员资格核准的监管")
            text = f"{regime.regime_title} {regime.sections[ln.section].heading} {ln.text}"
            for sentence in labels_joined(clauses(ln.text)):
                if not any(word in sentence for word in w.p.handling_words) or (sentence.endswith(("：", ":"))
                                                                              and not handling_asked):
                    continue  # nothing on handling, or the lead-in of a list ("可作如下处理：") when no handling is asked
                score = w.match(f"{text} {sentence}", query, ignore)
                if best is None or score > best[0]:
                    best = (score, regime, ln.n, sentence, ln.lead_in)
    if best is None or best[0] < w.p.min_related_match:
        return
    _, regime, n, sentence, lead_in = best
    one_list = bool(query.bureaus) or len({h.chunk.source for h in hits}) == 1
    # "按照《产品质量法》第五十六条规定处理": what that article says, where the list quotes it, goes in the same line
    quoted = referenced_article(sentence, w.ctx.sources[regime.source], w.p.quoted_article_within)

    def article() -> str:  # after the sentence's own citation, so the markers run in order
        return quoted_article_line(w, "penalty", regime, quoted) if quoted else ""

    if one_list and "罚" not in (query.words or query.text) and (quoted or not CONDITION_END.search(sentence)):
        if lead_in and any(m in query.text for m in w.p.imposed_measures):
            # one item of a list of steps naming the sanction asked ("能直接吊销许可证吗" → "（五）建议吊销许可证；"):
            # the regime's answer quotes the list whole
            return
        # "发现事故隐患一般怎么处理": no fine asked, and the list's procedure for it is the answer. A sentence
        # handling conduct of its own ("对于未取得…许可…的，…依法处理") speaks of other conduct than the one asked,
        # which no clause matched: it is only shown as related, unless the article it hands the case to says how
        w.add("penalty", "handled", bureau=regime.bureau, text=sentence, cite=w.cite(regime, n, n))
        w.lines[-1] += article()
        return
    if one_list:
        w.add("penalty", "not_stated", bureau=regime.bureau)
        w.add("penalty", "related", text=sentence, cite=w.cite(regime, n, n))
    else:  # no bureau named: none of the clauses found sets a fine for it; one list's own words follow
        w.add("penalty", "not_stated_any")
        w.add("penalty", "related_of", bureau=regime.bureau, text=sentence, cite=w.cite(regime, n, n))
    w.lines[-1] += article()
