"""Bringing the index up to date after `add` / `remove`: a full rebuild through `build_index`,
re-using the vectors of every chunk whose text is unchanged, so that only the new list's
chunks are embedded."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from assistant.search.embed import Embedder


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


def previous_vectors(index_dir: Path) -> tuple[str | None, dict[str, np.ndarray]]:
    """(embedder name, embed_text → vector) of the index in `index_dir`, if it can be read."""
    from assistant.search.index import FILES, IndexProblem, read_params
    from assistant.search.store import DEFAULT_STORE, store_class

    try:
        params = read_params(index_dir)
        store = store_class(params.get("store", DEFAULT_STORE)).load(index_dir)
        flat = getattr(store, "_index", None)
        if flat is None or not hasattr(flat, "reconstruct_n"):
            return params["embedder"], {}
        vectors = flat.reconstruct_n(0, flat.ntotal)
        with open(index_dir / FILES["chunks"], encoding="utf-8") as fh:
            chunks = [json.loads(line) for line in fh if line.strip()]
    except (IndexProblem, OSError, ValueError, RuntimeError, KeyError):
        return None, {}
    if len(chunks) != len(vectors):
        return params["embedder"], {}
    from assistant.search.chunk import Chunk

    texts = [Chunk.from_dict(c).embed_text for c in chunks]
    return params["embedder"], dict(zip(texts, vectors, strict=True))


def update_index(corpus_dir: Path, index_dir: Path, embedder_name: str | None = None) -> tuple[int, int, float]:
    """Rebuild the index of `corpus_dir`; returns (chunks, texts embedded anew, seconds)."""
    from assistant import paths
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    t0 = time.perf_counter()
    previous_name, known = previous_vectors(index_dir)
    name = embedder_name or previous_name
    inner = get_embedder(name)
    embedder = ReusingEmbedder(inner, known if previous_name == inner.name else {})
    corpus = load_corpus(corpus_dir)
    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    index = build_index(corpus, embedder, index_dir, vocab.domain_words)
    return len(index.chunks), embedder.embedded, time.perf_counter() - t0
