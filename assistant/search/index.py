"""The self-describing index folder: FAISS vectors, chunks as JSONL, BM25 state, params.json.

`build_index` writes every file into a fresh folder, params.json last with a checksum of each
file in it, and swaps that folder in as a whole under a build lock (see index_folder).
`load_index` refuses a missing, stale (corpus or embedder changed) or corrupt index with a
message that says what to run; it never serves answers from a stale index silently.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.corpus.cache import parser_digest
from assistant.corpus.load import Corpus
from assistant.paths import prompts_dir
from assistant.search.chunk import Chunk, StoredChunks, chunk_corpus
from assistant.search.embed import Embedder
from assistant.search.lexical import BM25, add_words, tokenize, tokenizer_digest
from assistant.search.shared_text import embed_chunks
from assistant.search.store import DEFAULT_STORE, VectorStore, store_class, store_for_size

FORMAT_VERSION = 2
FILES = {"chunks": "chunks.jsonl", "bm25": "bm25.npz"}  # and the vector store's own files


class IndexProblem(RuntimeError):
    """Base for index problems; `.hint` says what to do."""

    hint = "run `assistant build` to (re)build it"

    def __str__(self) -> str:
        return f"{super().__str__()} — {self.hint}"


class IndexMissing(IndexProblem):
    pass


class IndexStale(IndexProblem):
    pass


class IndexCorrupt(IndexProblem):
    pass


@dataclass
class Index:
    chunks: Sequence[Chunk]  # a list when built, StoredChunks when loaded
    vectors: VectorStore
    bm25: BM25
    params: dict

    @property
    def embedder_name(self) -> str:
        return self.params["embedder"]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def build_index(corpus: Corpus, embedder: Embedder, index_dir: Path, domain_words=(), progress: bool = False,
                store: str | None = None) -> Index:
    """`progress`: show a progress bar on stderr while embedding. Built under the folder's lock (a
    second build waits) into a fresh folder that replaces `index_dir` as a whole when complete;
    a write error raises IndexWriteError with `index_dir` unchanged (see index_folder)."""
    from assistant.search.index_folder import write_errors, writing

    with writing(index_dir) as folder, write_errors(index_dir):
        return _build_into(corpus, embedder, folder, domain_words, progress, store)


def _build_into(corpus: Corpus, embedder: Embedder, index_dir: Path, domain_words=(), progress: bool = False,
                store: str | None = None) -> Index:
    t0 = time.perf_counter()
    bureaus = {pl.bureau.file: pl.bureau for pl in corpus.lists}
    chunks = chunk_corpus(corpus.records, bureaus)
    if not chunks:
        raise IndexCorrupt("the corpus yielded no chunks; nothing to index")
    vectors = embed_chunks(chunks, bureaus, embedder, progress)
    vector_store = store_class(store or store_for_size(len(chunks)))(vectors.shape[1])
    vector_store.add(vectors, [c.source for c in chunks])
    add_words(domain_words)
    from tqdm import tqdm

    words = tqdm(chunks, desc="indexing words", unit="chunk", disable=not progress, file=sys.stderr)
    bm25 = BM25.build(tokenize(f"{c.section} {c.text}") for c in words)

    index_dir.mkdir(parents=True, exist_ok=True)
    paths = {k: index_dir / v for k, v in FILES.items()}
    store_files = _write_store(vector_store, index_dir)

    def write_chunks(p: Path) -> None:
        with open(p, "w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")

    _atomic_write(paths["chunks"], write_chunks)
    def write_bm25(p: Path) -> None:
        with open(p, "wb") as fh:
            np.savez(fh, **bm25.to_arrays())

    _atomic_write(paths["bm25"], write_bm25)
    files = {k: {"name": FILES[k], "sha256": _sha256(paths[k])} for k in FILES}
    files.update({f"store:{name}": {"name": name, "sha256": _sha256(index_dir / name)} for name in store_files})
    params = {
        "format_version": FORMAT_VERSION,
        "embedder": embedder.name,
        "store": vector_store.name,
        "tokenizer_digest": tokenizer_digest(domain_words),
        "parser_digest": current_parser(),
        "model": embedder.model,
        "dimension": int(vectors.shape[1]),
        "corpus_digest": corpus.digest,
        "n_chunks": len(chunks),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "build_seconds": round(time.perf_counter() - t0, 2),
        "files": files,
    }
    _atomic_write(index_dir / "params.json",
                  lambda p: p.write_text(json.dumps(params, ensure_ascii=False, indent=2), encoding="utf-8"))
    return Index(chunks, vector_store, bm25, params)


def _write_store(vector_store: VectorStore, index_dir: Path) -> list[str]:
    """The store's files, written into a scratch folder and renamed into place one by one."""
    scratch = index_dir / f".store.tmp-{os.getpid()}"
    scratch.mkdir(exist_ok=True)
    try:
        names = vector_store.save(scratch)
        for name in names:
            os.replace(scratch / name, index_dir / name)
    finally:
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()
    return names


