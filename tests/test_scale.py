"""The synthetic scale corpus and the parts that keep search fast on many lists: the generator
is deterministic and fictional, a small synthetic corpus answers mapped gold questions from the
right copy, the bureau-limited search ranks exactly like the masked search, every store agrees
with flat, and appending a list equals building with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus.manifest import load_manifest
from assistant.evaluation.synthetic import REAL_PROVINCES, generate, map_gold, real_names

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-)?(?:1\d{10}|\d{7,8})(?!\d)")
N = 20


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    return folder, generate(CORPUS, folder, N)


@pytest.fixture(scope="module")
def scale_answerer(synthetic, tmp_path_factory):
    from assistant.answer.pipeline import Answerer
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.resources import load_resources
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    folder, _ = synthetic
    index_dir = tmp_path_factory.mktemp("synthetic-index")
    vocab = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
    build_index(load_corpus(folder), get_embedder(), index_dir, vocab.domain_words)
    return Answerer(load_resources(folder, index_dir))


def test_the_generator_is_deterministic(synthetic, tmp_path):
    folder, _ = synthetic
    again = tmp_path / "again"
    generate(CORPUS, again, N)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in again.iterdir())
    assert all((folder / p.name).read_bytes() == p.read_bytes() for p in again.iterdir())


def test_the_generator_never_writes_into_the_source_folder():
    with pytest.raises(ValueError):
        generate(CORPUS, CORPUS, 5)


def test_every_place_and_bureau_is_fictional_and_distinct(synthetic):
    folder, copies = synthetic
    real = real_names(load_manifest(CORPUS)) | set(REAL_PROVINCES)
    entries = load_manifest(folder)
    assert len(entries) == N and len({b.bureau for b in entries}) == N
    for b in entries:
        for name in (b.bureau, b.short_name, b.province, b.city, *b.aliases):
            if name:
                assert not any(r in name for r in real if len(r) >= 2), name
    # no two copies answer to the same name
    names = [n for b in entries for n in {b.short_name, *b.aliases}]
    assert len(names) == len(set(names))


def test_a_copy_keeps_every_line_and_rewrites_names_and_phones(synthetic):
    folder, copies = synthetic
    for c in copies:
        original = (CORPUS / c.original.file).read_text(encoding="utf-8").splitlines()
        copy = (folder / c.bureau.file).read_text(encoding="utf-8").splitlines()
        assert len(copy) == len(original)
        text = "\n".join(copy)
        for name in (c.original.bureau, c.original.short_name, c.original.city, c.original.province):
            if name:
                assert name not in text and name not in c.bureau.names
        for a, b in zip(original, copy, strict=False):
            old, new = PHONE.findall(a), PHONE.findall(b)
            assert len(old) == len(new) and not set(old) & set(new)


def test_mapped_gold_points_at_the_copy_and_names_its_bureau(synthetic):
    _, copies = synthetic
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    mapped = map_gold(gold, copies)
    files = {c.bureau.file: c for c in copies}
    assert mapped and all(len({g["source"] for g in m["gold"]}) == 1 for m in mapped)
    for m in mapped:
        copy = files[m["gold"][0]["source"]]
        assert m.get("bureau") == copy.bureau.bureau or any(n in m["question"] for n in copy.bureau.names)


def test_a_mapped_gold_question_is_answered_from_its_copy(synthetic, scale_answerer):
    _, copies = synthetic
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    item = next(g for g in gold if g["id"] == "g001")  # 常德: hazardous chemicals transport → 交通
    copy = next(c for c in copies if c.original.file == item["gold"][0]["source"] and c.index >= 10)
    mapped = copy.map_gold(item)
    result = scale_answerer.ask(mapped["question"], None, mapped.get("bureau"))
    assert not result.answer.refused
    cited = result.answer.citations[0]
    lo, hi = mapped["gold"][0]["lines"]
    assert cited.source == copy.bureau.file and cited.start_line <= hi and cited.end_line >= lo
    assert "交通" in result.answer.text


def test_bureau_limited_search_ranks_exactly_like_the_masked_search(synthetic, scale_answerer):
    from assistant.text import normalize, simplified

    _, copies = synthetic
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    retriever = scale_answerer.res.retriever
    for m in map_gold(gold, copies)[:40]:
        chosen = scale_answerer.resolve_bureau(m.get("bureau"))
        query = scale_answerer.understand(simplified(normalize(m["question"])), m.get("history") or [], chosen)[1]
        assert query.bureaus
        for mode in ("hybrid", "bm25", "dense"):
            with retriever.configured(mode=mode):
                fast = [(h.chunk.id, h.score, h.dense, h.lexical) for h in retriever.search(query, 10)]
                masked = [(h.chunk.id, h.score, h.dense, h.lexical) for h in retriever._search(query, 10, None)]
            assert fast == masked


def test_bm25_of_some_rows_equals_bm25_of_all_at_those_rows(scale_answerer):
    from assistant.search.lexical import tokenize

    bm25 = scale_answerer.res.index.bm25
    tokens = tokenize("危险化学品运输车辆的安全归哪个部门管")
    full = bm25.scores(tokens)
    for rows in (np.arange(100, 400), np.array([3, 50, 51, 900, 2000, bm25.n_docs - 1])):
        assert np.array_equal(bm25.scores(tokens, rows), full[rows])


def test_every_store_returns_the_flat_top_hits(scale_answerer):
    from assistant.search.store import STORES, store_class

    flat = scale_answerer.res.index.vectors
    vectors = flat.vectors()
    groups = flat.groups
    queries = scale_answerer.res.embedder.embed(["危险化学品运输归谁管", "计量器具检定", "商品条码服务电话", "特种设备安全监察"])
    some = [str(groups[0]), str(groups[-1])]
    for name in STORES:
        store = store_class(name)(vectors.shape[1])
        store.add(vectors, groups)
        for q in queries:
            want_ids, _ = flat.search(q, 10, some)
            got_ids, _ = store.search(q, 10, some)
            assert len(set(want_ids[:5]) & set(got_ids[:5])) >= 4, name  # sq8 may swap near-ties
            want_all, _ = flat.search(q, 10)
            got_all, _ = store.search(q, 10)
            assert len(set(want_all) & set(got_all)) >= 8, name


def test_appending_a_list_equals_building_with_it(tmp_path):
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import corpus_digest, load_corpus
    from assistant.search.append import append_lists
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index, load_index
    from assistant.search.lexical import tokenize

    big = tmp_path / "six"
    generate(CORPUS, big, 6)
    small = tmp_path / "five"
    small.mkdir()
    entries = (big / "manifest.toml").read_text(encoding="utf-8").split("[[list]]")
    (small / "manifest.toml").write_text("[[list]]".join(entries[:-1]), encoding="utf-8")
    for b in load_manifest(small):
        (small / b.file).write_bytes((big / b.file).read_bytes())
    vocab = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
    embedder = get_embedder()
    index_dir = tmp_path / "index"
    build_index(load_corpus(small), embedder, index_dir, vocab.domain_words)
    corpus = load_corpus(big)
    assert corpus_digest(big) == corpus.digest
    append_lists(index_dir, corpus.lists[-1:], corpus_digest(big), embedder, vocab.domain_words,
                 bureaus={b.file: b for b in load_manifest(small)}, expect_digest=corpus_digest(small))
    appended = load_index(index_dir, corpus.digest, embedder.name, vocab.domain_words)
    built = build_index(corpus, embedder, tmp_path / "built", vocab.domain_words)
    assert [c.id for c in appended.chunks] == [c.id for c in built.chunks]
    tokens = tokenize("计量器具强制检定")
    assert np.allclose(appended.bm25.scores(tokens), built.bm25.scores(tokens))
    new_rows = appended.vectors.rows_of([corpus.lists[-1].bureau.file])
    assert len(new_rows) == len(built.vectors.rows_of([corpus.lists[-1].bureau.file])) > 0
