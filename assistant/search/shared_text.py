"""Embedding chunks, once per text that several lists share.

County bureaus of one province publish near-identical lists: the same duty, boundary and
regime texts with only their own place and bureau names changed. A chunk whose text, with its
own bureau's names masked, occurs in more than one list is embedded once, masked, and the
vector is shared by all of them; every other chunk is embedded exactly as before (header and
text). Retrieval limits a question to the bureaus it names and BM25 carries the names, so the
shared vector loses nothing that the filter does not already give (measured: docs/scaling.md).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

import numpy as np

from assistant.corpus.manifest import Bureau
from assistant.search.chunk import Chunk
from assistant.search.embed import Embedder

MASK = "〇"


def _names_pattern(bureau: Bureau) -> re.Pattern | None:
    names = {n for n in (*bureau.names, bureau.province, bureau.city) if n}
    names |= {re.sub(r"(省|市|县|区)$", "", n) for n in names}
    names = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def masked_texts(chunks: list[Chunk], bureaus: dict[str, Bureau]) -> list[str]:
    """Each chunk's embedding text with its own bureau's place and bureau names masked."""
    patterns = {f: _names_pattern(b) for f, b in bureaus.items()}
    out = []
    for c in chunks:
        p = patterns.get(c.source)
        out.append(p.sub(MASK, c.embed_text) if p else c.embed_text)
    return out


def embedding_texts(chunks: list[Chunk], bureaus: dict[str, Bureau]) -> list[str]:
    """The text embedded for each chunk: the masked text when it occurs in several lists,
    else the chunk's own embedding text."""
    masked = masked_texts(chunks, bureaus)
    lists_of: dict[str, set[str]] = {}
    for c, m in zip(chunks, masked, strict=False):
        lists_of.setdefault(m, set()).add(c.source)
    return [m if len(lists_of[m]) > 1 else c.embed_text for c, m in zip(chunks, masked, strict=False)]


def embed_texts(texts: list[str], embedder: Embedder, progress: bool = False, step: int = 64) -> np.ndarray:
    """Vectors of `texts` in order, each distinct text embedded once (progress bar on stderr)."""
    from tqdm import tqdm

    distinct = list(dict.fromkeys(texts))
    parts = []
    with tqdm(total=len(distinct), desc="embedding chunks", unit="chunk", disable=not progress, file=sys.stderr) as bar:
        for i in range(0, len(distinct), step):
            parts.append(embedder.embed(distinct[i : i + step]))
            bar.update(len(parts[-1]))
    if not parts:
        return embedder.embed([])
    vectors = np.vstack(parts)
    row = {t: i for i, t in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]


def embed_chunks(chunks: list[Chunk], bureaus: dict[str, Bureau], embedder: Embedder,
                 progress: bool = False) -> np.ndarray:
    """One normalised vector per chunk, in chunk order."""
    return embed_texts(embedding_texts(chunks, bureaus), embedder, progress)


def shared_count(texts: Iterable[str], chunks: list[Chunk]) -> int:
    """How many chunks get a shared (masked) vector."""
    return sum(1 for t, c in zip(texts, chunks, strict=False) if t != c.embed_text)
