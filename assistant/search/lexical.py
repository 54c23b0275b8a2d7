"""BM25 over jieba words and CJK character bigrams, with a domain dictionary.

Pure numpy: the postings are small (about a thousand chunks). The word list for jieba comes
from the editable vocabulary file, so that 特种设备, 计量器具, 设备监理 … stay whole words.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.text import CJK_CLASS, bigrams, cjk_runs, search_form

STOPWORDS = set(
    "的 了 是 吗 呢 吧 啊 呀 么 和 与 及 或 在 对 把 被 给 我 你 他 她 它 们 这 那 有 也 就 都 要 会 能 可以 怎么 怎样 什么 "
    "哪个 哪些 多少 如何 谁 请问 一下 一个 还 又 但 而 等".split()
)
_TOKEN_OK = re.compile(f"[{CJK_CLASS}A-Za-z0-9]")
_jieba = None
_added: set[str] = set()


def segmenter(words: Iterable[str] = ()):
    """jieba, loaded on first use, with the domain words added."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    for w in words:
        # once per word: jieba adds the frequency to its total on every call, so adding the same
        # words again (a second build in one process) would change how later text is cut
        if w not in _added:
            _jieba.add_word(w, freq=200000)
            _added.add(w)
    return _jieba


def add_words(words: Iterable[str]) -> None:
    segmenter(words)


TOKENIZER_VERSION = 1  # raise when tokenize() changes what it emits


