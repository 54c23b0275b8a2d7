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
