"""Vector stores: where chunk vectors live and are searched, behind one small interface.

A store holds one vector per chunk, in chunk order, with the list file (group) each belongs to,
so that limiting a search to some lists happens inside the store. `FaissFlatStore` is exact
inner-product search over normalised vectors (cosine); others register by one line in STORES.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_STORE = "faiss-flat"


class VectorStore(Protocol):
    name: str

    @property
    def size(self) -> int: ...

    def add(self, vectors: np.ndarray, groups: Sequence[str]) -> None:
        """Append vectors (rows, float32, normalised) and the group (list file) of each."""

    def search(self, vector: np.ndarray, k: int, groups: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of the k best rows for one query vector, best first; only rows of
        `groups` when given. Fewer than k when fewer rows qualify."""

    def save(self, folder: Path) -> list[str]:
        """Write the store into `folder`; the names of the files written."""


class FaissFlatStore:
    name = "faiss-flat"
    files = ("vectors.faiss", "vector_groups.npy")

    def __init__(self, dimension: int, index=None, groups: np.ndarray | None = None):
        import faiss

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
        import faiss

        query = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        params = None
        if groups:
            allowed = np.flatnonzero(np.isin(self._groups, list(groups))).astype(np.int64)
            if not len(allowed):
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
            k = min(k, len(allowed))
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, ids = self._index.search(query, k, params=params)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]

    def save(self, folder: Path) -> list[str]:
        import faiss

        faiss.write_index(self._index, str(folder / self.files[0]))
        with open(folder / self.files[1], "wb") as fh:
            np.save(fh, self._groups, allow_pickle=False)
        return list(self.files)

    @classmethod
    def load(cls, folder: Path) -> "FaissFlatStore":
        import faiss

        index = faiss.read_index(str(folder / cls.files[0]))
        groups = np.load(folder / cls.files[1], allow_pickle=False)
        if len(groups) != index.ntotal:
            raise ValueError(f"{index.ntotal} vectors but {len(groups)} group labels")
        return cls(index.d, index, groups)


STORES = {
    "faiss-flat": "assistant.search.store:FaissFlatStore",
}


def store_class(name: str | None = None):
    name = name or DEFAULT_STORE
    if name not in STORES:
        raise ValueError(f"unknown vector store {name!r}; choose one of: {', '.join(STORES)}")
    module, cls = STORES[name].split(":")
    return getattr(importlib.import_module(module), cls)
