"""Bad corpus input: a clear message naming file and line, the other files still load, and
`assistant corpus --strict` turns problems into a non-zero exit. A sixth list in a known
layout needs only the file and a manifest entry."""

from __future__ import annotations

import pytest

from assistant.cli import main
from assistant.corpus.load import load_corpus
from assistant.corpus.parse.source import decode_source

BROKEN = "001_2320c17b8dd43b94.txt"


def _problems(corpus, name):
    return [p for p in corpus.all_problems if p.source == name]


def test_gbk_file_is_read_with_a_warning_and_parses_as_its_utf8_form(corpus_copy):
    path = corpus_copy / BROKEN
    utf8 = {r.id for r in load_corpus(corpus_copy).records if r.source == BROKEN}
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    corpus = load_corpus(corpus_copy)
    (problem,) = _problems(corpus, BROKEN)
    assert problem.severity == "warning" and "read as GBK/GB18030" in problem.message
    assert {r.id for r in corpus.records if r.source == BROKEN} == utf8 and len(utf8) > 50


def test_damaged_utf8_is_an_error_with_its_line_and_the_rest_loads(corpus_copy):
    path = corpus_copy / BROKEN
    data = bytearray(path.read_bytes())
    lines = data.split(b"\n")
    at = len(b"\n".join(lines[:40])) + 2  # inside line 41
    data[at:at + 1] = b"\xff"
    path.write_bytes(bytes(data))
    corpus = load_corpus(corpus_copy)
    (problem,) = _problems(corpus, BROKEN)
    assert problem.severity == "error" and problem.line == 41 and "not valid UTF-8" in problem.message
    assert sum(len(pl.records) for pl in corpus.lists if pl.bureau.file != BROKEN) > 300
    assert not [r for r in corpus.records if r.source == BROKEN]


def test_invalid_byte_reports_the_right_line():
    src, problems = decode_source("x.txt", "第一行\n第二行\n".encode() + b"\xff\xfe bad\n")
    assert src is None and problems[0].line == 3


def test_bom_is_a_warning_and_the_file_still_parses(corpus_copy):
    path = corpus_copy / BROKEN
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    corpus = load_corpus(corpus_copy)
    (problem,) = _problems(corpus, BROKEN)
    assert problem.severity == "warning" and "byte-order mark" in problem.message
    assert len([r for r in corpus.records if r.source == BROKEN and r.kind == "service_item"]) == 10


def test_empty_file(corpus_copy):
    (corpus_copy / BROKEN).write_bytes(b"  \n")
    (problem,) = _problems(load_corpus(corpus_copy), BROKEN)
    assert problem.message == "the file is empty" and problem.severity == "error"


def test_unrecognised_layout(corpus_copy):
    (corpus_copy / BROKEN).write_text("随便写的一段话\n没有任何标题。\n", encoding="utf-8")
    (problem,) = _problems(load_corpus(corpus_copy), BROKEN)
    assert "layout not recognised" in problem.message and problem.line == 1


def test_missing_file_and_unlisted_file(corpus_copy):
    (corpus_copy / BROKEN).unlink()
    (corpus_copy / "zz_extra.txt").write_text("x", encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    messages = {p.source: p.message for p in corpus.all_problems}
    assert "file is missing" in messages[BROKEN]
    assert "not listed in manifest.toml" in messages["zz_extra.txt"]


def test_strict_exit_codes(corpus_copy, capsys):
    assert main(["corpus", "--strict"]) == 0
    (corpus_copy / BROKEN).write_bytes("部门职责\n".encode() + b"\xff\xfe")
    assert main(["corpus"]) == 0
    assert main(["corpus", "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{BROKEN}:2: error: not valid UTF-8" in err


def test_dump_writes_every_record(corpus_copy, tmp_path):
    out = tmp_path / "records.jsonl"
    assert main(["corpus", "--dump", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(load_corpus(corpus_copy).records)


SIXTH = """测试县质量技术监督局责任清单

一、部门职责登记表

\t序号
\t主要职责
\t具体工作事项
\t责任股室
\t备注

\t1
\t负责全县计量工作。
\t组织强制检定工作
\t计量股
\t

\t
\t
\t管理加油机检定
\t计量股
\t

二、与相关部门的职责边界登记表

\t序号
\t管理事项
\t相关部门
\t职责分工
\t相关依据
\t案例

\t1
\t电梯安全监管
\t县质监局
\t负责电梯安全监察
\t《特种设备安全法》
\t某小区电梯困人，质监部门到场调查。

\t
\t
\t县住建局
\t负责住宅小区物业管理
\t
\t

三、公共服务事项登记表
\t序号
\t服务事项
\t主要内容
\t承办机构
\t联系电话

\t1
\t计量服务
\t提供量值传递服务
\t计量股
\t0000-1234567

事中事后监管制度
（一）计量器具检定的监管

单位：测试县质量技术监督局

一、监督检查对象
使用强制检定计量器具的单位。

二、监督检查处理
未按照规定申请检定的，责令停止使用，可并处一千元以下的罚款。
"""


def test_a_sixth_list_needs_only_the_file_and_a_manifest_entry(corpus_copy):
    (corpus_copy / "005_test.txt").write_text(SIXTH, encoding="utf-8")
    with open(corpus_copy / "manifest.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[list]]\nfile = "005_test.txt"\nbureau = "测试县质量技术监督局"\nshort_name = "测试县"\n'
                 'aliases = ["测试县"]\nprovince = "河北省"\nlevel = "县"\n')
    corpus = load_corpus(corpus_copy)
    sixth = next(pl for pl in corpus.lists if pl.bureau.file == "005_test.txt")
    assert sixth.problems == []
    assert sixth.counts() == {"duty_item": 2, "boundary_matter": 1, "regime": 1, "service_item": 1,
                              "penalty_clause": 1, "accountability": 0, "generic": 0}
    matter = next(r for r in sixth.records if r.kind == "boundary_matter")
    assert [e.department for e in matter.entries] == ["县质监局", "县住建局"] and "电梯困人" in matter.case
    penalty = next(r for r in sixth.records if r.kind == "penalty_clause")
    assert penalty.fines[0].maximum == 1000 and penalty.start_line == SIXTH.splitlines().index(penalty.sentence) + 1


@pytest.mark.parametrize("bad", ["", "[[list]]\nfile = 'x.txt'\n", "not toml ["])
def test_bad_manifest_is_a_clear_error(corpus_copy, bad, capsys):
    (corpus_copy / "manifest.toml").write_text(bad, encoding="utf-8")
    assert main(["corpus"]) == 2
    assert "manifest" in capsys.readouterr().err
