"""Is a question inside what the lists cover? Decided from the question's own words — how much
of their weight (IDF) the lists or the query vocabulary know — and how well the best chunk
matches lexically; never from a list of forbidden topics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.search.lexical import _STOP, BM25, _segmenter
from assistant.answer.query import Vocabulary
from assistant.search.retrieve import Hit

# words that say how a question is asked, not what it is about
_FRAME = set(
    "请问 问 问下 想 想问 知道 告诉 帮 帮忙 一下 怎么办 怎么样 怎样 如何 哪里 哪儿 哪 去 找 要 需要 可以 应该 能 "
    "能否 是否 有没有 什么 多少 几 是 吗 呢 么 好 现在 我 我们 你 你们 给 个 了 的 里 上 下 和 与 这边 那边 这个 那个 "
    "到底 该 呀 啊 吧 谁 哪个 哪些 几个 几次 几名 几人 几日 几天 几年 几月 月份 时候 没 没有 卖 买 拿 拿来 做 比较 "
    "最少 最多 至少 以后 之前 还是 如果 要是 起来 这事 有人 有个 会 能不能 是不是 还 又 再 就 都 也 被 让 把 "
    "差 说 归 归谁 归谁管 谁管 他们 她们 人家 不 管 打 一点 天天 老是 总是 结果 发现 听说 朋友 家里 附近 这家 那家 "
    "一家 一个 有点 很 太 特别 已经 刚 刚刚".split()
)
SINGLE_CHAR_WEIGHT = 0.3  # a lone character left over by the segmenter says little about the topic
MIN_COVERAGE = 0.45
MIN_LEXICAL = 6.0
MIN_SUPPORT = 0.1  # an answer that contains none of what the question is about is not an answer


@dataclass
class Scope:
    in_scope: bool
    coverage: float  # IDF-weighted share of the question's content words that the lists or the vocabulary know
    content_words: list[str]
    unknown_words: list[str]
    top_lexical: float


def _weight(bm25: BM25, word: str) -> float:
    return bm25.rarity(word) * (SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0)


_THING_TAGS = ("n", "t", "l", "j", "s", "i", "eng")


def _thing_words(text: str) -> set[str]:
    import jieba.posseg

    _segmenter()  # jieba initialised quietly, with the domain words
    return {w.lower() for w, flag in jieba.posseg.cut(text) if flag.startswith(_THING_TAGS)}


def _without_names(text: str, names: tuple[str, ...]) -> str:
    """The text with bureau and place names blanked out, longest first (淄博市博山区 before 淄博)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def content_words(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """The question's words minus function words, question frames and bureau/place names."""
    text = _without_names(text, names)
    words = _segmenter().lcut(text.lower())
    # a Latin word inside a Chinese question (elevator, <script>) says nothing about what the lists cover
    pattern = r"[\u3400-\u9fff]" if re.search(r"[\u3400-\u9fff]", text) else r"[\u3400-\u9fffa-z0-9]"
    return [w for w in words if re.search(pattern, w) and w not in _STOP and w not in _FRAME]


def judge_scope(text: str, hits: list[Hit], bm25: BM25, vocab: Vocabulary, names: tuple[str, ...] = (),
                min_coverage: float = MIN_COVERAGE, min_lexical: float = MIN_LEXICAL) -> Scope:
    words = content_words(text, names)
    colloquial = tuple(vocab.expand)

    def known(w: str) -> bool:
        return w in bm25.vocab or any(w in c or c in w for c in colloquial if len(c) > 1 or len(w) == 1)

    # an unknown word counts against the question only if it names a thing (a noun, a time, a set
    # phrase): everyday verbs and adverbs (乱窜, 偷偷, 到处) say how people talk, not what they ask about
    things = _thing_words(text)
    unknown = [w for w in words if not known(w) and (w in things or len(w) == 1)]
    words = [w for w in words if known(w) or w in unknown]
    total = sum(_weight(bm25, w) for w in words)
    coverage = 1 - sum(_weight(bm25, w) for w in unknown) / total if total else 0.0
    top_lexical = max((h.lexical for h in hits), default=0.0)
    unanswerable = any(r in text for r in vocab.unanswerable_requests)
    in_scope = bool(hits) and not unanswerable and coverage >= min_coverage and top_lexical >= min_lexical
    return Scope(in_scope, coverage, words, unknown, top_lexical)


def support(text: str, answer_body: str, bm25: BM25, vocab: Vocabulary, names: tuple[str, ...] = (),
            ignore: tuple[str, ...] = ()) -> float:
    """IDF-weighted share of the question's content words that the composed answer contains,
    directly or through one of the vocabulary's official terms for it. Words in `ignore` (what
    the question asks for, such as 电话) do not count."""
    words = [w for w in content_words(text, names) if not any(i in w for i in ignore)]
    if not words:
        return 1.0
    body = answer_body.lower()

    def found(w: str) -> bool:
        if w in body:
            return True
        return any(t in body for c, terms in vocab.expand.items() if w in c or c in w for t in terms)

    total = sum(_weight(bm25, w) for w in words)
    return sum(_weight(bm25, w) for w in words if found(w)) / total


_DEPARTMENT = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:局|委员会|委|厅)$")
_OWN = ("质监局", "质量技术监督局", "市场监督管理局", "市场监管局", "市监局")


def missing_departments(text: str, answer_body: str, names: tuple[str, ...] = ()) -> list[str]:
    """Departments the question names (公安局, 教育局, 工商局 …) that the answer never mentions:
    the answer then speaks of something else, whatever its words share with the question."""
    missing = []
    for word in _segmenter().lcut(_without_names(text, names)):
        if not _DEPARTMENT.match(word):
            continue
        dept = re.sub(r"^[市县区省]", "", word)
        if len(dept) < 2 or any(dept.endswith(o) or o.endswith(dept) for o in _OWN):
            continue
        if dept not in answer_body:
            missing.append(dept)
    return missing
