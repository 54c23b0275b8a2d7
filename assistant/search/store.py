"""Vector stores: where chunk vectors live and are searched, behind one small interface.

A store holds one vector per chunk, in chunk order, with the list file (group) each belongs to,
so that limiting a search to some lists happens inside the store. `FaissFlatStore` is exact
inner-product search over normalised vectors (cosine); others register by one line in STORES.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_STORE = "faiss-flat"
_threads_set = False


def _faiss():
    """faiss, with its OpenMP threads set once to ASSISTANT_THREADS (default 1): a one-query
    search on 2 shared cores runs about twice as slow with two threads as with one (measured)."""
    global _threads_set
    import faiss

    if not _threads_set:
        faiss.omp_set_num_threads(int(os.environ.get("ASSISTANT_THREADS", "1")))
        _threads_set = True
    return faiss


class VectorStore(Protocol):
    name: str

    @property
    def size(self) -> int: ...

    def add(self, vectors: np.ndarray, groups: Sequence[str]) -> None:
        """Append vectors (rows, float32, normalised) and the group (list file) of each."""

    @property
    def groups(self) -> np.ndarray:
        """The group (list file) of every row, in row order."""

    def rows_of(self, groups: Sequence[str]) -> np.ndarray:
        """Ascending row ids of the given groups."""

    def search(self, vector: np.ndarray, k: int, groups: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of the k best rows for one query vector, best first; only rows of
        `groups` when given. Fewer than k when fewer rows qualify."""

    def save(self, folder: Path) -> list[str]:
        """Write the store into `folder`; the names of the files written."""


class FaissFlatStore:
    name = "faiss-flat"
    files = ("vectors.faiss", "vector_groups.npy")

    def __init__(self, dimension: int, index=None, groups: np.ndarray | None = None):
        faiss = _faiss()

        self.dimension = dimension
        self._index = index if index is not None else faiss.IndexFlatIP(dimension)
        self._groups = groups if groups is not None else np.zeros(0, dtype=str)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray, groups: Sequence[str]) -> None:
        if len(vectors) != len(groups):
            raise ValueError(f"{len(vectors)} vectors but {len(groups)} groups")
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._groups = np.concatenate([self._groups, np.asarray(groups, dtype=str)])

    def search(self, vector: np.ndarray, k: int, groups: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()

        query = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        params = None
        if groups:
            allowed = self.rows_of(groups)
            if not len(allowed):
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            lo, hi = int(allowed[0]), int(allowed[-1]) + 1
            # one list's rows are one range: a range test per row instead of a hash lookup
            sel = faiss.IDSelectorRange(lo, hi) if hi - lo == len(allowed) else faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParameters(sel=sel)
            k = min(k, len(allowed))
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, ids = self._index.search(query, k, params=params)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]

    @property
    def groups(self) -> np.ndarray:
        """The group (list file) of every row, in row order."""
        return self._groups

    def vectors(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Every row's vector, or those of `rows` (decoded, for a quantised store)."""
        if rows is None:
            return self._index.reconstruct_n(0, self.size)
        rows = np.ascontiguousarray(rows, dtype=np.int64)
        return self._index.reconstruct_batch(rows) if len(rows) else np.zeros((0, self.dimension), np.float32)

    def rows_of(self, groups: Sequence[str]) -> np.ndarray:
        """Ascending row ids of the given groups (the group → rows table is built on first use)."""
        if getattr(self, "_rows", None) is None or self._rows_size != len(self._groups):
            names, inverse = np.unique(self._groups, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.searchsorted(inverse[order], np.arange(len(names) + 1))
            self._rows = {str(g): order[bounds[i] : bounds[i + 1]].astype(np.int64) for i, g in enumerate(names)}
            self._rows_size = len(self._groups)
        parts = [self._rows[g] for g in dict.fromkeys(groups) if g in self._rows]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    def save(self, folder: Path) -> list[str]:
        faiss = _faiss()

        faiss.write_index(self._index, str(folder / self.files[0]))
        with open(folder / self.files[1], "wb") as fh:
            np.save(fh, self._groups, allow_pickle=False)
        return list(self.files)

    @classmethod
    def load(cls, folder: Path) -> "FaissFlatStore":
        faiss = _faiss()

        index = faiss.read_index(str(folder / cls.files[0]))
        groups = np.load(folder / cls.files[1], allow_pickle=False)
        if len(groups) != index.ntotal:
            raise ValueError(f"{index.ntotal} vectors but {len(groups)} group labels")
        return cls(index.d, index, groups)


class FaissSQ8Store(FaissFlatStore):
    """Vectors quantised to 8 bits per dimension (a quarter of flat's memory and disk), scanned
    in full like flat; trained on the first vectors added."""

    name = "faiss-sq8"

    def __init__(self, dimension: int, index=None, groups: np.ndarray | None = None):
        faiss = _faiss()

        index = index if index is not None else faiss.IndexScalarQuantizer(
            dimension, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        super().__init__(dimension, index, groups)

    def add(self, vectors: np.ndarray, groups: Sequence[str]) -> None:
        if not self._index.is_trained:
            self._index.train(np.ascontiguousarray(vectors, dtype=np.float32))
        super().add(vectors, groups)


class FaissHNSWStore(FaissFlatStore):
    """A navigable small-world graph over the vectors: sub-linear search over all lists, at the
    cost of some recall; a search limited to some lists scans their rows exactly."""

    name = "faiss-hnsw"
    ef_search = 128

    def __init__(self, dimension: int, index=None, groups: np.ndarray | None = None):
        faiss = _faiss()

        index = index if index is not None else faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        super().__init__(dimension, index, groups)

    def search(self, vector: np.ndarray, k: int, groups: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()

        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if groups:
            rows = self.rows_of(groups)
            if not len(rows):
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            sims = np.array([self._index.storage.reconstruct(int(r)) for r in rows]) @ query
            order = np.argsort(-sims, kind="stable")[: min(k, len(rows))]
            return rows[order], sims[order].astype(np.float32)
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, min(k, 4096)))
        scores, ids = self._index.search(np.ascontiguousarray(query.reshape(1, -1)), min(k, 4096), params=params)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]


STORES = {
    "faiss-flat": "assistant.search.store:FaissFlatStore",
    "faiss-sq8": "assistant.search.store:FaissSQ8Store",
    "faiss-hnsw": "assistant.search.store:FaissHNSWStore",
}


SQ8_FROM_CHUNKS = 100_000


def store_for_size(n_chunks: int) -> str:
    """The store chosen by measurement for an index of this many chunks (docs/scaling.md): exact
    flat search below 100k chunks; above, 8-bit vectors (a quarter of the memory and disk, a
    full scan twice as fast, 99.6% of flat's dense top 10 at 170k chunks, the same gold recall).
    HNSW is registered for comparison only: on lists that share most of their text it finds a
    third of flat's top 10."""
    return "faiss-sq8" if n_chunks >= SQ8_FROM_CHUNKS else DEFAULT_STORE


def store_class(name: str | None = None):
    name = name or DEFAULT_STORE
    if name not in STORES:
        raise ValueError(f"unknown vector store {name!r}; choose one of: {', '.join(STORES)}")
    module, cls = STORES[name].split(":")
    return getattr(importlib.import_module(module), cls)
