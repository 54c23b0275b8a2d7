"""`assistant bench --lists N`: build time, answer latency, cold start, RSS and disk size of a
synthetic corpus of N lists, and retrieval recall on gold questions mapped to its copies."""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant import paths


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}, {platform.python_implementation()} {platform.python_version()}"


def retrieval_figures(answerer, gold: list[dict]) -> dict:
    """R@1, R@5, MRR@10 and retrieval p50/p95 ms of the retriever on mapped gold questions."""
    from assistant.evaluation.metrics import first_hit_rank, mrr_at_k, percentile, recall_at_k
    from assistant.text import normalize, simplified

    ranks, times = [], []
    for g in gold:
        chosen = answerer.resolve_bureau(g.get("bureau"))
        query = answerer.understand(simplified(normalize(g["question"])), g.get("history") or [], chosen)[1]
        t0 = time.perf_counter()
        hits = answerer.res.retriever.search(query, 10)
        times.append((time.perf_counter() - t0) * 1000)
        ranks.append(first_hit_rank([h.to_dict() for h in hits], g["gold"]))
    return {"r1": recall_at_k(ranks, 1), "r5": recall_at_k(ranks, 5), "mrr": mrr_at_k(ranks, 10),
            "retrieval_p50_ms": percentile(times, 0.5), "retrieval_p95_ms": percentile(times, 0.95)}


def _queries(answerer, gold: list[dict]) -> list:
    from assistant.text import normalize, simplified

    return [answerer.understand(simplified(normalize(g["question"])), g.get("history") or [],
                                answerer.resolve_bureau(g.get("bureau")))[1] for g in gold]


def compare_stores(answerer, gold: list[dict]) -> dict[str, dict]:
    """Every registered store filled with the flat index's vectors, on the same questions: gold
    recall and latency of the bureau-limited search, latency of the search over all lists, and
    how many of flat's dense top 10 over all lists each store finds (its recall against flat)."""
    from assistant.evaluation.metrics import percentile
    from assistant.search.store import STORES, store_class

    index = answerer.res.index
    flat = index.vectors
    vectors = flat.vectors()
    groups = flat.groups
    queries = _queries(answerer, gold)
    embedded = answerer.res.embedder.embed([q.search_text for q in queries])
    # copies share vectors, so flat's top 10 is one of many tied sets: a store's hit counts when
    # its exact score reaches flat's 10th score
    tenth = [flat.search(v, 10)[1][-1] for v in embedded]
    out = {}
    for name in STORES:
        store = store_class(name)(vectors.shape[1])
        t0 = time.perf_counter()
        store.add(vectors, groups)
        fill_s = time.perf_counter() - t0
        times, found = [], []
        for v, bar in zip(embedded, tenth, strict=False):
            t0 = time.perf_counter()
            ids, _ = store.search(v, 10)
            times.append((time.perf_counter() - t0) * 1000)
            found.append(float(np.sum(vectors[ids] @ v >= bar - 1e-5)) / 10)
        index.vectors = store
        try:
            limited = retrieval_figures(answerer, gold)
            with answerer.res.retriever.configured(filter_bureaus=False):
                everywhere = retrieval_figures(answerer, gold)
        finally:
            index.vectors = flat
        out[name] = {"fill_s": fill_s, "r1": limited["r1"], "r5": limited["r5"], "mrr": limited["mrr"],
                     "retrieval_p50_ms": limited["retrieval_p50_ms"],
                     "all_lists_retrieval_p50_ms": everywhere["retrieval_p50_ms"],
                     "all_lists_retrieval_p95_ms": everywhere["retrieval_p95_ms"],
                     "dense_top10_p50_ms": percentile(times, 0.5), "dense_recall10_vs_flat": sum(found) / len(found)}
    return out


def run_scale(args, cold_start) -> int:
    from assistant.answer.pipeline import Answerer
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.evaluation.metrics import percentile
    from assistant.evaluation.runner import load_gold
    from assistant.evaluation.synthetic import generate, map_gold
    from assistant.resources import load_resources, parse_cache
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    work = args.keep or Path(tempfile.mkdtemp(prefix=f"bench-{args.lists}-lists-"))
    corpus_dir, index_dir = work / "corpus", work / "index"
    try:
        print(f"machine: {_machine()}")
        copies = generate(paths.corpus_dir(), corpus_dir, args.lists)
        gold = map_gold(load_gold(paths.eval_dir() / "gold.jsonl"), copies)
        t0 = time.perf_counter()
        corpus = load_corpus(corpus_dir, parse_cache(index_dir))  # as `assistant build` does
        parse_s = time.perf_counter() - t0
        n_records = len(corpus.records)
        vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
        index = build_index(corpus, get_embedder(), index_dir, vocab.domain_words, progress=True, store=args.store)
        store = index.params["store"]
        build_s = time.perf_counter() - t0
        n_chunks = len(index.chunks)
        del index, corpus
        build_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"built {args.lists} lists, {n_records} records, {n_chunks} chunks in {build_s:.1f} s "
              f"(parsing {parse_s:.1f} s), store {store}")
        g0 = gold[0]
        cold_s, rss_mb = cold_start(index_dir, corpus_dir, g0["question"], g0.get("bureau"))
        answerer = Answerer(load_resources(corpus_dir=corpus_dir, index_dir=index_dir))
        answerer.ask("预热")
        rng = random.Random(0)
        order = rng.sample(range(len(gold)), len(gold))
        ask_ms = []
        for i in order:
            g = gold[i]
            t0 = time.perf_counter()
            answerer.ask(g["question"], g.get("history"), g.get("bureau"))
            ask_ms.append((time.perf_counter() - t0) * 1000)
        figures = retrieval_figures(answerer, gold)
        result = {
            "lists": args.lists, "records": n_records, "chunks": n_chunks, "build_s": round(build_s, 1),
            "p50_ms": round(percentile(ask_ms, 0.5), 1), "p95_ms": round(percentile(ask_ms, 0.95), 1),
            "cold_s": round(cold_s, 2), "rss_mb": round(rss_mb), "disk_mb": round(_folder_mb(index_dir), 1),
            "build_rss_mb": round(build_rss), "store": store, "questions": len(gold),
            **{k: round(v, 3) for k, v in figures.items()},
        }
        if args.compare_stores:
            result["stores"] = {name: {k: round(v, 3) for k, v in m.items()}
                                for name, m in compare_stores(answerer, gold).items()}
        result["bench_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(f"machine after: {_machine()}")
        print(json.dumps(result, ensure_ascii=False) if args.json else json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