def current_parser() -> str:
    """The digest of the code and word lists that turn a list into records: chunks name their
    records by content, so an index built by another parser points at records that are not there."""
    return parser_digest(prompts_dir())


def check_built_with(params: dict, embedder_name: str | None, domain_words: tuple[str, ...] | None) -> None:
    """IndexStale unless the index was built with this embedder (when named), these domain words
    (when given) and this list parser. Shared by loading and by changing an index in place."""
    if embedder_name and params["embedder"] != embedder_name:
        raise IndexStale(f"the index was built with embedder {params['embedder']!r}, not {embedder_name!r}")
    if domain_words is not None and params.get("tokenizer_digest") != tokenizer_digest(domain_words):
        raise IndexStale("the domain words (prompts/vocabulary.toml) or the tokenizer changed since the index was built")
    if params.get("parser_digest") != current_parser():
        raise IndexStale("the list parser (assistant/corpus or prompts/headers.toml) changed since the index was built")


def read_params(index_dir: Path) -> dict:
    path = index_dir / "params.json"
    if not path.is_file():
        raise IndexMissing(f"no index in {index_dir}")
    try:
        params = json.loads(path.read_text(encoding="utf-8"))
        params["files"], params["corpus_digest"], params["embedder"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"{path} is unreadable ({exc})") from exc
    return params


def check_index(index_dir: Path, corpus_digest: str, embedder_name: str | None = None,
                domain_words: tuple[str, ...] | None = None) -> dict:
    """params.json of a usable index, or the reason it is not usable."""
    params = read_params(index_dir)
    if params.get("format_version") != FORMAT_VERSION:
        raise IndexStale(f"index format {params.get('format_version')} is not the current {FORMAT_VERSION}")
    if params["corpus_digest"] != corpus_digest:
        raise IndexStale("the corpus changed since the index was built")
    check_built_with(params, embedder_name, domain_words)
    for meta in params["files"].values():
        path = index_dir / meta["name"]
        if not path.is_file():
            raise IndexCorrupt(f"{path} is missing")
        if _sha256(path) != meta["sha256"]:
            raise IndexCorrupt(f"{path} does not match its checksum in params.json")
    return params


def load_index(index_dir: Path, corpus_digest: str, embedder_name: str | None = None,
               domain_words: tuple[str, ...] | None = None) -> Index:
    """`domain_words`: the tokenizer's words; when given, an index built with others is stale."""
    params = check_index(index_dir, corpus_digest, embedder_name, domain_words)
    try:
        vectors = store_class(params.get("store", DEFAULT_STORE)).load(index_dir)
        with open(index_dir / FILES["chunks"], encoding="utf-8") as fh:
            chunks = StoredChunks([line for line in fh if line.strip()])
        chunks.validate()
        with np.load(index_dir / FILES["bm25"], allow_pickle=False) as arrays:
            bm25 = BM25.from_arrays(arrays)
    except Exception as exc:  # checksums matched, so this is a format bug or a foreign file
        raise IndexCorrupt(f"cannot read the index in {index_dir}: {exc}") from exc
    if not (len(chunks) == vectors.size == bm25.n_docs == params["n_chunks"]):
        raise IndexCorrupt(f"index parts disagree: {len(chunks)} chunks, {vectors.size} vectors, {bm25.n_docs} BM25 docs")
    add_words(domain_words or ())
    return Index(chunks, vectors, bm25, params)
