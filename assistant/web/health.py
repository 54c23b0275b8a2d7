"""`GET /api/health`: is the index on disk usable for the corpus on disk?

status is "ok", "missing", "stale" or "corrupt" (or "error" when the corpus itself cannot be
read). The check hashes the corpus and the index files, so its result is cached until a file in
either folder changes (size or mtime).
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
    from assistant.search.index import IndexCorrupt, IndexMissing, IndexProblem, IndexStale, check_index, read_params
    from assistant.corpus.load import load_corpus

    report = {"status": "ok", "message": None, "index_dir": str(index_dir), "embedder": None, "model": None,
              "n_chunks": None, "corpus_digest": None, "index_corpus_digest": None, "built_at": None}
    try:
        report["corpus_digest"] = load_corpus(corpus_dir).digest
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
        served = engine.answerer().res.index.params
        report["serving"] = {"embedder": served.get("embedder"), "n_chunks": served.get("n_chunks"),
                             "corpus_digest": served.get("corpus_digest"), "built_at": served.get("built_at")}
    return report
