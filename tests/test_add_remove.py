"""`assistant add` and `assistant remove` on a copy of the corpus: manifest entry, bureau read
from the title, duplicates refused, coverage printed, the digest and the index brought up to date."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.corpus.load import load_corpus

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"


def manifest(corpus_dir: Path) -> list[dict]:
    return tomllib.loads((corpus_dir / "manifest.toml").read_text(encoding="utf-8"))["list"]


def test_add_reads_the_bureau_from_the_title_and_prints_coverage(corpus_copy, capsys):
    before = load_corpus(corpus_copy).digest
    assert main(["add", str(LISTS / "chengchuan.docx"), "--province", "测试省", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "added chengchuan.docx as 澄川市市场监督管理局 (澄川市)" in out and "duty_item 20" in out
    assert "（全部）\t98%\t2%\t0%\t130" in out
    entry = manifest(corpus_copy)[-1]
    assert entry == {"file": "chengchuan.docx", "bureau": "澄川市市场监督管理局", "short_name": "澄川市",
                     "aliases": ["澄川市", "澄川", "澄川市市场监督管理局"], "province": "测试省", "city": "澄川市",
                     "level": "市", "predates_2018_merger": False}
    assert (corpus_copy / "chengchuan.docx").read_bytes() == (LISTS / "chengchuan.docx").read_bytes()
    corpus = load_corpus(corpus_copy)
    assert corpus.digest != before and len(corpus.lists) == 6
    # the manifest's comments and the five entries are left as written
    assert (corpus_copy / "manifest.toml").read_text(encoding="utf-8").startswith("# One entry per responsibility list")


def test_add_refuses_duplicates_and_unreadable_files(corpus_copy, tmp_path, capsys):
    assert main(["add", str(LISTS / "qinghe_2019.md"), "--no-index"]) == 0
    capsys.readouterr()
    assert main(["add", str(LISTS / "qinghe_2019.md"), "--no-index"]) == 2
    assert "already in" in capsys.readouterr().err
    renamed = tmp_path / "qinghe_copy.md"
    shutil.copyfile(LISTS / "qinghe_2019.md", renamed)
    assert main(["add", str(renamed), "--no-index"]) == 2
    assert "青禾县市场监督管理局 is already in the corpus as qinghe_2019.md" in capsys.readouterr().err
    assert main(["add", str(renamed), "--bureau", "常德市质量技术监督局", "--no-index"]) == 2
    old = tmp_path / "list.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    assert main(["add", str(old), "--no-index"]) == 2
    assert "libreoffice --headless --convert-to docx" in capsys.readouterr().err
    scan = tmp_path / "broken.xlsx"
    scan.write_bytes(b"nonsense")
    assert main(["add", str(scan), "--no-index"]) == 2
    assert "broken.xlsx" in capsys.readouterr().err and not (corpus_copy / "broken.xlsx").exists()
    untitled = tmp_path / "untitled.md"
    untitled.write_text("# 部门职责\n\n| 序号 | 职责事项 |\n|---|---|\n| 1 | 计量 |\n", encoding="utf-8")
    assert main(["add", str(untitled), "--no-index"]) == 2
    assert "--bureau" in capsys.readouterr().err
    assert len(manifest(corpus_copy)) == 6


def test_remove_takes_the_list_out(corpus_copy, capsys):
    assert main(["add", str(LISTS / "wanglan.xlsx"), "--no-index"]) == 0
    digest = load_corpus(corpus_copy).digest
    assert main(["remove", "望岚区", "--no-index"]) == 0
    assert "removed wanglan.xlsx" in capsys.readouterr().out
    assert [e["file"] for e in manifest(corpus_copy)][-1] == "004_4709594b1805b681.txt"
    assert not (corpus_copy / "wanglan.xlsx").exists() and load_corpus(corpus_copy).digest != digest
    assert main(["remove", "no-such-list", "--no-index"]) == 2


@pytest.mark.slow
def test_add_updates_the_index_embedding_only_the_new_chunks(corpus_copy, built_index, tmp_path, monkeypatch, capsys):
    from assistant.search.index import load_index

    index_dir = tmp_path / "index"
    shutil.copytree(built_index, index_dir)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    assert main(["add", str(LISTS / "qinghe_2019.md")]) == 0
    out = capsys.readouterr().out
    assert "index updated (the list's chunks appended): 896 chunks (45 embedded anew)" in out
    corpus = load_corpus(corpus_copy)
    index = load_index(index_dir, corpus.digest)
    assert sum(1 for c in index.chunks if c.source == "qinghe_2019.md") == 45
    assert main(["remove", "qinghe_2019.md"]) == 0
    assert "index updated (the list's chunks removed): 851 chunks (0 embedded anew)" in capsys.readouterr().out
