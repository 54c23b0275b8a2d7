"""Bad files of the new formats: each gives a clear message naming the file, and the other
lists still load. Sizes are bounded: the "50 MB" file is sparse and never read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.corpus.load import load_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from make_pdf import write_pdf

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"


def _add_entry(corpus_dir: Path, name: str) -> None:
    with open(corpus_dir / "manifest.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[[list]]\nfile = "{name}"\nbureau = "测试县市场监督管理局"\nshort_name = "测试县"\n')


def _load_with(corpus_dir: Path, name: str, write, others_expected: int = 5) -> tuple[list, object]:
    write(corpus_dir / name)
    _add_entry(corpus_dir, name)
    corpus = load_corpus(corpus_dir)
    others = [pl for pl in corpus.lists if pl.bureau.file != name]
    assert len(others) == others_expected and all(pl.records for pl in others)  # the other lists still load
    return [p for p in corpus.all_problems if p.source == name], corpus


def _zip_garbage(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<not really/>")


def _encrypted(path: Path) -> None:
    # an encrypted Office file is an OLE compound file whatever its suffix
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


CASES = {
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip at all" * 10), "not a Word document"),
    "broken_zip.docx": (_zip_garbage, "cannot open this .docx"),
    "locked.docx": (_encrypted, "password-protected"),
    "corrupt.xlsx": (lambda p: p.write_bytes(b"\x00\x01garbage" * 100), "not an Excel workbook"),
    "locked.xlsx": (_encrypted, "password-protected"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100), "--convert-to docx"),
    "old.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100), "--convert-to xlsx"),
    "scan.pdf": (lambda p: write_pdf(p, [[("text", "x")]], image_only=True), "no text layer"),
    "broken.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n garbage"), "PDF"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_unreadable_file_is_named_and_the_rest_loads(corpus_copy, name):
    write, words = CASES[name]
    problems, corpus = _load_with(corpus_copy, name, write)
    assert problems and problems[0].severity == "error" and words in problems[0].message, problems
    assert str(problems[0]).startswith(f"{name}:")
    assert corpus.unreadable_sections(name)  # the answer stage must not treat it as a list that says nothing


def test_a_50_mb_file_is_refused_without_being_read(corpus_copy):
    for name in ("huge.txt", "huge.xlsx"):
        path = corpus_copy / name
        with open(path, "wb") as fh:  # sparse: no 50 MB written to disk or memory
            fh.truncate(50 * 1024 * 1024)
        _add_entry(corpus_copy, name)
    corpus = load_corpus(corpus_copy)
    messages = {p.source: p.message for p in corpus.all_problems}
    assert "50 MB" in messages["huge.txt"] and "50 MB" in messages["huge.xlsx"]
    assert sum(1 for pl in corpus.lists if pl.records) == 5


def test_empty_sheets_are_skipped_and_an_empty_workbook_is_named(corpus_copy):
    from openpyxl import Workbook

    def with_empty_sheet(path):
        wb = Workbook()
        wb.active.title = "空表"
        ws = wb.create_sheet("公共服务")
        ws.append(["服务事项", "承办机构", "联系电话"])
        ws.append(["消费投诉", "消保科", "12315"])
        wb.save(path)

    problems, corpus = _load_with(corpus_copy, "one_empty_sheet.xlsx", with_empty_sheet)
    pl = next(p for p in corpus.lists if p.bureau.file == "one_empty_sheet.xlsx")
    assert problems == [] and pl.counts()["service_item"] == 1

    problems, _ = _load_with(corpus_copy, "all_empty.xlsx", lambda p: Workbook().save(p), others_expected=6)
    assert problems and "no text found" in problems[0].message


def test_no_recognisable_section_keeps_the_text_as_generic_records(corpus_copy):
    def write(path):
        from docx import Document

        doc = Document()
        doc.add_paragraph("关于做好春节期间市场供应工作的通知")
        doc.add_paragraph("各有关单位：请认真做好节日期间市场供应和价格监测工作。")
        doc.save(path)

    problems, corpus = _load_with(corpus_copy, "notice.docx", write)
    assert [p.severity for p in problems] == ["warning"] and "layout not recognised" in problems[0].message
    pl = next(p for p in corpus.lists if p.bureau.file == "notice.docx")
    assert pl.counts()["generic"] == 1 and pl.coverage.totals().dropped == 0
    assert main(["corpus", "--strict"]) == 1


def test_unreadable_sections_names_what_was_not_read(corpus_copy):
    """A table cell the builders could not place would be "dropped": the section is reported."""
    from assistant.corpus.coverage import SectionCoverage

    corpus = load_corpus(corpus_copy)
    assert corpus.unreadable_sections("001_2320c17b8dd43b94.txt") == []
    pl = next(p for p in corpus.lists if p.bureau.file == "001_2320c17b8dd43b94.txt")
    services = next(s for s in pl.coverage.sections if s.kind == "services")
    services.dropped, services.dropped_at = 2, ["第560行", "第561行"]
    assert corpus.unreadable_sections("001_2320c17b8dd43b94.txt", "services") == [services]
    assert corpus.unreadable_sections("001_2320c17b8dd43b94.txt", "boundary") == []
    assert isinstance(services, SectionCoverage)


def test_corpus_json_and_strict(corpus_copy, capsys):
    import json

    assert main(["corpus", "--json", "--strict"]) == 0
    report = json.loads(capsys.readouterr().out)
    f3 = next(x for x in report["lists"] if x["file"] == "003_96b6d37a1365f6e3.txt")
    assert f3["coverage"]["total"]["dropped"] == 0 and f3["counts"]["generic"] == 1
    (corpus_copy / "qinghe_2019.md").write_bytes((LISTS / "qinghe_2019.md").read_bytes())
    _add_entry(corpus_copy, "qinghe_2019.md")
    assert main(["corpus"]) == 0
    out = capsys.readouterr().out
    assert "qinghe_2019.md (cells and lines)" in out and "二、与相关部门的职责边界\t100%\t0%\t0%\t32" in out


def test_docx_text_in_a_text_box_is_reported_not_lost_silently(tmp_path):
    from docx import Document

    from assistant.corpus.load import parse_file
    from assistant.corpus.manifest import Bureau

    doc = Document()
    doc.add_paragraph("一、部门职责")
    p = doc.add_paragraph("正文")
    # a text box (w:txbxContent) inside a run, as Word writes one
    from docx.oxml import parse_xml

    box = parse_xml(
        '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>投诉举报电话：0000-1234567，监督电话：12315，请在工作日拨打。</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict>')
    p.runs[0]._r.append(box)
    path = tmp_path / "textbox.docx"
    doc.save(path)
    pl = parse_file(path, Bureau(file=path.name, bureau="测试局", short_name="测试"))
    assert any("were not read" in p.message and p.severity == "warning" for p in pl.problems), pl.problems
    assert pl.coverage.totals().dropped == 1
