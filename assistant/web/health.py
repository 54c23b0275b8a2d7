"""`GET /api/health`: is the index on disk usable for the corpus on disk?

status is "ok", "missing", "stale" or "corrupt" (or "error" when the corpus itself cannot be
read, "corpus_errors" when a list file has parse errors — part of it is not being answered from).
The check hashes the corpus and the index files, so its result is cached until a file in either
folder changes (size or mtime).

On top of that, served = reported: `index_digest` is the fingerprint of the index on disk and
`serving.index_digest` the one answers come from; when they differ the status is
"reload_needed" (503) until the server has reloaded (by itself within seconds, or on
`POST /api/reload`).
"""

from __future__ import annotations

import threading
from pathlib import Path

_lock = threading.Lock()
_cache: dict = {}


def _signature(*folders: Path) -> tuple:
    sig = []
    for folder in folders:
        if not folder.is_dir():
            sig.append((str(folder), None))
            continue
        for p in sorted(folder.iterdir()):
            try:
                st = p.stat()
            except OSError:
                continue
            sig.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(sig)


def _check(corpus_dir: Path, index_dir: Path) -> dict:
    from assistant.corpus.load import load_corpus
    from assistant.resources import parse_cache
    from assistant.search.index import IndexCorrupt, IndexMissing, IndexProblem, IndexStale, check_index, read_params
    from assistant.web.shared_answerer import params_digest

    report = {"status": "ok", "message": None, "index_dir": str(index_dir), "embedder": None, "model": None,
              "n_chunks": None, "corpus_digest": None, "index_corpus_digest": None, "built_at": None,
              "index_digest": None, "corpus_problems": []}
    try:
        corpus = load_corpus(corpus_dir, parse_cache(index_dir))
        report["corpus_digest"] = corpus.digest
        report["corpus_problems"] = [str(p) for p in corpus.all_problems if p.severity in ("error", "warning")][:20]
        errors = [p for p in corpus.all_problems if p.severity == "error"]
    except (OSError, ValueError) as exc:
        report.update(status="error", message=f"cannot read the corpus in {corpus_dir}: {exc}")
        return report
    try:
        params = check_index(index_dir, report["corpus_digest"])
    except IndexProblem as exc:
        kinds = {IndexMissing: "missing", IndexStale: "stale", IndexCorrupt: "corrupt"}
        report.update(status=next((v for k, v in kinds.items() if isinstance(exc, k)), "corrupt"), message=str(exc))
        try:
            params = read_params(index_dir)
        except IndexProblem:
            return report
    for key in ("embedder", "model", "n_chunks", "built_at"):
        report[key] = params.get(key)
    report["index_corpus_digest"] = params.get("corpus_digest")
    report["index_digest"] = params_digest(params)
    if errors and report["status"] == "ok":
        report.update(status="corpus_errors", message=f"{len(errors)} list file problem(s) stop parts of the corpus "
                                                      f"from being answered from, first: {errors[0]}")
    return report


def index_health(engine=None) -> dict:
    from assistant import paths

    corpus_dir, index_dir = paths.corpus_dir(), paths.index_dir()
    sig = _signature(corpus_dir, index_dir)
    with _lock:
        if _cache.get("sig") != sig:
            _cache.update(sig=sig, report=_check(corpus_dir, index_dir))
        report = dict(_cache["report"])
    report["answerer_loaded"] = bool(engine is not None and engine.loaded)
    if engine is not None and engine.loaded:
        served = engine.served()
        params = served.answerer.res.index.params
        report["serving"] = {"embedder": params.get("embedder"), "n_chunks": params.get("n_chunks"),
                             "corpus_digest": params.get("corpus_digest"), "built_at": params.get("built_at"),
                             "index_digest": served.digest, "reload_error": engine.reload_error}
        if report["status"] == "ok" and served.digest != report["index_digest"]:
            report.update(status="reload_needed", message=(
                f"reload needed: the index on disk ({report['index_digest']}) is not the one being served "
                f"({served.digest})" + (f"; the last reload failed: {engine.reload_error}" if engine.reload_error else "")))
    return report
