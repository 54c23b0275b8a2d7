"""`assistant bench`: speed and retrieval figures per embedder on this machine.

For each embedder: index build time, cold start of one `assistant ask` process, warm retrieval
and full-answer latency p50/p95 over the gold questions, peak RSS of the ask process, and the
retrieval ablation (BM25 only, dense only, hybrid) on a gold split.

With `--lists N`: the same figures for a synthetic corpus of N lists (fictional copies of the
real ones, written into a temporary folder, never the product's corpus or index), answered on
gold questions mapped to random copies; `--json` prints them as the last line.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant import paths
from assistant.search.embed import EMBEDDERS
from assistant.search.store import STORES


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure build time, cold start, latency, RSS and retrieval per embedder")
    p.add_argument("--embedders", nargs="+", choices=sorted(EMBEDDERS), default=sorted(EMBEDDERS))
    p.add_argument("--split", choices=["dev", "test", "all"], default="dev", help="gold split for the ablation")
    p.add_argument("--lists", type=int, metavar="N", help="measure a synthetic corpus of N lists instead")
    p.add_argument("--store", choices=sorted(STORES), help="vector store for --lists (default: by size)")
    p.add_argument("--compare-stores", action="store_true",
                   help="with --lists: also retrieval recall and latency of every store against flat")
    p.add_argument("--keep", type=Path, metavar="DIR", help="with --lists: write corpus and index into DIR and keep them")
    p.add_argument("--json", action="store_true", help="with --lists: print the figures as JSON on the last line")
    p.set_defaults(run=run)


def _cold_start(index_dir: Path, corpus_dir: Path | None = None, question: str = "在商场买的皮鞋掉底了找谁？",
                bureau: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, sampled every 10 ms) of one `assistant ask` process."""
    import psutil

    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1")
    if corpus_dir is not None:
        env["ASSISTANT_CORPUS_DIR"] = str(corpus_dir)
    cmd = [sys.executable, "-m", "assistant", "ask", question, "--json", "--no-build"]
    if bureau:
        cmd += ["--bureau", bureau]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=paths.PROJECT_ROOT)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    wall = time.perf_counter() - t0
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"ask failed: {err.decode()[-500:]}")
    return wall, peak / 2**20


def _ablation(answerer, gold: list[dict]) -> dict[str, dict]:
    from assistant.evaluation.metrics import first_hit_rank, mrr_at_k, recall_at_k
    from assistant.text import normalize, simplified

    res = answerer.res
    # the queries `assistant ask` would run (retrieval only: no scope check, no answer)
    queries = [answerer.understand(simplified(normalize(g["question"])), g.get("history") or [],
                                   answerer.resolve_bureau(g.get("bureau")))[1] for g in gold]
    out = {}
    for mode in ("bm25", "dense", "hybrid"):
        ranks, times = [], []
        with res.retriever.configured(mode=mode):
            for g, q in zip(gold, queries, strict=False):
                t0 = time.perf_counter()
                hits = res.retriever.search(q, 10)
                times.append((time.perf_counter() - t0) * 1000)
                ranks.append(first_hit_rank([h.to_dict() for h in hits], g["gold"]))
        out[mode] = {"R@1": recall_at_k(ranks, 1), "R@5": recall_at_k(ranks, 5), "MRR@10": mrr_at_k(ranks, 10),
                     "times": times}
    return out


def run(args) -> int:
    if args.lists:
        from assistant.cli.bench_scale import run_scale

        return run_scale(args, _cold_start)
    from assistant.answer.pipeline import Answerer
    from assistant.evaluation.metrics import percentile
    from assistant.evaluation.runner import load_gold
    from assistant.resources import build, load_resources

    gold_all = load_gold(paths.eval_dir() / "gold.jsonl")
    gold = [g for g in load_gold(paths.eval_dir() / "gold.jsonl", args.split) if not g.get("expect_refused")]
    print(f"machine: {os.cpu_count()} cores; gold: {len(gold_all)} questions (ablation on {args.split}: {len(gold)})")
    rows, ablation_rows = [], []
    for name in args.embedders:
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
            index_dir = Path(tmp)
            t0 = time.perf_counter()
            build(index_dir=index_dir, embedder_name=name, progress=False)
            build_s = time.perf_counter() - t0
            cold_s, rss_mb = _cold_start(index_dir)
            answerer = Answerer(load_resources(index_dir=index_dir))
            answerer.ask("预热")  # first-use costs (jieba POS tables) are part of the cold start, not warm latency
            ask_ms = []
            for g in gold_all:
                t0 = time.perf_counter()
                answerer.ask(g["question"], g.get("history"), g.get("bureau"))
                ask_ms.append((time.perf_counter() - t0) * 1000)
            abl = _ablation(answerer, gold)
            hybrid_ms = abl["hybrid"].pop("times")
            for mode in ("bm25", "dense"):
                abl[mode].pop("times")
            rows.append((name, build_s, cold_s, percentile(hybrid_ms, 0.5), percentile(hybrid_ms, 0.95),
                         percentile(ask_ms, 0.5), percentile(ask_ms, 0.95), rss_mb,
                         resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
            for mode, m in abl.items():
                ablation_rows.append((name, mode, m["R@1"], m["R@5"], m["MRR@10"]))
    print("\n| embedder | build s | cold start s (ask process) | retrieval p50 ms | retrieval p95 ms | ask p50 ms | ask p95 ms "
          "| ask process peak RSS MB | bench process peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.1f} | {r[2]:.2f} | {r[3]:.1f} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.1f} | {r[7]:.0f} | {r[8]:.0f} |")
    print(f"\n| embedder | retrieval | R@1 | R@5 | MRR@10 |  ({args.split} split)")
    print("|---|---|---|---|---|")
    for r in ablation_rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} |")
    return 0
