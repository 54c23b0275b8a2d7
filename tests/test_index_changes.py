"""Adding and removing a list changes the index in place (append / drop rows) and the result is
what a full build of the changed corpus gives: the same chunks in the same order, the same BM25
statistics and scores, the same vectors (shared-text vectors switching both ways), the same hits."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.query import Query, load_vocabulary
from assistant.corpus.load import corpus_digest, load_corpus
from assistant.corpus.manifest import load_manifest
from assistant.evaluation.synthetic import generate
from assistant.search.embed import get_embedder
from assistant.search.index import build_index, load_index
from assistant.search.lexical import tokenize
from assistant.search.retrieve import HybridRetriever

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "tests" / "fixtures" / "lists"
QUESTIONS = ["计量器具强制检定归哪个科室", "特种设备安全监察", "商品条码服务电话是多少", "危险化学品运输车辆的安全归哪个部门管",
             "食品生产许可"]



def test_bm25_postings_after_an_append_or_a_removal_are_those_of_a_build():
    from assistant.search.append import _bm25_with, _bm25_without
    from assistant.search.lexical import BM25

    docs = [["计量", "检定", "#计量"], ["特种设备", "检定"], ["电梯", "特种设备", "特种设备"], ["计量", "电梯", "12315"],
            ["商品条码"], ["计量", "商品条码", "检定", "检定"]]
    built = BM25.build(docs).to_arrays()
    appended = _bm25_with(BM25.build(docs[:3]).to_arrays(), docs[3:])
    assert set(appended) == set(built)
    for key in built:
        assert np.array_equal(appended[key], built[key]), key
    keep = np.array([True, False, True, False, True, True])
    without = BM25.from_arrays(_bm25_without(built, keep))
    alone = BM25.build([d for d, k in zip(docs, keep, strict=True) if k])
    assert set(without.vocab) == set(alone.vocab) and "12315" not in without.vocab
    for term in alone.vocab:
        t, u = without.vocab[term], alone.vocab[term]
        assert np.array_equal(without.postings_docs[t], alone.postings_docs[u])
        assert np.array_equal(without.postings_tf[t], alone.postings_tf[u])
    assert np.array_equal(without.doc_len, alone.doc_len)


def vocab_words():
    return load_vocabulary(ROOT / "prompts" / "vocabulary.toml").domain_words


def assert_same_index(changed, built, embedder) -> None:
    assert [c.id for c in changed.chunks] == [c.id for c in built.chunks]
    assert changed.bm25.n_docs == built.bm25.n_docs
    assert set(changed.bm25.vocab) == set(built.bm25.vocab)
    assert float(changed.bm25.doc_len.mean()) == pytest.approx(float(built.bm25.doc_len.mean()))
    for term in ("计量", "#检定", "特种设备", "#电话"):
        assert changed.bm25.df(term) == built.bm25.df(term) and changed.bm25.idf(term) == built.bm25.idf(term)
    for q in QUESTIONS:
        assert np.allclose(changed.bm25.scores(tokenize(q)), built.bm25.scores(tokenize(q)), rtol=1e-6)
    assert np.allclose(changed.vectors.vectors(), built.vectors.vectors(), atol=1e-5)
    assert list(changed.vectors.groups) == list(built.vectors.groups)
    ours, theirs = HybridRetriever(changed, embedder), HybridRetriever(built, embedder)
    sources = sorted({c.source for c in built.chunks})
    for q in QUESTIONS:
        for bureaus in ([], sources[-1:], sources[:2]):
            query = Query(q, q, list(bureaus))
            a, b = ours.search(query, 10), theirs.search(query, 10)
            assert [h.chunk.id for h in a] == [h.chunk.id for h in b]
            assert [h.score for h in a] == pytest.approx([h.score for h in b])


@pytest.mark.slow
def test_add_appends_and_remove_drops_rows_as_a_full_build_would(corpus_copy, built_index, tmp_path, monkeypatch, capsys):
    from assistant.cli import main

    index_dir = tmp_path / "index"
    shutil.copytree(built_index, index_dir)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    embedder, words = get_embedder(), vocab_words()
    before = load_index(index_dir, load_corpus(corpus_copy).digest)

    assert main(["add", str(LISTS / "qinghe_2019.md")]) == 0
    assert "index updated (the list's chunks appended): 896 chunks (45 embedded anew)" in capsys.readouterr().out
    corpus = load_corpus(corpus_copy)
    appended = load_index(index_dir, corpus.digest, embedder.name, words)
    # the five lists' rows are untouched: same vectors, bit for bit
    assert np.array_equal(appended.vectors.vectors()[: before.vectors.size], before.vectors.vectors())
    assert_same_index(appended, build_index(corpus, embedder, tmp_path / "fresh6", words), embedder)

    # a list in the middle: the rows after it move up
    assert main(["remove", "定安县"]) == 0
    assert "index updated (the list's chunks removed): 699 chunks (0 embedded anew)" in capsys.readouterr().out
    corpus = load_corpus(corpus_copy)
    removed = load_index(index_dir, corpus.digest, embedder.name, words)
    assert "002_0b6741967b43ba95.txt" not in {c.source for c in removed.chunks}
    assert_same_index(removed, build_index(corpus, embedder, tmp_path / "fresh5", words), embedder)


@pytest.mark.slow
def test_a_stale_index_is_rebuilt_not_appended_to(corpus_copy, built_index, tmp_path, monkeypatch, capsys):
    from assistant.cli import main

    index_dir = tmp_path / "index"
    shutil.copytree(built_index, index_dir)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    assert main(["add", str(LISTS / "wanglan.xlsx"), "--no-index"]) == 0
    capsys.readouterr()
    # the index lacks wanglan.xlsx: appending qinghe to it would leave wanglan out
    assert main(["add", str(LISTS / "qinghe_2019.md")]) == 0
    out = capsys.readouterr().out
    assert "index updated (rebuilt, as the index is not that of the corpus as it was before this change)" in out
    assert "(84 embedded anew)" in out  # wanglan's 39 chunks and qinghe's 45; the five lists' re-used
    corpus = load_corpus(corpus_copy)
    index = load_index(index_dir, corpus.digest)
    assert {c.source for c in index.chunks} == {pl.bureau.file for pl in corpus.lists}


def copies_of_one_list(tmp_path: Path, n: int) -> Path:
    """n synthetic copies of the smallest real list: their texts, names masked, are shared."""
    one = tmp_path / "one"
    one.mkdir()
    text = (ROOT / "corpus" / "manifest.toml").read_text(encoding="utf-8")
    entry = next(e for e in text.split("[[list]]")[1:] if "003_96b6d37a1365f6e3.txt" in e)
    (one / "manifest.toml").write_text("[[list]]" + entry, encoding="utf-8")
    shutil.copyfile(ROOT / "corpus" / "003_96b6d37a1365f6e3.txt", one / "003_96b6d37a1365f6e3.txt")
    folder = tmp_path / f"copies{n}"
    generate(one, folder, n)
    return folder


def first_lists(folder: Path, target: Path, n: int) -> Path:
    target.mkdir()
    entries = (folder / "manifest.toml").read_text(encoding="utf-8").split("[[list]]")
    (target / "manifest.toml").write_text("[[list]]".join(entries[: n + 1]), encoding="utf-8")
    for b in load_manifest(target):
        shutil.copyfile(folder / b.file, target / b.file)
    return target


@pytest.mark.slow
def test_a_third_copy_makes_texts_shared_and_removing_it_unshares_them(tmp_path):
    from assistant.search.append import append_lists, remove_lists

    embedder, words = get_embedder(), vocab_words()
    three = copies_of_one_list(tmp_path, 3)
    two = first_lists(three, tmp_path / "two", 2)
    index_dir = tmp_path / "index"
    built_two = build_index(load_corpus(two), embedder, index_dir, words)
    corpus = load_corpus(three)
    bureaus = {b.file: b for b in load_manifest(three)}
    change = append_lists(index_dir, corpus.lists[-1:], corpus.digest, embedder, words,
                          bureaus={f: b for f, b in bureaus.items() if f != corpus.lists[-1].bureau.file},
                          expect_digest=corpus_digest(two))
    # with two copies every chunk has its own vector; the third brings most texts to three lists
    fresh = build_index(corpus, embedder, tmp_path / "fresh3", words)
    assert change.added == sum(1 for c in fresh.chunks if c.source == corpus.lists[-1].bureau.file)
    assert change.revectored > 100
    switched = change.revectored
    appended = load_index(index_dir, corpus.digest, embedder.name, words)
    assert_same_index(appended, fresh, embedder)

    change = remove_lists(index_dir, [corpus.lists[-1].bureau.file], corpus_digest(two), bureaus, words,
                          embedder=embedder, expect_digest=corpus.digest)
    assert change.revectored == switched  # the same copies get their own vectors back
    removed = load_index(index_dir, corpus_digest(two), embedder.name, words)
    assert_same_index(removed, built_two, embedder)


@pytest.mark.slow
def test_an_index_of_another_corpus_is_refused_before_anything_is_written(tmp_path):
    from assistant.search.append import append_lists
    from assistant.search.index import IndexStale

    embedder, words = get_embedder(), vocab_words()
    three = copies_of_one_list(tmp_path, 3)
    two = first_lists(three, tmp_path / "two", 2)
    index_dir = tmp_path / "index"
    build_index(load_corpus(two), embedder, index_dir, words)
    files = sorted(p.name for p in index_dir.iterdir())
    params = (index_dir / "params.json").read_bytes()
    corpus = load_corpus(three)
    with pytest.raises(IndexStale):
        append_lists(index_dir, corpus.lists[-1:], corpus.digest, embedder, words,
                     bureaus={b.file: b for b in load_manifest(two)}, expect_digest="0" * 64)
    assert sorted(p.name for p in index_dir.iterdir()) == files and (index_dir / "params.json").read_bytes() == params
