"""One question in, one cited answer out: validate → follow-up → understand → retrieve →
scope check → template answer (the refusal decision) → the chosen writer's answer, checked.
Used by `assistant ask`, the HTTP API and the chat page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from assistant import paths
from assistant.answer.asked import asks_for, boundary_asked, handling_asked, off_service, unassigned_tasks
from assistant.answer.chat import Turn, is_elliptical, validate_history
from assistant.answer.checks import (
    has_phone,
    missing_departments,
    off_subject,
    support,
    unmentioned,
    unquoted_articles,
)
from assistant.answer.chosen import resolve_bureau, resolve_place
from assistant.answer.clarify import ask_back, places_to_ask
from assistant.answer.compare import compared, side_by_side
from assistant.answer.condense import Condensed, asking_sentences, condense
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.inputs import MAX_QUESTION_CHARS, check_tagging, validate_question
from assistant.answer.phones import asks_phone, asks_phone_number, no_phone_given, phone_not_listed
from assistant.answer.query import (
    Query,
    as_read,
    asks_list_compiler,
    asks_uncovered_bureau,
    find_bureaus,
)
from assistant.answer.refusals import Refusals
from assistant.answer.reword import reworded
from assistant.answer.scope import judge_scope, story_asking_clause, without_names
from assistant.answer.templates import load_templates
from assistant.answer.types import Answer, Clarify
from assistant.answer.understand import understand
from assistant.answer.writers import get_writer
from assistant.answer.writers.measures import holds_measure, measures_asked
from assistant.answer.writers.template import TemplateWriter
from assistant.corpus.places import PROVINCE, Place, place_names, place_tree
from assistant.resources import Resources
from assistant.text import CJK, cjk_punctuation

MAX_ASKING_SHOWN = 40  # characters of the asking sentence a note on a cut story quotes
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class AskResult:
    question: str
    answer: Answer
    retrieved: list[dict] = field(default_factory=list)
    bureau: str = ""
    latency_ms: float = 0.0
    id: object = None
    pending: WriteRequest | None = field(default=None, repr=False)  # for the chosen writer (see finish)
    clarify: Clarify | None = None  # which place the caller is in, when several places' lists answer

    def to_dict(self) -> dict:
        d = {"id": self.id, "question": self.question, "answer": self.answer.text, "refused": self.answer.refused,
             "writer": self.answer.writer}
        if self.answer.fallback:
            d["fallback"] = self.answer.fallback
        if self.bureau:
            d["bureau"] = self.bureau
        d["citations"] = [c.to_dict() for c in self.answer.citations]
        d["retrieved"] = self.retrieved
        d["latency_ms"] = round(self.latency_ms, 1)
        if self.clarify is not None:
            d["clarify"] = self.clarify.to_dict()
        return d


class Answerer:
    """Holds what answering needs between questions (loaded once per process)."""

    def __init__(self, res: Resources, writer: str | None = None):
        self.res = res
        self.policy = res.policy
        self.bureaus = [pl.bureau for pl in res.corpus.lists]
        self.templates = load_templates(paths.prompts_dir() / "answers.toml")
        self.ctx = AnswerContext(
            records={r.id: r for r in res.corpus.records},
            sources={pl.bureau.file: pl.source for pl in res.corpus.lists if pl.source},
            bureaus={b.file: b for b in self.bureaus},
            templates=self.templates,
            bm25=res.index.bm25,
            policy=res.policy,
            vocab=res.vocab,
        )
        self.places = place_tree(self.bureaus)
        self.place_names = place_names(self.bureaus)
        self.template = TemplateWriter()
        self.refusals = Refusals(self.templates, res.corpus, self.ctx.bureaus, self.places, self.policy.places)
        self.writer = get_writer(writer)

    def resolve_place(self, place: str | None) -> list[Place]:
        """The places a chosen place or bureau names (see `chosen.resolve_place`)."""
        return resolve_place(place, self.places, self.bureaus, self.policy.places.max_listed_lists)

    def resolve_bureau(self, bureau: str | None) -> list[str]:
        """The files of the lists a chosen place or bureau covers ([] for none or 全部)."""
        return resolve_bureau(bureau, self.places, self.bureaus, self.policy.places.max_listed_lists)

    def short_names(self, files: list[str]) -> str:
        return "、".join(self.ctx.bureaus[f].short_name for f in files if f in self.ctx.bureaus)

    def _off_subject(self, asked: str, answer: Answer) -> list[str]:
        """What the question (its asking clause, in a story) asks about that the regime a regime answer
        quotes never names."""
        if answer.kind != "regime" or answer.refused or not answer.citations:
            return []
        first = answer.citations[0]
        return self._off_regime(asked, first.source, first.start_line, first.end_line)

    def _off_regime(self, asked: str, source: str, start: int, end: int) -> list[str]:
        """What the question asks about that the regime holding these lines never names."""
        return off_subject(asked, self.ctx.regime_text(source, start, end), self.res.vocab)

    def ask(self, question, history=None, bureau: str | None = None, qid=None) -> AskResult:
        return self.finish(self.draft(question, history, bureau, qid))

    def draft(self, question, history=None, bureau: str | None = None, qid=None) -> AskResult:
        """Everything that reads the index and the models: the template answer, which decides
        whether there is an answer at all. When another writer is to reword it, `pending` holds
        its request and `finish` does the rewording (a server runs only this part under its lock)."""
        t0 = time.perf_counter()
        text = validate_question(question)
        history = validate_history(history)
        chosen_places = self.resolve_place(bureau)
        chosen = self.resolve_bureau(bureau)
        asked, history = self.analysed(as_read(text, self.res.vocab), history)
        text = asked.text
        answer, retrieved, clarify, pending = self._answer(text, history, chosen, chosen_places)
        if not chosen:  # "常德和衡水…有什么不同？": each bureau's answer
            both = side_by_side(self, answer, text, history)
            if both is not answer:
                answer, pending, clarify = both, None, None
        if not chosen and history:  # "常德一样吗？": the new bureau's answer, then the earlier bureau's
            combined = compared(self, answer, text, history)
            if combined is not answer:
                answer, pending, clarify = combined, None, None  # a comparison keeps the template's wording
        named = [f for f in find_bureaus(text, self.bureaus)[0] if f not in chosen]
        # the note goes with an answer from the chosen list, or a refusal saying what that list lacks
        if chosen and named and (not answer.refused or any(self.ctx.bureaus[f].bureau in answer.body for f in chosen)):
            answer.notes.insert(0, self.templates.get(
                "notes", "bureau_conflict", named="、".join(self.ctx.bureaus[f].short_name for f in named),
                chosen="、".join(self.ctx.bureaus[f].short_name for f in chosen)))
        if asked.cut:  # what was read of a long story
            answer.notes.append(self.templates.get("notes", "condensed", asked=cjk_punctuation(asked.asking_shown(MAX_ASKING_SHOWN))))
        return AskResult(question, answer, retrieved, "、".join(answer.bureaus) if not answer.refused else "",
                         (time.perf_counter() - t0) * 1000, qid, pending=pending, clarify=clarify)

    def finish(self, result: AskResult) -> AskResult:
        """The chosen writer's wording of a draft (for the LLM writer: the model call and the
        checks on its reply). It reads only the draft's own request, never shared mutable state."""
        if result.pending is None:
            return result
        t0 = time.perf_counter()
        result.answer = reworded(self.writer, result.pending, result.answer, self.ctx)
        result.pending = None
        result.latency_ms += (time.perf_counter() - t0) * 1000
        return result

    def analysed(self, text: str, history: list[dict]) -> tuple[Condensed, list[dict]]:
        """The part of a normalised question that is analysed, and the history with each earlier
        question cut the same way (places named only in the part left out are kept)."""
        def places(left_out: str) -> list[str]:
            # a plain look-up: matching a long text full of one name ("文安县文安县…") would cost too much
            found = sorted((left_out.find(n), n) for n in self.place_names if n in left_out)
            return [n for _, n in found if not any(n != m and n in m for _, m in found)]

        def analysed(part: str) -> Condensed:
            return condense(part, MAX_QUESTION_CHARS, self.policy.scope.asking_words, places)

        turns = [{**m, "content": analysed(as_read(m["content"], self.res.vocab)).text}
                 if m["role"] == "user" else m
                 for m in history]
        asked = analysed(text)
        check_tagging(asked.text)  # validate_question cut it with the default policy's words; this one may differ
        return asked, turns

    def understand(self, text: str, history: list[dict], chosen: list[str]) -> tuple[Turn, Query]:
        """The turn (with what it borrows from earlier turns) and the query retrieval runs."""
        return understand(text, history, chosen, self.bureaus, self.res.vocab, self.policy.query, self.policy.places)

    def _answer(self, text: str, history: list[dict], chosen: list[str], chosen_places: list[Place] = (),
                like: str = "") -> tuple[Answer, list[dict], Clarify | None, WriteRequest | None]:
        """The answer, the retrieved chunks, the question back when it asks which place, and the
        request for another writer to reword the answer (None when the template's words stand).
        `like` is the rule of another bureau the answer is compared with (see Query.like)."""
        if _LATIN.search(text) and not CJK.search(text):
            return self.refusals.refusal("english"), [], None, None
        turn, query = self.understand(text, history, chosen)
        query = replace(query, like=like) if like else query
        text = query.text  # a follow-up that only names a place ("我在衡水") asks the earlier question again
        if turn.context and not is_elliptical(text):
            # a short question that is out of scope on its own ("今天天气怎么样？") is not a follow-up
            alone = judge_scope(text, [], self.res.index.bm25, self.res.vocab, self.policy.scope, self.place_names)
            if alone.coverage < self.policy.scope.min_coverage:
                return self.refusals.refusal("out_of_scope"), [], None, None
        pool = self.res.retriever.search(query, max(10, self.policy.places.candidate_hits))
        named = list(chosen_places) or self.places.places_named(turn.places)
        ask = places_to_ask(text, pool, self.places, named, self.policy.places)
        answer, retrieved, pending = self._compose(text, turn, query, pool[:10])
        sanctions = handling_asked(text, query, self.res.vocab, self.policy.answer)
        if sanctions is not None and (answer.refused or not all(w in answer.body for w in sanctions)):
            # "年检不合格的企业怎么处理": no clause fines it; the procedure's next step may be what is asked,
            # if it names the sanction asked about ("许可证是直接吊销吗", which the answer found does not name)
            steps_query = replace(query, intent="regime")
            steps = self._compose(text, turn, steps_query, pool[:10])
            if not steps[0].refused and all(w in steps[0].body for w in sanctions):
                (answer, retrieved, pending), query = steps, steps_query
        if ask and not answer.refused:
            # several places' lists answer alike: answer from the best-matching one, and ask
            best = replace(query, bureaus=[pool[0].chunk.source])
            narrowed = self._compose(text, turn, best, self.res.retriever.search(best, 10))
            if not narrowed[0].refused:
                answer, retrieved, pending = narrowed
        # a follow-up leaning on the earlier question ("常德清单里是怎么写的？", "电话是多少？") is judged with what it borrows
        reach_text = turn.search_text if turn.context else text
        if not answer.refused and self.out_of_reach(reach_text):
            # what is asked is out of any list's reach, however well the lists match its words (the rules
            # before it refuse with a reason of their own: an article no list quotes, a list that says nothing)
            answer, pending = self.refusals.refusal("out_of_scope"), None
        below = [p for p in named if p.kind != PROVINCE and not p.covered]
        if below and not answer.refused and answer.bureaus:
            answer.notes.insert(0, self.templates.get("places", "below_only", place="、".join(p.name for p in below),
                                                      below="、".join(answer.bureaus)))
        clarify = ask_back(answer, ask, self.places, self.templates)
        return answer, retrieved, clarify, pending

    def out_of_reach(self, text: str) -> bool:
        """Whether the reach model judges that the question asks for what no list holds; a question
        of a few characters besides its place names ("衡水嘞？") gives it too little to judge."""
        scope = self.policy.scope
        own = without_names(text, self.place_names)
        if sum(1 for ch in own if CJK.match(ch)) < scope.min_reach_chars:
            return False
        return self.res.reach.out_of_reach(own) >= scope.max_out_of_reach  # names already blanked

    def _compose(self, text: str, turn: Turn, query: Query, hits) -> tuple[Answer, list[dict], WriteRequest | None]:
        """The template answer from `hits`, the retrieved chunks, and the request for another
        writer to reword it (reworded in finish(), outside a server's answer lock)."""
        scope_policy, query_policy = self.policy.scope, self.policy.query
        files, unknown, intent = query.bureaus, query.unknown_places, query.intent
        retrieved = [h.to_dict() for h in hits]
        places_named = self.places.match(text)
        uncovered = [m.place for m in places_named if asks_uncovered_bureau(text, m)]
        if uncovered and not files:
            return self.refusals.no_own_list(uncovered[0]), retrieved, None
        if unknown and not files:
            return self.refusals.refusal("unknown_place", places="、".join(unknown)), retrieved, None
        if asks_list_compiler(text, query_policy):  # personal data
            return self.refusals.refusal("personal_contact"), retrieved, None
        scope = judge_scope(turn.search_text, hits, self.res.index.bm25, self.res.vocab, scope_policy, self.place_names)
        if not scope.in_scope:
            return self.refusals.refusal("out_of_scope"), retrieved, None
        phone_asked = asks_phone(text, query_policy)
        if intent == "contact" and phone_asked:
            hits = self._with_kind(query, hits, "service_item")
        if intent == "duty" and any(word in text for word in self.policy.answer.asks_unit):
            hits = self._with_kind(query, hits, "duty_item")
        elif intent == "duty" and boundary_asked(text, hits, self.ctx, self.policy.answer):
            intent = "routing"
            query = replace(query, intent=intent)
        if (intent == "regime" and not any(h.chunk.kind == "regime_section" for h in hits)
                and measures_asked(text, self.policy.answer)):
            # "多久要检验一次": a time, count or amount is a regime's, however well a boundary matter matched
            hits = self._with_kind(query, hits, "regime_section")
        services = any(h.chunk.kind == "service_item" for h in hits)
        if intent == "contact" and phone_asked and not services:
            return self.refusals.not_given(files, intent), retrieved, None
        request = WriteRequest(query, hits, self.ctx)
        # the template answer decides whether there is an answer at all; another writer only rewords it
        answer = self.template.write(request) if services or intent != "contact" else None
        if intent == "contact" and not phone_asked and (answer is None or not answer.body.strip()):
            # "哪个单位承办" of no public service, or of none that matches: the unit a duty names
            request = WriteRequest(replace(query, intent="duty"), hits, self.ctx)
            answer = self.template.write(request)
        if (answer is not None and answer.kind in ("contact", "duty", "accountability")
                and self.policy.answer.not_stated_marker in answer.body.split("\n", 1)[0]):
            # "立案了，一般多久会出处理结果": the unit's row gives no time; a regime may (自立案之日起…3个月内)
            found, regime_query, regime_hits = self._measure_in_regime(text, query, hits, answer)
            if found is not answer:
                answer, query, hits = found, regime_query, regime_hits
                request = WriteRequest(query, hits, self.ctx)
        # in a story, what is asked is in the clause that asks ("家门口有个…锅炉配件厂…，那个证后监督检查的记录
        # 能不能去看" asks about the records, not about boilers; "上班老不在岗…该找哪个机关" asks for no office hours)
        asked = story_asking_clause(text, scope_policy) or text
        off = self._off_subject(asked, answer)
        vocab = self.res.vocab
        if off:
            # the regime quoted is not about what the question asks about (棉花): another retrieved regime that is
            about = [h for h in hits if h.chunk.kind != "regime_section"
                     or not self._off_regime(asked, h.chunk.source, h.chunk.start_line, h.chunk.end_line)]
            if any(h.chunk.kind == "regime_section" for h in about):
                request = WriteRequest(query, about, self.ctx)
                answer = self.template.write(request)
                off = self._off_subject(asked, answer)
            elif (hits and hits[0].chunk.kind == "duty_item" and not off_subject(asked, hits[0].chunk.text, vocab)
                  and not measures_asked(text, self.policy.answer)):
                # no regime is about it, and the best match is a duty naming it ("对拿了生产许可证的化妆品企业做区级
                # 监督检查吗": the duty "获得工业产品（不含…化妆品）生产许可证企业的区级监督检查"): the duty answers,
                # unless a number is asked ("一年检查几次"), which no duty gives
                request = WriteRequest(replace(query, intent="duty"), hits, self.ctx)
                answer, off = self.template.write(request), []

        def unsupported_by(question: str) -> bool:
            return support(question, answer.held, self.res.index.bm25, vocab, scope_policy,
                           self.place_names, query_policy.asked_for) < scope_policy.min_support

        unsupported = unsupported_by(turn.search_text)
        if unsupported and phone_asked and asked != text and any(
                w in text.replace(asked, "") for w in (*vocab.subjects, *vocab.topics)):
            # "加油机好像不准，加了40升油箱才到一半，举报打哪个电话": a story about a thing the lists cover (加油机)
            # sets the scene; the clause asking (举报) is what the service row must answer, with the one before it
            # when it only asks ("…想直接找质监局申诉举报，问该打哪个电话")
            unsupported = unsupported_by(story_asking_clause(text, scope_policy, before=1))
        # "衡水被工商局抽检": in a list written after the 2018 merger, 工商 and 质监 are the bureau itself; a story's
        # other departments ("我嫂子又说是商务局。") are the scene, the sentences asking name the one asked about
        merged = (self.policy.answer.pre_merger_units
                  if files and not any(self.ctx.bureaus[f].predates_2018_merger for f in files) else ())
        if (not answer.body.strip() or unsupported
                or missing_departments(asking_sentences(text, scope_policy.asking_words), answer.body, scope_policy,
                                       self.place_names, merged)):
            return self.refusals.not_given(files, "contact" if phone_asked else intent), retrieved, None
        wording = any(w in turn.search_text for w in scope_policy.asks_article_text)
        silent = (unmentioned(turn.search_text, self.ctx.whole_text(files[0]), self.res.vocab, wording)
                  if len(files) == 1 else [])
        # "《特种设备安全法》第八十四条原文是怎么规定的": an article no list quotes, whatever list it is asked of
        unquoted = [] if files else unquoted_articles(turn.search_text, (self.ctx.whole_text(f) for f in self.ctx.bureaus),
                                                      wording)
        if unquoted:
            return self.refusals.refusal("unquoted_article", articles="”“".join(unquoted)), retrieved, None
        if silent and not answer.refused:
            # the named list never uses a term of the question that other lists use: it says nothing on that
            return self.refusals.unread(files, intent) or self.refusals.refusal(
                "unmentioned", bureau=self.ctx.bureaus[files[0]].bureau, terms="”“".join(silent)), retrieved, None
        if (len(files) == 1 and not answer.refused and not self.ctx.has_boundaries(files[0])
                and any(w in asked for w in scope_policy.asks_division)):
            # "博山质监和工商怎么分工": a list with no table of duties between departments says nothing of the division;
            # its own duty on the matter follows, as what the list does say
            answer.body = "\n".join([self.templates.get("routing", "no_division", bureau=self.ctx.bureaus[files[0]].bureau),
                                      answer.body])
        if off:
            # the regime answering speaks of something else than what the question asks about
            return Answer(body=self.templates.get("regime", "off_subject", bureau=answer.citations[0].bureau,
                                                  subject="”“".join(off)), refused=True, kind="refusal"), retrieved, None
        if intent not in ("penalty", "regime") and any(
                word in asked and word not in answer.body and (word not in query_policy.story_facts or asks_for(asked, word))
                for word in query_policy.asked_facts):
            # a fine or a time limit asked is the fact asked; "地址换了" then tells the story
            return self.refusals.refusal("not_found"), retrieved, None  # "网站是什么": a sentence without it is no answer
        # (after the check on facts asked: the line quotes the question's own words)
        # a follow-up borrowing the earlier question ("常德呢？" after "文安有人用快递寄危险化学品，归谁管？") asks its words
        # (only one naming a bureau: "那质量问题找谁？" asks of its own topic)
        borrowed = f"{turn.context} {asked}" if turn.context and places_named else asked
        lacking = unassigned_tasks(without_names(borrowed, self.place_names), answer, self.ctx, self.res.index.bm25,
                                   self.res.vocab, self.policy)
        if lacking:
            # "定安危险化学品的毒性鉴定归哪个部门": the matter's departments, after saying none is given that
            answer.body = "\n".join([self.templates.get("routing", "unassigned", bureau=answer.citations[0].bureau,
                                                         words="”“".join(lacking)), answer.body])
        if answer.kind == "contact" and phone_asked and not answer.refused and off_service(asked, answer, self.ctx, self.res.vocab):
            # "定安考叉车证咨询电话" is not answered by the 商品条码 service's phone, however many words they share
            return self.refusals.no_phone(files), retrieved, None
        if answer.kind == "contact" and phone_asked and not has_phone(answer):
            unread = self.refusals.unread(files or [h.chunk.source for h in hits[:1]], "contact")
            if unread:
                return unread, retrieved, None
            # other writers never reword what is partly an answer that no number exists
            return no_phone_given(answer, asked, self.templates, (*self.policy.answer.asks_unit,
                                                                    *self.policy.answer.asks_handler)), retrieved, None
        if (phone_asked and not answer.refused and answer.kind != "contact" and not has_phone(answer)
                and asks_phone_number(asked)):
            return phone_not_listed(answer, asked, self.templates, query_policy.asks_who), retrieved, None
        if self.writer.name != self.template.name and not answer.refused:
            request.template = answer
            return answer, retrieved, request
        return answer, retrieved, None

    def _measure_in_regime(self, text: str, query: Query, hits: list, answer: Answer) -> tuple[Answer, Query, list]:
        """A regime's answer to a number or time asked, when its first line holds one; else `answer`."""
        measures = measures_asked(text, self.policy.answer)
        if not measures:
            return answer, query, hits
        regime_query = replace(query, intent="regime")
        regime_hits = self._with_kind(regime_query, hits, "regime_section")
        found = self.template.write(WriteRequest(regime_query, regime_hits, self.ctx))
        if (found.refused or found.kind != "regime" or not holds_measure(found.body.split("\n", 1)[0], measures)
                or self._off_subject(story_asking_clause(text, self.policy.scope) or text, found)):
            return answer, query, hits  # no regime gives it, or the one that does is about something else
        return found, regime_query, regime_hits

    def _with_kind(self, query: Query, hits: list, kind: str) -> list:
        """A phone asked for is a public service's, a 股室 asked for a duty row's: the records of that kind
        that match best join the hits, when a story's other words ("秤不准，短斤少两"; "食品包装袋…质量安全监管")
        ranked boundary matters and regimes above them."""
        with self.res.retriever.configured(kinds=(kind,)) as found_kind:
            found = found_kind.search(query, self.policy.answer.kind_search_hits)
        held = {(h.chunk.record_id, h.chunk.part) for h in hits}
        return [*hits, *(h for h in found if (h.chunk.record_id, h.chunk.part) not in held)]
