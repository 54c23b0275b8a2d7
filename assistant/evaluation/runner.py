"""Run the gold set through a system and score it, overall and per kind.

A "system" is a function from a gold item to an answer object of the `assistant ask --json`
shape; ours is exactly the batch code path of `assistant ask --batch`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from assistant.evaluation import metrics as m

KINDS = ("routing", "contact", "penalty", "regime", "duty", "followup", "refusal", "not_stated")


def load_gold(path: Path, split: str = "all") -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return [g for g in items if split == "all" or g.get("split") == split]


def run_system(answer: Callable[[dict], dict], gold: list[dict]) -> list[dict]:
    return [answer(g) for g in gold]


def score(results: list[dict], gold: list[dict]) -> dict:
    """Every figure of the report for one system; `results` line up with `gold` by position."""
    answerable = [(r, g) for r, g in zip(results, gold, strict=False) if not g.get("expect_refused") and not g.get("not_stated")]
    refusals = [(r, g) for r, g in zip(results, gold, strict=False) if g.get("expect_refused")]
    not_stated = [(r, g) for r, g in zip(results, gold, strict=False) if g.get("not_stated")]
    lengths = [m.answer_chars(r) for r, _ in answerable if not r.get("refused")]
    ranks = [m.first_hit_rank(r.get("retrieved", []), g["gold"]) for r, g in answerable]
    cited_lengths = [c["end_line"] - c["start_line"] + 1 for r, _ in answerable for c in r.get("citations", [])[:3]]
    latencies = [r.get("latency_ms", 0.0) for r in results]

    def share(pairs, test) -> float:
        return sum(1 for r, g in pairs if test(r, g)) / len(pairs) if pairs else float("nan")

    return {
        "n": len(results),
        "n_answerable": len(answerable),
        "n_refusal": len(refusals),
        "recall@1": m.recall_at_k(ranks, 1),
        "recall@5": m.recall_at_k(ranks, 5),
        "recall@10": m.recall_at_k(ranks, 10),
        "mrr@10": m.mrr_at_k(ranks, 10),
        "citation_hit@3": share(answerable, m.citation_hit_at_3),
        "answer_accuracy": share(answerable, m.answer_correct),
        "grounded_accuracy": share(answerable, m.grounded_correct),
        "lead": share(answerable, m.lead),
        "median_answer_chars": m.median(lengths),
        "max_answer_chars": max(lengths, default=0),
        "not_stated_accuracy": share(not_stated, lambda r, g: m.says_not_stated(r)),
        "false_refusals": sum(1 for r, _ in answerable if r.get("refused")),
        "refusal_accuracy": share(refusals, lambda r, g: bool(r.get("refused"))),
        "median_cited_lines": m.median(cited_lengths),
        "latency_p50_ms": m.percentile(latencies, 0.5),
        "latency_p95_ms": m.percentile(latencies, 0.95),
    }


def score_by_kind(results: list[dict], gold: list[dict]) -> dict[str, dict]:
    out = {"all": score(results, gold)}
    for kind in KINDS:
        pairs = [(r, g) for r, g in zip(results, gold, strict=False) if g.get("kind") == kind]
        if pairs:
            out[kind] = score([r for r, _ in pairs], [g for _, g in pairs])
    return out


def failures(results: list[dict], gold: list[dict]) -> list[dict]:
    """The questions a system got wrong, with what it said."""
    out = []
    for r, g in zip(results, gold, strict=False):
        if g.get("expect_refused"):
            ok = bool(r.get("refused"))
        elif g.get("not_stated"):
            ok = m.says_not_stated(r)
        else:
            ok = m.grounded_correct(r, g)
        if not ok:
            out.append({"id": g["id"], "kind": g["kind"], "question": g["question"],
                        "refused": r.get("refused"), "answer": (r.get("answer") or r.get("error") or "")[:200],
                        "must": g.get("must"), "gold": g.get("gold"),
                        "cited": [(c["source"][:3], c["start_line"], c["end_line"]) for c in r.get("citations", [])[:3]]})
    return out
