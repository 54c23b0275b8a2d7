"""A part of a list that could not be read is never answered as "the list gives none"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

MANIFEST = '''[[list]]
file = "900_textbox.docx"
bureau = "青禾县市场监督管理局"
short_name = "青禾县"
aliases = ["青禾"]
province = "某省"
level = "县"
predates_2018_merger = false
'''


def _list_with_a_text_box(path):
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_paragraph("青禾县市场监督管理局责任清单")
    doc.add_paragraph("一、部门职责")
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("序号", "职责事项", "职责内容", "承办机构"), strict=False):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "计量监督管理", "负责强制检定计量器具的监督管理", "计量标准股"), strict=False):
        cell.text = text
    doc.add_paragraph("二、公共服务事项")
    services = doc.add_table(rows=2, cols=4)
    for cell, text in zip(services.rows[0].cells, ("序号", "服务事项", "服务内容", "承办机构"), strict=False):
        cell.text = text
    for cell, text in zip(services.rows[1].cells, ("1", "计量器具检定", "开展计量器具检定服务", "计量标准股"), strict=False):
        cell.text = text
    note = doc.add_paragraph("联系电话见右侧")
    box = parse_xml(
        '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>计量器具检定联系电话：0000-1234567</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict>')
    note.runs[0]._r.append(box)
    doc.save(path)


def test_a_phone_in_an_unread_part_is_not_said_to_be_missing(tmp_path):
    from assistant.answer.pipeline import Answerer
    from assistant.resources import load_resources

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    _list_with_a_text_box(corpus / "900_textbox.docx")
    res = load_resources(corpus, tmp_path / "index", build_if_needed=True, progress=False)
    assert res.corpus.unreadable_sections("900_textbox.docx", "services")
    answer = Answerer(res).ask("青禾县计量器具检定的联系电话是多少？").answer
    assert answer.refused and "未能完整读取" in answer.body and "没有给出" not in answer.body
    assert "0000-1234567" not in answer.body
