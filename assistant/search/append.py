"""Adding lists to a built index, or taking them out, without rebuilding the others.

`append_lists` embeds the new lists' chunks and appends them to the vector store, their tokens
to the BM25 postings and their lines to chunks.jsonl; `remove_lists` drops a list's rows from
all three. Either holds the folder's build lock and swaps a complete new folder in
(index_folder), so a crash leaves the old index or the new one, never a mix; params.json takes
the new corpus digest and checksums.

The result equals a full build of the changed corpus:
* chunk order: a full build follows the manifest, where an added list comes last and a removed
  one leaves a gap that closes up;
* BM25: IDF and the average length are computed from the postings and lengths when a question
  is scored, never stored, so they are those of the whole changed corpus;
* vectors: a chunk whose masked text occurs in MIN_LISTS lists or more shares one vector
  (shared_text). Adding a list can bring a text to MIN_LISTS lists (the older copies switch to
  the shared vector); removing one can take it below (the remaining copies are embedded on their
  own again). Only those chunks and the new list's are embedded; every other vector is kept.

What stays as it was built: the kind of vector store (a full build picks it by size), and for the
8-bit store a removal re-quantises the kept vectors (within one quantisation step).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.corpus.load import ParsedList
from assistant.corpus.manifest import Bureau
from assistant.search.chunk import Chunk, chunk_corpus
from assistant.search.embed import Embedder
from assistant.search.index import (
    FILES,
    FORMAT_VERSION,
    IndexProblem,
    IndexStale,
    _atomic_write,
    _sha256,
    _write_store,
    check_built_with,
    read_params,
)
from assistant.search.lexical import BM25, add_words, tokenize
from assistant.search.shared_text import MIN_LISTS, embed_texts, masked_texts
from assistant.search.store import DEFAULT_STORE, store_class


@dataclass
class Change:
    """What an append or a removal did: chunks added and removed, texts embedded, older chunks
    whose vector changed because a text became (or stopped being) shared, seconds."""

    added: int = 0
    removed: int = 0
    embedded: int = 0
    revectored: int = 0
    seconds: float = 0.0
    n_chunks: int = 0


def append_lists(index_dir: Path, lists: list[ParsedList], digest: str, embedder: Embedder, domain_words=(),
                 bureaus: dict[str, Bureau] | None = None, expect_digest: str | None = None) -> Change:
    """Append the chunks of `lists` (parsed, not yet in the index) to the index in `index_dir`.
    `digest`: the digest of the corpus that now includes them; `bureaus`: the manifest entries of
    the lists already indexed (to tell which texts become shared; required when the index holds
    any); `expect_digest`: the digest the index must have now, else IndexStale (nothing written)."""
    from assistant.search.index_folder import write_errors, writing

    with writing(index_dir) as staging, write_errors(index_dir):
        return _append_into(index_dir, staging, lists, digest, embedder, domain_words, bureaus or {}, expect_digest)


def remove_lists(index_dir: Path, files: list[str], digest: str, bureaus: dict[str, Bureau], domain_words=(),
                 embedder=None, expect_digest: str | None = None) -> Change:
    """Take the chunks of the lists `files` out of the index in `index_dir`. `bureaus`: the
    manifest entries of every indexed list, the removed ones included; `embedder`: an Embedder,
    or a function that makes one, called only if some text stops being shared."""
    from assistant.search.index_folder import write_errors, writing

    with writing(index_dir) as staging, write_errors(index_dir):
        return _remove_into(index_dir, staging, set(files), digest, bureaus, domain_words, embedder, expect_digest)


@dataclass
class _Parts:
    params: dict
    store: object
    chunks: list[Chunk]
    lines: list[str]  # chunks.jsonl as written, one line per chunk
    bm25: dict[str, np.ndarray]  # BM25 state as stored (BM25.to_arrays): changed without unpacking it


def _load(index_dir: Path, embedder_name: str | None, domain_words, expect_digest: str | None) -> _Parts:
    params = read_params(index_dir)
    if params.get("format_version") != FORMAT_VERSION:
        raise IndexStale(f"index format {params.get('format_version')} is not the current {FORMAT_VERSION}")
    if expect_digest is not None and params["corpus_digest"] != expect_digest:
        raise IndexStale("the index is not that of the corpus as it was before this change")
    check_built_with(params, embedder_name, tuple(domain_words))
    store = store_class(params.get("store", DEFAULT_STORE)).load(index_dir)
    with open(index_dir / FILES["chunks"], encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    chunks = [Chunk.from_dict(json.loads(line)) for line in lines]
    with np.load(index_dir / FILES["bm25"], allow_pickle=False) as arrays:
        bm25 = {k: arrays[k] for k in arrays.files}
    if not (len(chunks) == store.size == len(bm25["doc_len"])):
        raise IndexProblem(f"index parts disagree: {len(chunks)} chunks, {store.size} vectors, "
                           f"{len(bm25['doc_len'])} BM25 docs")
    return _Parts(params, store, chunks, lines, bm25)


def _lists_of(masked: list[str], chunks: list[Chunk]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m, c in zip(masked, chunks, strict=True):
        out.setdefault(m, set()).add(c.source)
    return out


def _check_bureaus(chunks: list[Chunk], bureaus: dict[str, Bureau]) -> None:
    missing = sorted({c.source for c in chunks} - set(bureaus))
    if missing:
        raise IndexStale(f"no manifest entry for the indexed list(s) {', '.join(missing[:3])}")


def _append_into(index_dir: Path, staging: Path, lists: list[ParsedList], digest: str, embedder: Embedder,
                 domain_words, bureaus: dict[str, Bureau], expect_digest: str | None) -> Change:
    t0 = time.perf_counter()
    old = _load(index_dir, embedder.name, domain_words, expect_digest)
    known = set(np.unique(old.store.groups).tolist())
    again = [pl.bureau.file for pl in lists if pl.bureau.file in known]
    if again:
        raise IndexProblem(f"already in the index: {', '.join(again)}; changing a list needs a full build")
    _check_bureaus(old.chunks, bureaus)
    every = {**bureaus, **{pl.bureau.file: pl.bureau for pl in lists}}
    chunks = chunk_corpus([r for pl in lists for r in pl.records], every)

    old_masked = masked_texts(old.chunks, every)
    new_masked = masked_texts(chunks, every)
    before = _lists_of(old_masked, old.chunks)
    added = _lists_of(new_masked, chunks)
    after = {m: len(before.get(m, set()) | lists) for m, lists in added.items()}  # lists holding each new text
    shared_row = {}  # masked text of the new lists already shared → a row holding its vector
    for i, m in enumerate(old_masked):
        if m in added and len(before[m]) >= MIN_LISTS:
            shared_row.setdefault(m, i)
    texts = [m if after[m] >= MIN_LISTS else c.embed_text for c, m in zip(chunks, new_masked, strict=True)]
    # older copies of a text that the new lists bring to MIN_LISTS lists take the shared vector
    switched = [i for i, m in enumerate(old_masked) if m in added and len(before[m]) < MIN_LISTS <= after[m]]
    to_embed = [t for t in dict.fromkeys([*texts, *(old_masked[i] for i in switched)]) if t not in shared_row]
    fresh = dict(zip(to_embed, embed_texts(to_embed, embedder), strict=True)) if to_embed else {}
    rows = sorted({shared_row[t] for t in texts if t not in fresh})
    kept = dict(zip(rows, old.store.vectors(np.array(rows, dtype=np.int64)), strict=True))  # decode these rows only

    def vector(text: str) -> np.ndarray:
        return fresh[text] if text in fresh else kept[shared_row[text]]

    store = old.store
    if switched:
        replaced = old.store.vectors().copy()
        for i in switched:
            replaced[i] = fresh[old_masked[i]]
        store = type(old.store)(replaced.shape[1])
        store.add(replaced, old.store.groups)
    bm25 = old.bm25
    if chunks:
        store.add(np.vstack([vector(t) for t in texts]).astype(np.float32), [c.source for c in chunks])
        add_words(domain_words)
        bm25 = _bm25_with(old.bm25, [tokenize(f"{c.section} {c.text}") for c in chunks])
    lines = old.lines + [json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks]
    change = Change(added=len(chunks), embedded=len(to_embed), revectored=len(switched), n_chunks=len(lines))
    _write(staging, old.params, store, lines, bm25, digest, change, t0)
    return change


def _remove_into(index_dir: Path, staging: Path, files: set[str], digest: str, bureaus: dict[str, Bureau],
                 domain_words, embedder, expect_digest: str | None) -> Change:
    t0 = time.perf_counter()
    old = _load(index_dir, None, domain_words, expect_digest)
    _check_bureaus(old.chunks, bureaus)
    keep = np.array([c.source not in files for c in old.chunks], dtype=bool)
    masked = masked_texts(old.chunks, bureaus)
    before = _lists_of(masked, old.chunks)
    after: dict[str, set[str]] = {m: s - files for m, s in before.items()}
    # kept copies of a text that drops below MIN_LISTS lists get their own vector again
    own = [i for i, m in enumerate(masked) if keep[i] and len(before[m]) >= MIN_LISTS > len(after[m])]
    vectors = old.store.vectors()
    embedded = 0
    if own:
        if embedder is not None and not isinstance(embedder, Embedder):
            embedder = embedder()
        if embedder is None or embedder.name != old.params["embedder"]:
            raise IndexStale(f"removing needs the index's embedder {old.params['embedder']!r}")
        texts = [old.chunks[i].embed_text for i in own]
        embedded = len(dict.fromkeys(texts))
        vectors = vectors.copy()
        vectors[own] = embed_texts(texts, embedder)
    store = type(old.store)(vectors.shape[1])
    store.add(vectors[keep], old.store.groups[keep])
    bm25 = _bm25_without(old.bm25, keep)
    lines = [line for line, k in zip(old.lines, keep, strict=True) if k]
    change = Change(removed=int((~keep).sum()), embedded=embedded, revectored=len(own), n_chunks=len(lines))
    _write(staging, old.params, store, lines, bm25, digest, change, t0)
    return change


def _bm25_with(a: dict[str, np.ndarray], docs: list[list[str]]) -> dict[str, np.ndarray]:
    """The stored BM25 state with `docs` added after the last doc: the postings a build over all
    docs gives (each term's list grows at its end, new terms come last in order of first use)."""
    k1, b = (float(x) for x in a["params"])
    new = BM25.build(docs, k1, b).to_arrays()
    start = np.int32(len(a["doc_len"]))
    terms, indptr = a["terms"], a["indptr"]
    known = {t: i for i, t in enumerate(terms.tolist())}
    new_terms = new["terms"].tolist()
    old_of = [known.get(t, -1) for t in new_terms]
    # copy the old postings in pieces, each term that gains postings followed by its new ones
    order = sorted((t, k) for k, t in enumerate(old_of) if t >= 0)
    docs_parts, tf_parts, lengths = [], [], np.diff(indptr).astype(np.int64)
    cut = 0
    for t, k in order:
        end = int(indptr[t + 1])
        lo, hi = int(new["indptr"][k]), int(new["indptr"][k + 1])
        docs_parts += [a["docs"][cut:end], new["docs"][lo:hi] + start]
        tf_parts += [a["tf"][cut:end], new["tf"][lo:hi]]
        lengths[t] += hi - lo
        cut = end
    docs_parts.append(a["docs"][cut:])
    tf_parts.append(a["tf"][cut:])
    fresh = [k for k, t in enumerate(old_of) if t < 0]
    for k in fresh:
        lo, hi = int(new["indptr"][k]), int(new["indptr"][k + 1])
        docs_parts.append(new["docs"][lo:hi] + start)
        tf_parts.append(new["tf"][lo:hi])
    lengths = np.concatenate([lengths, np.diff(new["indptr"])[fresh].astype(np.int64)])
    return {
        "terms": np.concatenate([terms, np.array([new_terms[k] for k in fresh], dtype=str)]),
        "indptr": np.concatenate([[0], np.cumsum(lengths)]),
        "docs": np.concatenate(docs_parts).astype(np.int32),
        "tf": np.concatenate(tf_parts).astype(np.float32),
        "doc_len": np.concatenate([a["doc_len"], new["doc_len"]]).astype(np.float32), "params": a["params"],
    }


def _bm25_without(a: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    """The stored BM25 state of the docs `keep` marks, renumbered in order: what building over
    those docs alone gives (terms found only in the dropped docs go)."""
    lengths = np.diff(a["indptr"])
    term_of = np.repeat(np.arange(len(lengths)), lengths)
    docs = a["docs"].astype(np.int64)
    kept = keep[docs]
    new_id = np.cumsum(keep) - 1
    counts = np.bincount(term_of[kept], minlength=len(lengths))
    alive = counts > 0
    return {
        "terms": a["terms"][alive],
        "indptr": np.concatenate([[0], np.cumsum(counts[alive])]),
        "docs": new_id[docs[kept]].astype(np.int32),
        "tf": a["tf"][kept],
        "doc_len": a["doc_len"][keep],
        "params": a["params"],
    }


def _write(staging: Path, params: dict, store, lines: list[str], bm25: dict[str, np.ndarray], digest: str, change: Change,
           t0: float) -> None:
    if not lines:
        raise IndexProblem("the index would hold no chunks; a corpus cannot be empty")
    store_files = _write_store(store, staging)
    _atomic_write(staging / FILES["chunks"], lambda p: p.write_text("".join(lines), encoding="utf-8"))

    def write_bm25(p: Path) -> None:
        with open(p, "wb") as fh:
            np.savez(fh, **bm25)

    _atomic_write(staging / FILES["bm25"], write_bm25)
    files = {k: {"name": FILES[k], "sha256": _sha256(staging / FILES[k])} for k in FILES}
    files.update({f"store:{name}": {"name": name, "sha256": _sha256(staging / name)} for name in store_files})
    change.seconds = round(time.perf_counter() - t0, 2)
    params = {**params, "corpus_digest": digest, "n_chunks": len(lines), "files": files,
              "changed_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
              "last_change": {"added": change.added, "removed": change.removed, "embedded": change.embedded,
                              "revectored": change.revectored, "seconds": change.seconds}}
    params.pop("appended_at", None)
    params.pop("append_seconds", None)
    _atomic_write(staging / "params.json",
                  lambda p: p.write_text(json.dumps(params, ensure_ascii=False, indent=2), encoding="utf-8"))
