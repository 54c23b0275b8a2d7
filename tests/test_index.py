"""The index folder: built for real, loaded, and refused when missing, stale or corrupt."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.corpus.load import load_corpus
from assistant.search.index import IndexCorrupt, IndexMissing, IndexStale, check_index, load_index
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


@pytest.fixture
def index_copy(built_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(built_index, target)
    return target


def test_built_index_describes_itself(built_index):
    params = json.loads((built_index / "params.json").read_text(encoding="utf-8"))
    corpus = load_corpus(CORPUS)
    assert params["embedder"] == "use-multilingual" and params["dimension"] == 512
    assert params["corpus_digest"] == corpus.digest
    index = load_index(built_index, corpus.digest)
    assert len(index.chunks) == index.vectors.size == index.bm25.n_docs == params["n_chunks"] == 851
    assert not [p for p in built_index.iterdir() if ".tmp-" in p.name]


def test_chunks_keep_provenance_and_separate_bureaus(resources):
    chunks = resources.index.chunks
    records = {r.id: r for r in resources.corpus.records}
    for c in chunks:
        r = records[c.record_id]
        assert c.source == r.source and c.bureau == r.bureau
        assert r.start_line <= c.start_line <= c.end_line <= r.end_line or r.kind == "boundary_matter"
        assert c.embed_text.startswith(c.bureau_short)
    kinds = {c.kind for c in chunks}
    # generic: the 责任追究机制 preamble of 003 (l.404), which no typed record holds
    assert kinds == {"duty_item", "boundary_entry", "regime_section", "service_item", "penalty_clause", "accountability", "generic"}


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissing, match="assistant build"):
        check_index(tmp_path, "x")


def test_stale_corpus_and_embedder(index_copy, corpus_copy):
    digest = load_corpus(CORPUS).digest
    check_index(index_copy, digest)
    with open(corpus_copy / "001_2320c17b8dd43b94.txt", "a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(IndexStale, match="corpus changed"):
        check_index(index_copy, load_corpus(corpus_copy).digest)
    with pytest.raises(IndexStale, match="sentence-transformers"):
        check_index(index_copy, digest, "sentence-transformers")


def test_editing_the_domain_words_stales_the_index(index_copy):
    from assistant.answer.query import load_vocabulary
    from tests.conftest import ROOT

    digest = load_corpus(CORPUS).digest
    words = load_vocabulary(ROOT / "prompts" / "vocabulary.toml").domain_words
    check_index(index_copy, digest, None, words)
    with pytest.raises(IndexStale, match="domain words"):
        check_index(index_copy, digest, None, (*words, "电梯困人"))


def test_an_index_built_by_another_list_parser_is_stale(index_copy, tmp_path, monkeypatch):
    # chunks name their records by content: records parsed by other rules are not the index's
    from tests.conftest import ROOT

    digest = load_corpus(CORPUS).digest
    check_index(index_copy, digest)
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    with open(prompts / "headers.toml", "a", encoding="utf-8") as fh:
        fh.write("\n# another header rule\n")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", str(prompts))
    with pytest.raises(IndexStale, match="list parser"):
        check_index(index_copy, digest)


def test_corrupt_files(index_copy):
    digest = load_corpus(CORPUS).digest
    vectors = index_copy / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="checksum"):
        check_index(index_copy, digest)
    (index_copy / "params.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="unreadable"):
        check_index(index_copy, digest)


def test_ask_command_rebuilds_a_stale_index_loudly(index_copy, corpus_copy, monkeypatch, capsys):
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_copy))
    with open(corpus_copy / "003_96b6d37a1365f6e3.txt", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert main(["ask", "博山区质量月活动的电话是多少？", "--no-build"]) == 3
    assert "corpus changed" in capsys.readouterr().err
    assert main(["ask", "博山区质量月活动的电话是多少？", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "building it now" in err and "0533-4189440" in json.loads(out)["answer"]


def test_loaded_chunks_are_decoded_on_use_and_equal_the_built_ones(built_index, resources):
    from assistant.search.chunk import StoredChunks, chunk_corpus

    chunks = resources.index.chunks
    assert isinstance(chunks, StoredChunks)
    corpus = load_corpus(CORPUS)
    fresh = chunk_corpus(corpus.records, {pl.bureau.file: pl.bureau for pl in corpus.lists})
    assert [c.to_dict() for c in chunks] == [c.to_dict() for c in fresh]
    assert chunks[-2:] == fresh[-2:]
    # the retriever's per-list rows (from the store's groups) are the chunks' own sources
    store = resources.index.vectors
    for source in {c.source for c in fresh}:
        assert store.rows_of([source]).tolist() == [i for i, c in enumerate(fresh) if c.source == source]


def test_a_chunks_file_that_is_not_ours_is_reported_on_load(built_index, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(built_index, copy)
    lines = (copy / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps({"not": "a chunk"})
    (copy / "chunks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    params = json.loads((copy / "params.json").read_text(encoding="utf-8"))
    from assistant.search.index import _sha256

    for meta in params["files"].values():  # checksums made to match: only the content is foreign
        meta["sha256"] = _sha256(copy / meta["name"])
    (copy / "params.json").write_text(json.dumps(params), encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="cannot read the index"):
        load_index(copy, load_corpus(CORPUS).digest)
