"""Hybrid retrieval: BM25 and dense scores fused by reciprocal rank, limited to the bureaus
a question names.

No score threshold drops dense hits: every chunk keeps a rank in both lists.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from assistant.answer.query import Query
from assistant.search.chunk import Chunk
from assistant.search.embed import Embedder
from assistant.search.index import Index
from assistant.search.lexical import tokenize


@dataclass
class Hit:
    chunk: Chunk
    score: float
    rank: int
    dense: float = 0.0
    lexical: float = 0.0

    def to_dict(self) -> dict:
        c = self.chunk
        return {"source": c.source, "start_line": c.start_line, "end_line": c.end_line, "bureau": c.bureau,
                "section": c.section, "kind": c.kind, "score": round(self.score, 6), "rank": self.rank}


def ranks(scores: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """1-based rank of every doc by descending score, ties in doc order; docs not allowed get rank
    0. Only the allowed docs are sorted (a question's lexical hits are a small share of 170,000)."""
    idx = np.flatnonzero(allowed)
    order = idx[np.argsort(-scores[idx], kind="stable")]
    out = np.zeros(len(scores), dtype=np.int64)
    out[order] = np.arange(1, len(order) + 1)
    return out


def top_k(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, best first, ties in index order: the same as
    `np.argsort(-values, kind="stable")[:k]` without sorting every value."""
    n = len(values)
    if k >= n:
        return np.argsort(-values, kind="stable")
    if k <= 0:
        return np.zeros(0, np.int64)
    kth = np.partition(values, n - k)[n - k]  # the k-th largest
    above = np.flatnonzero(values > kth)
    equal = np.flatnonzero(values == kth)[: k - len(above)]
    candidates = np.concatenate([above, equal])
    return candidates[np.argsort(-values[candidates], kind="stable")]


def rrf(rank_lists: list[np.ndarray], weights: list[float], k: float = 60.0) -> np.ndarray:
    """Reciprocal-rank fusion of rank arrays (0 = absent)."""
    fused = np.zeros(len(rank_lists[0]), dtype=np.float64)
    for r, w in zip(rank_lists, weights, strict=False):
        fused += np.where(r > 0, w / (k + r), 0.0)
    return fused


@dataclass
class RetrieverConfig:
    mode: str = "hybrid"  # hybrid | bm25 | dense
    # prompts/policy.toml [retrieval] sets these (BM25 leads; dense ranks break ties and rank
    # the chunks that share no word with the question)
    dense_weight: float = 0.05
    lexical_weight: float = 1.0
    rrf_k: float = 60.0
    filter_bureaus: bool = True
    # the dense search ranks this many chunks at most; the others take no dense rank. Above it,
    # ranking every chunk costs more than the rest of an answer (a k = all search and a sort of
    # 170,000 at 1,000 lists); below it, every chunk is ranked, exactly as before.
    dense_candidates: int = 2000
    kinds: tuple[str, ...] = field(default_factory=tuple)  # limit to these chunk kinds (empty: all)


class HybridRetriever:
    def __init__(self, index: Index, embedder: Embedder | None, config: RetrieverConfig | None = None):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrieverConfig()
        # the list file of every chunk, in chunk order: the vector store's groups (no chunk decoded)
        self._sources = np.asarray(index.vectors.groups)
        # the last question's vector: one answer searches the same text again (limited to a bureau, to a
        # kind of record, or compared), and embedding it is most of a search's time
        self._last: tuple[str, np.ndarray] | None = None

    @cached_property
    def _kinds(self) -> np.ndarray:
        """The kind of every chunk (decodes them all: only a search limited to kinds needs it)."""
        return np.array([c.kind for c in self.index.chunks])

    @contextmanager
    def configured(self, **changes):
        """Search with some settings changed (say, mode="bm25") inside the block only."""
        saved = self.config
        self.config = replace(saved, **changes)
        try:
            yield self
        finally:
            self.config = saved

    def allowed(self, query: Query) -> np.ndarray:
        mask = np.ones(len(self.index.chunks), dtype=bool)
        if self.config.filter_bureaus and query.bureaus:
            mask &= np.isin(self._sources, query.bureaus)
        if self.config.kinds:
            mask &= np.isin(self._kinds, self.config.kinds)
        return mask

    def lexical_scores(self, query: Query) -> np.ndarray:
        return self.index.bm25.scores(tokenize(query.search_text))

    def vector(self, text: str) -> np.ndarray:
        """The question's embedding; the last one is kept, since one answer searches the same text again."""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        vec = self.embedder.embed([text])[0]
        self._last = (text, vec)
        return vec

    def dense_scores(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """The cosine of the `dense_candidates` chunks nearest the question among its bureaus' (0
        for the others), and which chunks those are."""
        vec = self.vector(query.search_text)
        n = self.index.vectors.size
        groups = query.bureaus if self.config.filter_bureaus else None
        ids, sims = self.index.vectors.search(vec, min(n, self.config.dense_candidates), groups)
        out = np.zeros(n, dtype=np.float32)
        out[ids] = sims
        present = np.zeros(n, dtype=bool)
        present[ids] = True
        return out, present

    def rows(self, query: Query) -> np.ndarray | None:
        """Ascending ids of the chunks of the bureaus the question is limited to (None: all)."""
        if not (self.config.filter_bureaus and query.bureaus):
            return None
        return self.index.vectors.rows_of(query.bureaus)

    def search(self, query: Query, k: int = 10) -> list[Hit]:
        # a question limited to some bureaus scores and ranks their chunks only: the same ranking
        # as over all chunks with the others masked, at a cost that does not grow with the lists
        return self._search(query, k, self.rows(query))

    def _search(self, query: Query, k: int, rows: np.ndarray | None) -> list[Hit]:
        cfg = self.config
        if rows is None:
            allowed = self.allowed(query)
            n = len(self.index.chunks)
            lexical = self.lexical_scores(query)  # always: the scope check reads it, even in dense mode
            if cfg.mode in ("hybrid", "dense"):
                dense, present = self.dense_scores(query)
            else:
                dense, present = np.zeros(n, np.float32), np.zeros(n, dtype=bool)
        else:
            n = len(rows)
            allowed = np.isin(self._kinds[rows], cfg.kinds) if cfg.kinds else np.ones(n, dtype=bool)
            lexical = self.index.bm25.scores(tokenize(query.search_text), rows)
            dense, present = np.zeros(n, np.float32), np.zeros(n, dtype=bool)
            if cfg.mode in ("hybrid", "dense") and n:
                vec = self.vector(query.search_text)
                ids, sims = self.index.vectors.search(vec, min(n, cfg.dense_candidates), query.bureaus)
                at = np.searchsorted(rows, ids)
                dense[at] = sims
                present[at] = True
        if n <= cfg.dense_candidates:
            present = np.ones(n, dtype=bool)  # every chunk ranked, a chunk the store left out at 0
        if cfg.mode == "bm25":
            fused = np.where(lexical > 0, rrf([ranks(lexical, allowed)], [1.0], cfg.rrf_k), 0.0)
        elif cfg.mode == "dense":
            fused = rrf([ranks(dense, allowed & present)], [1.0], cfg.rrf_k)
        else:
            lex_allowed = allowed & (lexical > 0)
            fused = rrf([ranks(lexical, lex_allowed), ranks(dense, allowed & present)],
                        [cfg.lexical_weight, cfg.dense_weight], cfg.rrf_k)
        fused = np.where(allowed, fused, -1.0)
        order = top_k(fused, k)
        chunk_of = (lambda i: self.index.chunks[i]) if rows is None else (lambda i: self.index.chunks[rows[i]])
        return [
            Hit(chunk_of(i), float(fused[i]), r + 1, float(dense[i]), float(lexical[i]))
            for r, i in enumerate(order) if fused[i] > 0
        ]
