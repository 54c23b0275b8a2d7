"""Is a question inside what the lists cover? Decided from the question's own words — how much
of their weight (IDF) the lists or the query vocabulary know — and how well the best chunk
matches lexically; never from a list of forbidden topics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.query import Vocabulary, asking_clause
from assistant.policy import ScopePolicy
from assistant.search.lexical import BM25, STOPWORDS, segmenter
from assistant.search.retrieve import Hit
from assistant.text import CJK, CJK_CLASS

_CJK_OR_LATIN = re.compile(f"[{CJK_CLASS}a-z0-9]")

@dataclass
class Scope:
    in_scope: bool
    coverage: float  # IDF-weighted share of the question's content words that the lists or the vocabulary know
    content_words: list[str]
    unknown_words: list[str]
    top_lexical: float


def weight(bm25: BM25, word: str, policy: ScopePolicy) -> float:
    return bm25.rarity(word) * (policy.single_char_weight if len(word) == 1 else 1.0)


def _thing_words(text: str, tags: tuple[str, ...]) -> set[str]:
    import jieba.posseg

    segmenter()  # jieba initialised quietly, with the domain words
    return {w.lower() for w, flag in jieba.posseg.cut(text) if flag.startswith(tags)}


def without_names(text: str, names: tuple[str, ...]) -> str:
    """The text with bureau and place names blanked out, longest first (淄博市博山区 before 淄博)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def content_words(text: str, policy: ScopePolicy, names: tuple[str, ...] = (), unglue: BM25 | None = None) -> list[str]:
    """The question's words minus function words, question frames and bureau/place names; with
    `unglue`, a unit's character the segmenter glued to 管 first stands alone (see `_unglued`)."""
    text = without_names(text, names)
    words = segmenter().lcut(text.lower())
    if unglue is not None:
        words = [_unglued(w, unglue, policy) for w in words]
    # a Latin word inside a Chinese question (elevator, <script>) says nothing about what the lists cover
    wordlike = CJK if CJK.search(text) else _CJK_OR_LATIN
    return [w for w in words if wordlike.search(w) and w not in STOPWORDS and w not in policy.frame_words]


def _unglued(word: str, bm25: BM25, policy: ScopePolicy) -> str:
    """"哪个股管的" is cut 哪个/股管/的, "监管上管什么" 监管/上管/什么: a two-character word the lists
    never use, a unit's or a frame's character glued to a verb asking who handles it (管), is that
    character alone (水管, 血管 stay whole)."""
    if (len(word) == 2 and word[1] in policy.glued_verbs and word not in bm25.vocab
            and (word[0] in policy.glued_units or word[0] in policy.frame_words)):
        return word[0]
    return word


_CLAUSES = re.compile(r"[，,。；;！!？?\s]+")  # not 、, which lists things


def story_asking_clause(text: str, policy: ScopePolicy, before: int = 0) -> str:
    """The clause that asks, of a question telling a story in several clauses; "" for a shorter one.
    With `before`, that many clauses before it come too ("如果把检验任务分包给别的实验室，情节严重的话最多罚多少":
    the conduct asked about is told just before the clause asking for the fine)."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    if len(clauses) < policy.story_min_clauses or len(text) < policy.story_min_chars:
        return ""
    asking = asking_clause("，".join(clauses), policy.asking_words)
    if not asking or not before:
        return asking
    at = len(clauses) - 1 - clauses[::-1].index(asking)
    return "，".join(clauses[max(0, at - before): at + 1])


def names_subject(text: str, vocab: Vocabulary) -> bool:
    """Whether the question names something the lists are about (气瓶, 防伪, 生产许可证 or an everyday word
    for one): a story around it sets a scene; one naming none ("房东不退押金…怎么去法院起诉") is told elsewhere."""
    return (any(w in text for w in (*vocab.domain_words, *vocab.subjects, *vocab.topics, *vocab.expand))
            or any(p.search(text) for p, _ in vocab.patterns))


def min_lexical(bm25: BM25, policy: ScopePolicy) -> float:
    """The BM25 score the best chunk must reach: a share of the largest IDF a word can have in
    this index (a word in one chunk), so the bar moves with the corpus size."""
    return policy.min_lexical_share * bm25.idf_of_df(1)


def judge_scope(text: str, hits: list[Hit], bm25: BM25, vocab: Vocabulary, policy: ScopePolicy,
                names: tuple[str, ...] = ()) -> Scope:
    words = content_words(text, policy, names, unglue=bm25)
    colloquial = tuple(vocab.expand)

    def known(w: str) -> bool:
        if len(w) > 2 and w[-1] in policy.trade_places + policy.trade_people and known(w[:-1]):
            return True  # 食品厂, 监察员
        if len(w) > 1 and w[-1] in colloquial:
            return True  # 杆秤, 台秤: a kind of a thing known by one character (秤)
        return w in bm25.vocab or any(w in c or c in w for c in colloquial if len(c) > 1 or len(w) == 1)

    # an unknown word counts against the question only if it names a thing (a noun, a time, a set
    # phrase): everyday verbs and adverbs (乱窜, 偷偷, 到处) say how people talk, not what they ask about
    things = _thing_words(text, policy.thing_tags)
    unknown = [w for w in words if not known(w) and (w in things or len(w) == 1)]
    words = [w for w in words if known(w) or w in unknown]
    total = sum(weight(bm25, w, policy) for w in words)
    top_lexical = max((h.lexical for h in hits), default=0.0)
    bar = min_lexical(bm25, policy)
    strong = top_lexical >= policy.story_lexical_factor * bar
    asking = story_asking_clause(text, policy) if strong and names_subject(text, vocab) else ""
    against = sum(weight(bm25, w, policy) * (policy.story_unknown_weight if asking and w not in asking else 1.0)
                  for w in unknown)
    coverage = 1 - against / total if total else 0.0
    unanswerable = (any(r in text for r in vocab.unanswerable_requests)
                    or any(p.search(text) for p in vocab.unanswerable_patterns))
    in_scope = (bool(hits) and not unanswerable and coverage >= policy.min_coverage
                and top_lexical >= bar)
    return Scope(in_scope, coverage, words, unknown, top_lexical)
