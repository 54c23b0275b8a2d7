"""The parse cache: a list parsed once is taken from disk while its file, its manifest entry and
the parser are unchanged; any change parses it again; a damaged entry never stops loading."""

from __future__ import annotations

import pickle

from assistant.corpus.cache import ParseCache
from assistant.corpus.load import load_corpus


def _records(corpus) -> list[dict]:
    return [r.to_dict() for r in corpus.records]


def test_second_load_comes_from_the_cache_and_equals_a_fresh_parse(corpus_copy, tmp_path):
    fresh = load_corpus(corpus_copy)
    first_cache = ParseCache(tmp_path / "parsed")
    first = load_corpus(corpus_copy, first_cache)
    assert (first_cache.hits, first_cache.misses) == (0, 5)
    cache = ParseCache(tmp_path / "parsed")
    again = load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (5, 0)
    assert _records(again) == _records(first) == _records(fresh)
    assert again.digest == fresh.digest
    assert [str(p) for p in again.all_problems] == [str(p) for p in fresh.all_problems]
    for a, b in zip(again.lists, fresh.lists, strict=True):
        assert a.coverage == b.coverage
        assert a.source.lines == b.source.lines


def test_a_changed_list_is_parsed_again_and_only_that_one(corpus_copy, tmp_path):
    load_corpus(corpus_copy, ParseCache(tmp_path / "parsed"))
    target = corpus_copy / "001_2320c17b8dd43b94.txt"
    text = target.read_text(encoding="utf-8")
    phone = "0316-7820231"
    assert phone in text
    target.write_text(text.replace(phone, "0316-7829999"), encoding="utf-8")
    cache = ParseCache(tmp_path / "parsed")
    corpus = load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (4, 1)
    bodies = " ".join(repr(r.to_dict()) for r in corpus.records if r.source == target.name)
    assert "0316-7829999" in bodies and phone not in bodies


def test_a_changed_manifest_entry_is_parsed_again(corpus_copy, tmp_path):
    load_corpus(corpus_copy, ParseCache(tmp_path / "parsed"))
    manifest = corpus_copy / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'bureau = "文安县质量技术监督局"', 'bureau = "文安县质量技术监督局（测试）"'), encoding="utf-8")
    cache = ParseCache(tmp_path / "parsed")
    corpus = load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (4, 1)
    names = {r.bureau for r in corpus.records if r.source == "001_2320c17b8dd43b94.txt"}
    assert names == {"文安县质量技术监督局（测试）"}


def test_a_damaged_entry_is_parsed_again_and_rewritten(corpus_copy, tmp_path, caplog):
    folder = tmp_path / "parsed"
    fresh = load_corpus(corpus_copy, ParseCache(folder))
    entries = sorted(folder.glob("*.pickle"))
    assert len(entries) == 5
    entries[0].write_bytes(b"\x80\x05not a pickle")
    entries[1].write_bytes(pickle.dumps({"something": "else"}))
    entries[2].write_bytes(b"")
    cache = ParseCache(folder)
    with caplog.at_level("WARNING"):
        again = load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (2, 3)
    assert _records(again) == _records(fresh)
    assert "parsing the list again" in caplog.text
    cache = ParseCache(folder)
    load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (5, 0)


def test_unused_entries_are_pruned_least_recently_used_first(corpus_copy, tmp_path):
    folder = tmp_path / "parsed"
    load_corpus(corpus_copy, ParseCache(folder))
    for i in range(20):
        (folder / f"{i:064x}.pickle").write_bytes(b"old")
    cache = ParseCache(folder)
    load_corpus(corpus_copy, cache)
    assert cache.hits == 5
    left = sorted(p.name for p in folder.glob("*.pickle"))
    assert len(left) == 5 + 2 * 5  # the five in use, and twice as many unused at most
    assert sum(1 for p in folder.glob("*.pickle") if p.read_bytes() == b"old") == 10


def test_an_unwritable_cache_folder_only_costs_time(corpus_copy, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = ParseCache(blocker / "parsed")
    corpus = load_corpus(corpus_copy, cache)
    assert cache.misses == 5 and len(corpus.lists) == 5
    assert _records(corpus) == _records(load_corpus(corpus_copy))


def test_an_added_list_is_parsed_once_and_kept_for_the_next_start(corpus_copy, tmp_path, monkeypatch):
    from pathlib import Path

    from assistant.cli import main
    from assistant.corpus.cache import default_folder

    index_dir = tmp_path / "index"
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    folder = default_folder(index_dir)
    assert folder == tmp_path / ".index.parsed"
    load_corpus(corpus_copy, ParseCache(folder))
    fixture = Path(__file__).resolve().parent / "fixtures" / "lists" / "qinghe_2019.md"
    assert main(["add", str(fixture), "--no-index"]) == 0
    cache = ParseCache(folder)
    corpus = load_corpus(corpus_copy, cache)
    assert (cache.hits, cache.misses) == (6, 0)
    assert any(r.source == "qinghe_2019.md" for r in corpus.records)
