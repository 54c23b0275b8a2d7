"""Is a question inside what the lists cover? Decided from the question's own words and how
well the best retrieved chunks match, never from a list of forbidden topics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexical import _STOP, _segmenter
from assistant.query import Query, Vocabulary
from assistant.retrieve import Hit

# words that say how a question is asked, not what it is about
_FRAME = set("请问 问 想 知道 告诉 帮 帮忙 一下 怎么办 怎么样 怎样 如何 哪里 哪儿 哪 去 找 办 办理 需要 可以 应该 能 能否 是否 有没有 什么 多少 几 是 吗 呢 么 好 现在 今天 明天 我 我们 你 你们 给 个 了 的 里 在 上 下 和 与".split())


@dataclass
class Scope:
    in_scope: bool
    coverage: float  # share of the question's content words that the lists (or the vocabulary) know
    content_words: list[str]
    unknown_words: list[str]
    top_lexical: float
    top_dense: float


def content_words(text: str) -> list[str]:
    words = _segmenter().lcut(text.lower())
    return [w for w in words if re.search(r"[\u3400-\u9fffa-z0-9]", w) and w not in _STOP and w not in _FRAME]


def judge_scope(query: Query, hits: list[Hit], known_terms: dict, vocab: Vocabulary,
                min_coverage: float = 0.5, min_lexical: float = 6.0) -> Scope:
    words = content_words(query.text)
    colloquial = tuple(vocab.expand)
    unknown = [w for w in words if w not in known_terms and not any(w in c or c in w for c in colloquial)]
    coverage = 1 - len(unknown) / len(words) if words else 0.0
    top_lexical = max((h.lexical for h in hits), default=0.0)
    top_dense = max((h.dense for h in hits), default=0.0)
    in_scope = bool(hits) and coverage >= min_coverage and top_lexical >= min_lexical
    return Scope(in_scope, coverage, words, unknown, top_lexical, top_dense)
