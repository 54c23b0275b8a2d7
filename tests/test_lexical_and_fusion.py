"""BM25, tokenisation and rank fusion on tiny hand-made inputs with exact expected outputs."""

from __future__ import annotations

import numpy as np

from assistant.search.lexical import BM25, add_words, bigram_keys, tokenize
from assistant.search.retrieve import ranks, rrf

DOCS = [
    "电梯属于特种设备，由质监局监督",
    "加油机是计量器具，应当强制检定",
    "商场销售的皮鞋质量问题向工商部门投诉",
    "烟花爆竹的燃放由公安部门管理",
]


def test_domain_words_stay_whole():
    add_words(["特种设备", "计量器具"])
    tokens = tokenize("电梯属于特种设备")
    assert "特种设备" in tokens and "#特种" in tokens


def test_bm25_ranks_on_a_four_sentence_corpus():
    add_words(["特种设备", "计量器具", "强制检定"])
    bm25 = BM25.build([tokenize(d) for d in DOCS])
    for query, best in [("皮鞋坏了找谁投诉", 2), ("加油机 计量器具", 1), ("燃放烟花", 3), ("特种设备电梯", 0)]:
        scores = bm25.scores(tokenize(query))
        assert int(np.argmax(scores)) == best, query
    assert bm25.scores(tokenize("完全无关的天气预报")).max() == 0.0


def test_bm25_round_trips_through_arrays():
    bm25 = BM25.build([tokenize(d) for d in DOCS])
    back = BM25.from_arrays(bm25.to_arrays())
    q = tokenize("计量器具强制检定")
    assert np.allclose(back.scores(q), bm25.scores(q)) and (back.k1, back.b) == (bm25.k1, bm25.b)


def test_ranks_and_rrf_exact():
    scores = np.array([0.1, 0.9, 0.5, 0.7])
    allowed = np.array([True, True, False, True])
    r = ranks(scores, allowed)
    assert r.tolist() == [3, 1, 0, 2]
    fused = rrf([r, np.array([1, 0, 0, 2])], [1.0, 0.5], k=60)
    assert np.allclose(fused, [1 / 63 + 0.5 / 61, 1 / 61, 0.0, 1 / 62 + 0.5 / 62])


def test_bigram_keys_normalise_width():
    assert bigram_keys("特种设备（电梯）") == {"#特种", "#种设", "#设备", "#电梯"}


def test_top_k_is_the_stable_sort_without_sorting_everything():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from assistant.search.retrieve import top_k

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.integers(-3, 3), max_size=60), st.integers(0, 70))
    def check(values, k):
        arr = np.array(values, dtype=np.float64) / 2  # few distinct values: many ties
        assert top_k(arr, k).tolist() == np.argsort(-arr, kind="stable")[:k].tolist()

    check()


def test_ranks_match_a_full_stable_sort_with_the_others_masked():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 4), st.booleans()), max_size=50))
    def check(pairs):
        scores = np.array([p[0] for p in pairs], dtype=np.float64)
        allowed = np.array([p[1] for p in pairs], dtype=bool)
        order = np.argsort(-np.where(allowed, scores, -np.inf), kind="stable")[: int(allowed.sum())]
        expected = np.zeros(len(scores), dtype=np.int64)
        expected[order] = np.arange(1, len(order) + 1)
        assert ranks(scores, allowed).tolist() == expected.tolist()

    check()


def test_a_dense_search_of_the_nearest_chunks_only_keeps_the_top_answers(resources, answerer):
    """Above `dense_candidates` chunks the dense side ranks only its nearest; on the real index
    (851 chunks) a cap of 200 leaves the first hit of every dev question naming no bureau as it was."""
    from assistant.evaluation.runner import load_gold
    from assistant.text import normalize, simplified
    from tests.conftest import ROOT

    retriever = resources.retriever
    questions = [g for g in load_gold(ROOT / "eval" / "gold.jsonl")
                 if g.get("split") == "dev" and not g.get("bureau") and g.get("gold")]
    checked = 0
    for g in questions:
        query = answerer.understand(simplified(normalize(g["question"])), g.get("history") or [], [])[1]
        if query.bureaus:
            continue
        full = [h.chunk.id for h in retriever.search(query, 3)]
        with retriever.configured(dense_candidates=200):
            capped = [h.chunk.id for h in retriever.search(query, 3)]
        assert capped[:1] == full[:1], g["question"]
        checked += 1
    assert checked >= 10


def test_the_same_question_searched_again_is_embedded_once(resources, answerer):
    """One answer may search its text again (limited to a bureau or a kind of record): the vector of
    the last question is kept, and a different question is embedded afresh."""
    import numpy as np

    retriever = resources.retriever
    calls = []
    real = retriever.embedder.embed

    def counting(texts):
        calls.append(list(texts))
        return real(texts)

    retriever.embedder.embed = counting
    try:
        query = answerer.understand("电梯困人找谁？", [], [])[1]
        first = [h.chunk.id for h in retriever.search(query, 5)]
        with retriever.configured(kinds=("boundary_entry",)):
            retriever.search(query, 5)
        assert [h.chunk.id for h in retriever.search(query, 5)] == first
        assert len(calls) <= 1  # none when this text was the last one embedded before the test
        other = answerer.understand("加油机少加油找谁？", [], [])[1]
        retriever.search(other, 5)
        assert calls[-1] == [other.search_text]
        assert np.allclose(retriever.vector(other.search_text), real([other.search_text])[0])
    finally:
        del retriever.embedder.embed  # the class's method again
