"""The evaluation metrics on hand-made inputs."""

from __future__ import annotations

from assistant.evaluation.metrics import (
    answer_correct,
    first_hit_rank,
    grounded_correct,
    mrr_at_k,
    must_satisfied,
    recall_at_k,
    span_hits_gold,
)

GOLD = [{"source": "a.txt", "lines": [10, 12]}]


def span(source, start, end):
    return {"source": source, "start_line": start, "end_line": end}


def test_span_hit_rules():
    assert span_hits_gold(span("a.txt", 12, 20), GOLD)
    assert not span_hits_gold(span("a.txt", 13, 20), GOLD)
    assert not span_hits_gold(span("b.txt", 10, 12), GOLD)
    assert not span_hits_gold(span("a.txt", 1, 201), GOLD)  # a 201-line span proves nothing
    assert span_hits_gold(span("a.txt", 1, 200), GOLD)


def test_ranks_recall_mrr():
    ranks = [first_hit_rank([span("b.txt", 1, 2), span("a.txt", 11, 11)], GOLD), 1, 0, 4]
    assert ranks == [2, 1, 0, 4]
    assert recall_at_k(ranks, 1) == 0.25 and recall_at_k(ranks, 5) == 0.75
    assert abs(mrr_at_k(ranks, 10) - (0.5 + 1 + 0 + 0.25) / 4) < 1e-12


def test_must_groups_after_normalisation():
    assert must_satisfied("处１万元以上 3万元以下罚款", [["1万", "一万"], ["3万", "三万"]])
    assert not must_satisfied("处1万元以下罚款", [["1万"], ["3万", "三万"]])


def test_answer_and_grounded():
    gold = {"gold": GOLD, "must": [["工商"]]}
    good = {"answer": "找工商部门", "refused": False, "citations": [span("b.txt", 1, 1), span("a.txt", 10, 10)]}
    assert answer_correct(good, gold) and grounded_correct(good, gold)
    far = dict(good, citations=[span("b.txt", 1, 1)] * 3 + [span("a.txt", 10, 10)])
    assert answer_correct(far, gold) and not grounded_correct(far, gold)
    assert not answer_correct(dict(good, refused=True), gold)
