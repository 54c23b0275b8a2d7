"""Retrieval and answer metrics as pure functions over plain data (dicts and lists)."""

from __future__ import annotations

import re
import statistics
import unicodedata

MAX_SPAN_LINES = 200


def span_hits_gold(span: dict, gold: list[dict]) -> bool:
    """A retrieved/cited span hits when it is in the same file as a gold span, overlaps it, and
    is at most MAX_SPAN_LINES long (a whole-file span proves nothing)."""
    start, end = span["start_line"], span["end_line"]
    if end - start + 1 > MAX_SPAN_LINES:
        return False
    return any(g["source"] == span["source"] and start <= g["lines"][1] and g["lines"][0] <= end for g in gold)


def first_hit_rank(spans: list[dict], gold: list[dict]) -> int:
    """1-based rank of the first span that hits the gold, 0 if none does."""
    return next((i for i, s in enumerate(spans, 1) if span_hits_gold(s, gold)), 0)


def recall_at_k(hit_ranks: list[int], k: int) -> float:
    return sum(1 for r in hit_ranks if 0 < r <= k) / len(hit_ranks) if hit_ranks else 0.0


def mrr_at_k(hit_ranks: list[int], k: int) -> float:
    return sum(1 / r for r in hit_ranks if 0 < r <= k) / len(hit_ranks) if hit_ranks else 0.0


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def must_satisfied(answer: str, must: list[list[str]]) -> bool:
    """Every group has at least one alternative in the answer (NFKC, white space removed)."""
    a = _norm(answer)
    return all(any(_norm(alt) in a for alt in group) for group in must)


def answer_correct(record: dict, gold: dict) -> bool:
    return not record.get("refused") and must_satisfied(record.get("answer", ""), gold.get("must", []))


def lead(record: dict, gold: dict) -> bool:
    """The answer's first line holds every expected string (the fact asked for comes first)."""
    first = (record.get("answer") or "").split("\n", 1)[0]
    return not record.get("refused") and must_satisfied(first, gold.get("must", []))


def says_not_stated(record: dict) -> bool:
    """A refusal, or an answer that says the list does not state the fact asked for."""
    return bool(record.get("refused")) or bool(NOT_STATED.search(record.get("answer") or ""))


NOT_STATED = re.compile(r"(清单|列表)(中)?(没有|未)(写明|列出|给出|规定|列明|提到)|没有找到|不能提供")


def answer_chars(record: dict) -> int:
    """Length of the answer text (its citations list aside: `answer` holds none)."""
    return len(record.get("answer") or "")


def grounded_correct(record: dict, gold: dict) -> bool:
    """Correct, and one of the first three citations contains a gold span."""
    cites = record.get("citations", [])[:3]
    return answer_correct(record, gold) and any(span_hits_gold(c, gold["gold"]) for c in cites)


def citation_hit_at_3(record: dict, gold: dict) -> bool:
    """Does one of the answer's first three citations overlap a gold span? (A hit rate, not a
    precision: the other citations are not judged.)"""
    return any(span_hits_gold(c, gold["gold"]) for c in record.get("citations", [])[:3])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