def tokenizer_digest(domain_words: Iterable[str]) -> str:
    """A hash of everything that decides how text is cut into index terms: an index built with
    other domain words or stop words is stale."""
    key = json.dumps([TOKENIZER_VERSION, sorted(set(domain_words)), sorted(STOPWORDS)], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def tokenize(text: str) -> list[str]:
    text = search_form(text).lower()
    words = [w for w in segmenter().cut_for_search(text) if _TOKEN_OK.search(w) and w not in STOPWORDS]
    pairs = [f"#{run[i:i + 2]}" for run in cjk_runs(text) for i in range(len(run) - 1)]
    return words + pairs


@dataclass
class BM25:
    vocab: dict[str, int]
    postings_docs: list[np.ndarray]
    postings_tf: list[np.ndarray]
    doc_len: np.ndarray
    k1: float = 1.2
    b: float = 0.3  # weak length normalisation: long regime sub-sections are not penalised much (tuned on dev)

    @classmethod
    def build(cls, docs: Iterable[list[str]], k1: float = 1.2, b: float = 0.3) -> "BM25":
        """`docs` may be a generator: each doc's tokens are counted and let go (at 170k chunks
        the token lists alone would take gigabytes)."""
        vocab: dict[str, int] = {}
        docs_of: list[array] = []  # compact growing arrays: python lists of ints take ~9x the memory
        tfs_of: list[array] = []
        lengths: list[int] = []
        for d, tokens in enumerate(docs):
            lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                t = vocab.setdefault(term, len(vocab))
                if t == len(docs_of):
                    docs_of.append(array("i"))
                    tfs_of.append(array("f"))
                docs_of[t].append(d)
                tfs_of[t].append(tf)
        return cls(
            vocab, [np.frombuffer(x, dtype=np.int32).copy() for x in docs_of],
            [np.frombuffer(x, dtype=np.float32).copy() for x in tfs_of],
            np.array(lengths, dtype=np.float32), k1, b,
        )

    def append(self, docs: list[list[str]]) -> None:
        """Add docs after the last one: the same postings as building over all docs at once
        (ids only grow, so every posting list stays in doc order)."""
        start, new = self.n_docs, BM25.build(docs, self.k1, self.b)
        for term, t_new in new.vocab.items():
            ids = new.postings_docs[t_new] + np.int32(start)
            t = self.vocab.get(term)
            if t is None:
                self.vocab[term] = len(self.postings_docs)
                self.postings_docs.append(ids.astype(np.int32))
                self.postings_tf.append(new.postings_tf[t_new])
            else:
                self.postings_docs[t] = np.concatenate([self.postings_docs[t], ids]).astype(np.int32)
                self.postings_tf[t] = np.concatenate([self.postings_tf[t], new.postings_tf[t_new]])
        self.doc_len = np.concatenate([self.doc_len, new.doc_len]).astype(np.float32)
        self._norm_cache = None

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        return len(self.postings_docs[t]) if t is not None else 0

    def idf(self, term: str) -> float:
        """BM25's idf, for ranking."""
        return self.idf_of_df(self.df(term))

    def idf_of_df(self, df: int) -> float:
        """BM25's idf of a word found in `df` chunks (df = 1: the largest a word can have here)."""
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def rarity(self, term: str) -> float:
        """log(1 + N / (df + 0.5)): the weight of a word when matching a question against text
        (scope, answer support, choosing lines); a word no chunk contains weighs most."""
        return math.log(1 + max(self.n_docs, 1) / (self.df(term) + 0.5))

    def query_weights(self, query: str, ignore: str = "") -> tuple[dict[str, float], float]:
        """The rarity of each bigram of `query` (less those of `ignore`) that some chunk contains,
        and their sum; the last few queries are kept (an answer asks this for one question)."""
        key = (query, ignore, self.n_docs)
        cache = self.__dict__.setdefault("_weights_cache", {})
        cached = cache.get(key)
        if cached is None:
            # bigrams no chunk contains (mostly across word boundaries: 件以, 久要) can match nothing
            weights = {k: self.rarity(k) for k in bigram_keys(query) - bigram_keys(ignore) if self.df(k)}
            cached = (weights, math.fsum(weights.values()))  # exact: the same whatever the set's order
            if len(cache) >= 64:
                cache.clear()
            cache[key] = cached
        return cached

    def _norm(self) -> np.ndarray:
        """k1·(1 − b + b·len/avg) of every doc, computed once (the index does not change)."""
        if getattr(self, "_norm_cache", None) is None or len(self._norm_cache) != self.n_docs:
            avg = float(self.doc_len.mean()) or 1.0
            self._norm_cache = self.k1 * (1 - self.b + self.b * self.doc_len / avg)
        return self._norm_cache

    def scores(self, query_tokens: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every doc, or of the docs `rows` (ascending ids) only, in that order:
        the same numbers, without touching the postings of other docs."""
        if rows is not None:
            return self._scores_of(query_tokens, rows)
        out = np.zeros(self.n_docs, dtype=np.float32)
        if not self.n_docs:
            return out
        norm = self._norm()
        for term, qtf in Counter(query_tokens).items():
            t = self.vocab.get(term)
            if t is None:
                continue
            docs, tf = self.postings_docs[t], self.postings_tf[t]
            out[docs] += qtf * self.idf(term) * tf * (self.k1 + 1) / (tf + norm[docs])
        return out

    def _scores_of(self, query_tokens: list[str], rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows), dtype=np.float32)
        if not len(rows) or not self.n_docs:
            return out
        norm = self._norm()
        lo, hi = int(rows[0]), int(rows[-1]) + 1
        contiguous = hi - lo == len(rows)
        for term, qtf in Counter(query_tokens).items():
            t = self.vocab.get(term)
            if t is None:
                continue
            docs, tf = self.postings_docs[t], self.postings_tf[t]
            # postings are in doc order: cut them to the rows' span, then to the rows
            a, z = np.searchsorted(docs, lo), np.searchsorted(docs, hi)
            docs, tf = docs[a:z], tf[a:z]
            if contiguous:
                at = docs - lo
            else:
                at = np.searchsorted(rows, docs)
                keep = rows[np.minimum(at, len(rows) - 1)] == docs
                docs, tf, at = docs[keep], tf[keep], at[keep]
            out[at] += qtf * self.idf(term) * tf * (self.k1 + 1) / (tf + norm[docs])
        return out

    def to_arrays(self) -> dict[str, np.ndarray]:
        terms = sorted(self.vocab, key=self.vocab.get)
        lengths = np.array([len(p) for p in self.postings_docs], dtype=np.int64)
        return {
            "terms": np.array(terms, dtype=object).astype(str),
            "indptr": np.concatenate([[0], np.cumsum(lengths)]),
            "docs": np.concatenate(self.postings_docs) if terms else np.zeros(0, np.int32),
            "tf": np.concatenate(self.postings_tf) if terms else np.zeros(0, np.float32),
            "doc_len": self.doc_len,
            "params": np.array([self.k1, self.b], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, a) -> "BM25":
        terms = [str(t) for t in a["terms"]]
        indptr = a["indptr"]
        docs, tf = a["docs"], a["tf"]
        return cls(
            {t: i for i, t in enumerate(terms)},
            [docs[indptr[i] : indptr[i + 1]] for i in range(len(terms))],
            [tf[indptr[i] : indptr[i + 1]] for i in range(len(terms))],
            a["doc_len"], float(a["params"][0]), float(a["params"][1]),
        )


@lru_cache(maxsize=32768)
def bigram_keys(text: str) -> frozenset[str]:
    """The CJK character bigrams of a text, in the index's token form ("#xx"). Cached: choosing
    lines compares one question with the same lines thousands of times."""
    form = search_form(text).lower()
    return frozenset(f"#{pair}" for pair in bigrams(form) | _shared_object_pairs(form))


# "制造、修理计量器具": two of the lists' acts sharing one object (a list of nouns, "计量、标准化", is no such pair)
_ACTS = ("制造 修理 生产 销售 进口 出口 使用 经营 加工 储存 运输 安装 改造 维修 设计 充装 检验 检测 "
         "出租 出借 转让 伪造 变造 冒用 涂改 买卖").split()
_COORDINATED = re.compile(f"({'|'.join(_ACTS)})、(?:{'|'.join(_ACTS)})(?=[\u4e00-\u9fff])")


def _shared_object_pairs(text: str) -> set[str]:
    """The pair that joins the first of two coordinated acts to their shared object ("造计" of
    "制造、修理计量器具", which reads 制造计量器具 as well): "制造计量器具" asked matches it."""
    return {m.group(1)[-1] + text[m.end()] for m in _COORDINATED.finditer(text)}


def weighted_overlap(bm25: BM25, text: str, query: str, ignore: str = "") -> float:
    """IDF-weighted share of the query's bigrams that `text` contains: rare, telling bigrams
    (整改, 日内) count for more than ones found everywhere (监督, 企业). Bigrams of `ignore`
    (say, the title every candidate shares) are left out of the query."""
    weights, total = bm25.query_weights(query, ignore)
    if not total:
        return 0.0
    return math.fsum(weights[k] for k in bigram_keys(text) if k in weights) / total
