"""`assistant eval`: run the gold set through the ask pipeline, print and save the figures."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant import paths


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="score the assistant on the gold questions")
    p.add_argument("--gold", type=Path, default=None, help="gold JSONL (default: eval/gold.jsonl)")
    p.add_argument("--split", choices=["dev", "test", "all"], default="all")
    p.add_argument("--baselines", action="store_true", help="also run naive RAG, BM25 only and dense only")
    p.add_argument("--report", type=Path, default=None, help="report folder (default: eval/reports)")
    p.set_defaults(run=run)


def evaluate(gold_path: Path, split: str = "all", baselines: bool = False, report_dir: Path | None = None):
    import json

    from assistant.cli.ask_cmd import batch_line, load_answerer
    from assistant.evaluation.report import write_report
    from assistant.evaluation.runner import failures, load_gold, run_system, score_by_kind

    gold = load_gold(gold_path, split)
    answerer = load_answerer(True)
    ours = run_system(lambda g: batch_line(answerer, json.dumps(g, ensure_ascii=False), 0), gold)
    scores = {"assistant (hybrid)": score_by_kind(ours, gold)}
    if baselines:
        from assistant.evaluation.baselines import NaiveRag

        naive = NaiveRag(answerer.res.corpus, answerer.res.embedder)
        scores["naive RAG"] = score_by_kind(run_system(naive.answer, gold), gold)
        for mode in ("bm25", "dense"):
            with answerer.res.retriever.configured(mode=mode):
                results = run_system(lambda g: batch_line(answerer, json.dumps(g, ensure_ascii=False), 0), gold)
            scores[f"{mode} only"] = score_by_kind(results, gold)
    path = write_report(scores, failures(ours, gold), report_dir or paths.eval_dir() / "reports", gold_path, split)
    return scores, path


def run(args) -> int:
    from assistant.evaluation.report import table

    gold_path = args.gold or paths.eval_dir() / "gold.jsonl"
    if not gold_path.is_file():
        print(f"error: no gold file at {gold_path}", file=sys.stderr)
        return 2
    try:
        scores, path = evaluate(gold_path, args.split, args.baselines, args.report)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(table(scores, rows="overall"))
    print()
    print(table({k: v for k, v in scores.items() if k.startswith("assistant")}))
    print(f"\nreport: {path}", file=sys.stderr)
    return 0
