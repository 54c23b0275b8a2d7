"""Adding lists to a built index without rebuilding the others.

The new lists' chunks are embedded and appended to the vector store, their tokens appended to
the BM25 postings and their lines to chunks.jsonl; params.json (written last) takes the new
corpus digest and checksums. The result is what a full build would give, except that the new
chunks keep their own vectors where a full build would share a masked vector with copies of
the same text (see shared_text); the next full build shares them.

Updating or removing a list is a full build (which re-uses every unchanged vector).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np

from assistant.corpus.load import ParsedList
from assistant.search.chunk import chunk_corpus
from assistant.search.embed import Embedder
from assistant.search.index import (
    FILES,
    FORMAT_VERSION,
    IndexProblem,
    IndexStale,
    _atomic_write,
    _sha256,
    _write_store,
    read_params,
)
from assistant.search.lexical import BM25, add_words, tokenize, tokenizer_digest
from assistant.search.store import DEFAULT_STORE, store_class


def append_lists(index_dir: Path, lists: list[ParsedList], digest: str, embedder: Embedder,
                 domain_words=()) -> dict:
    """Append the chunks of `lists` (parsed, not yet in the index) to the index in `index_dir`;
    `digest` is the digest of the corpus that now includes them. Returns the new params.
    Like a build, it holds the folder's lock and swaps a complete new folder in (index_folder)."""
    from assistant.search.index_folder import write_errors, writing

    with writing(index_dir) as staging, write_errors(index_dir):
        return _append_into(index_dir, staging, lists, digest, embedder, domain_words)


def _append_into(index_dir: Path, staging: Path, lists: list[ParsedList], digest: str, embedder: Embedder,
                 domain_words) -> dict:
    t0 = time.perf_counter()
    params = read_params(index_dir)
    if params.get("format_version") != FORMAT_VERSION:
        raise IndexStale(f"index format {params.get('format_version')} is not the current {FORMAT_VERSION}")
    if params["embedder"] != embedder.name:
        raise IndexStale(f"the index was built with embedder {params['embedder']!r}, not {embedder.name!r}")
    if params.get("tokenizer_digest") != tokenizer_digest(domain_words):
        raise IndexStale("the domain words or the tokenizer changed since the index was built")
    store = store_class(params.get("store", DEFAULT_STORE)).load(index_dir)
    known = set(np.unique(store.groups).tolist())
    again = [pl.bureau.file for pl in lists if pl.bureau.file in known]
    if again:
        raise IndexProblem(f"already in the index: {', '.join(again)}; changing a list needs a full build")
    bureaus = {pl.bureau.file: pl.bureau for pl in lists}
    chunks = chunk_corpus([r for pl in lists for r in pl.records], bureaus)
    with np.load(index_dir / FILES["bm25"], allow_pickle=False) as arrays:
        bm25 = BM25.from_arrays(arrays)
    if chunks:
        store.add(embedder.embed([c.embed_text for c in chunks]), [c.source for c in chunks])
        add_words(domain_words)
        bm25.append([tokenize(f"{c.section} {c.text}") for c in chunks])

    store_files = _write_store(store, staging)

    def write_chunks(p: Path) -> None:
        shutil.copyfile(index_dir / FILES["chunks"], p)
        with open(p, "a", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")

    def write_bm25(p: Path) -> None:
        with open(p, "wb") as fh:
            np.savez(fh, **bm25.to_arrays())

    _atomic_write(staging / FILES["chunks"], write_chunks)
    _atomic_write(staging / FILES["bm25"], write_bm25)
    files = {k: {"name": FILES[k], "sha256": _sha256(staging / FILES[k])} for k in FILES}
    files.update({f"store:{name}": {"name": name, "sha256": _sha256(staging / name)} for name in store_files})
    params.update({
        "corpus_digest": digest,
        "n_chunks": int(params["n_chunks"]) + len(chunks),
        "appended_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "append_seconds": round(time.perf_counter() - t0, 2),
        "files": files,
    })
    _atomic_write(staging / "params.json",
                  lambda p: p.write_text(json.dumps(params, ensure_ascii=False, indent=2), encoding="utf-8"))
    return params
