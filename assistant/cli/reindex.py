"""Bringing the index up to date after `add` / `remove`.

When the index is that of the corpus as it was just before the change, the change is made in
place of a rebuild: `add` appends the new list's chunks (search.append.append_lists), `remove`
drops the list's rows (remove_lists); no other list is parsed and no other chunk is embedded,
except the few whose vector a shared text changes (see search.append). Otherwise (no index, a
stale one, another embedder or tokenizer) the index is rebuilt in full through `build_index`,
re-using the vector of every chunk whose embedded text is unchanged."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.corpus.manifest import Bureau
from assistant.search.embed import Embedder


@dataclass
class Update:
    how: str  # "appended" | "removed" | "rebuilt"
    n_chunks: int
    embedded: int  # texts embedded anew
    seconds: float
    reason: str = ""  # why a rebuild was needed

    def summary(self) -> str:
        how = {"appended": "the list's chunks appended", "removed": "the list's chunks removed",
               "rebuilt": "rebuilt"}[self.how]
        why = f", as {self.reason}" if self.reason else ""
        return (f"index updated ({how}{why}): {self.n_chunks} chunks ({self.embedded} embedded anew) "
                f"in {self.seconds:.1f} s")


class ReusingEmbedder(Embedder):
    """Answers from vectors already computed for the same text; embeds only the rest."""

    def __init__(self, inner: Embedder, known: dict[str, np.ndarray]):
        self.inner, self.known = inner, known
        self.name, self.batch_size = inner.name, inner.batch_size
        self.embedded = 0  # texts this update had to embed

    @property
    def model(self) -> str:
        return self.inner.model

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            self.known.update(zip(missing, self.inner.embed(missing), strict=True))
        self.embedded += len(missing)
        return np.vstack([self.known[t] for t in texts]).astype(np.float32) if texts else self.inner.embed([])


def previous_vectors(index_dir: Path, bureaus: dict[str, Bureau]) -> tuple[str | None, dict[str, np.ndarray]]:
    """(embedder name, embedded text → vector) of the index in `index_dir`, if it can be read.
    The key is the text each row's vector was made from: the masked text for a row that shared
    its vector, which `bureaus` (the manifest entries of the indexed lists) tell; without an entry
    for every indexed list nothing is re-used, as a shared vector could pass for an own one."""
    from assistant.search.chunk import Chunk
    from assistant.search.index import FILES, IndexProblem, read_params
    from assistant.search.shared_text import embedding_texts
    from assistant.search.store import DEFAULT_STORE, store_class

    try:
        params = read_params(index_dir)
        store = store_class(params.get("store", DEFAULT_STORE)).load(index_dir)
        vectors = store.vectors()
        with open(index_dir / FILES["chunks"], encoding="utf-8") as fh:
            chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
    except (IndexProblem, OSError, ValueError, RuntimeError, KeyError, TypeError):
        return None, {}
    if len(chunks) != len(vectors) or any(c.source not in bureaus for c in chunks):
        return params["embedder"], {}
    return params["embedder"], dict(zip(embedding_texts(chunks, bureaus), vectors, strict=True))


def update_index(corpus_dir: Path, index_dir: Path, embedder_name: str | None = None,
                 indexed: dict[str, Bureau] | None = None, reason: str = "") -> Update:
    """Rebuild the index of `corpus_dir`; `indexed`: manifest entries of the lists the old index
    holds (default: the current manifest's)."""
    from assistant import paths
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.corpus.manifest import load_manifest
    from assistant.resources import parse_cache
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    t0 = time.perf_counter()
    if indexed is None:
        indexed = {b.file: b for b in load_manifest(corpus_dir)}
    previous_name, known = previous_vectors(index_dir, indexed)
    name = embedder_name or previous_name
    inner = get_embedder(name)
    embedder = ReusingEmbedder(inner, known if previous_name == inner.name else {})
    corpus = load_corpus(corpus_dir, parse_cache(index_dir))
    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    index = build_index(corpus, embedder, index_dir, vocab.domain_words)
    return Update("rebuilt", len(index.chunks), embedder.embedded, time.perf_counter() - t0, reason)


def _domain_words() -> tuple[str, ...]:
    from assistant import paths
    from assistant.answer.query import load_vocabulary

    return load_vocabulary(paths.prompts_dir() / "vocabulary.toml").domain_words


def add_to_index(corpus_dir: Path, index_dir: Path, added, before: list[Bureau], before_digest: str) -> Update:
    """Append the parsed list `added` (now in the corpus) to the index, which must be that of
    the corpus `before` (its manifest entries) with digest `before_digest`; else rebuild."""
    from assistant.corpus.load import corpus_digest
    from assistant.search.append import append_lists
    from assistant.search.embed import get_embedder
    from assistant.search.index import IndexProblem, read_params

    t0 = time.perf_counter()
    indexed = {b.file: b for b in before}
    try:
        embedder = get_embedder(read_params(index_dir)["embedder"])
        change = append_lists(index_dir, [added], corpus_digest(corpus_dir), embedder, _domain_words(),
                              bureaus=indexed, expect_digest=before_digest)
    except IndexProblem as exc:
        from assistant.search.index_folder import IndexWriteError

        if isinstance(exc, IndexWriteError):
            raise
        return update_index(corpus_dir, index_dir, indexed=indexed, reason=str(exc).split(" — ")[0])
    return Update("appended", change.n_chunks, change.embedded, time.perf_counter() - t0)


def remove_from_index(corpus_dir: Path, index_dir: Path, removed: str, before: list[Bureau],
                      before_digest: str) -> Update:
    """Drop the list file `removed` (now out of the corpus) from the index, which must be that
    of the corpus `before` with digest `before_digest`; else rebuild."""
    from assistant.corpus.load import corpus_digest
    from assistant.search.append import remove_lists
    from assistant.search.embed import get_embedder
    from assistant.search.index import IndexProblem, read_params

    t0 = time.perf_counter()
    indexed = {b.file: b for b in before}
    try:
        name = read_params(index_dir)["embedder"]
        change = remove_lists(index_dir, [removed], corpus_digest(corpus_dir), indexed, _domain_words(),
                              embedder=lambda: get_embedder(name), expect_digest=before_digest)
    except IndexProblem as exc:
        from assistant.search.index_folder import IndexWriteError

        if isinstance(exc, IndexWriteError):
            raise
        return update_index(corpus_dir, index_dir, indexed=indexed, reason=str(exc).split(" — ")[0])
    return Update("removed", change.n_chunks, change.embedded, time.perf_counter() - t0)
