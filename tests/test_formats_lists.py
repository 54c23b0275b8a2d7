"""The three committed lists of fictional bureaus, in layouts the five corpus files do not use
(tests/fixtures/make_lists.py): exact record counts, coverage, fields, and locators that lead
back to the quoted text in the original file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.load import parse_file
from assistant.corpus.manifest import Bureau
from assistant.text import squash

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"
MD, DOCX, XLSX = LISTS / "qinghe_2019.md", LISTS / "chengchuan.docx", LISTS / "wanglan.xlsx"

EXPECTED = {
    MD: {"duty_item": 20, "boundary_matter": 3, "regime": 2, "service_item": 4, "penalty_clause": 4, "accountability": 0, "generic": 1},
    DOCX: {"duty_item": 20, "boundary_matter": 3, "regime": 2, "service_item": 3, "penalty_clause": 2, "accountability": 0, "generic": 3},
    XLSX: {"duty_item": 20, "boundary_matter": 3, "regime": 2, "service_item": 3, "penalty_clause": 2, "accountability": 0, "generic": 0},
}


def parsed(path: Path):
    return parse_file(path, Bureau(file=path.name, bureau="测试局", short_name="测试"))


def of(pl, kind):
    return [r for r in pl.records if r.kind == kind]


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: p.suffix)
def test_counts_and_nothing_dropped(path):
    pl = parsed(path)
    assert pl.counts() == EXPECTED[path]
    assert pl.problems == []
    total = pl.coverage.totals()
    assert total.dropped == 0 and total.typed / total.total >= 0.9
    for sec in pl.coverage.sections:
        if sec.kind in ("duty", "boundary", "services", "regimes"):
            assert sec.share("typed") >= 0.9, sec


def test_markdown_2019_layout_fields():
    pl = parsed(MD)
    duties = of(pl, "duty_item")
    assert duties[1].main_duty == "市场主体登记注册" and duties[1].seq == "1"
    assert duties[1].task == "负责市场主体登记信息的公示和档案管理" and duties[1].responsible_unit == "登记注册股"
    assert duties[1].accountability == "未按规定公示登记信息的"
    matters = of(pl, "boundary_matter")
    assert [m.matter for m in matters] == ["食品摊贩监管", "电梯安全管理", "农资市场监管"]
    assert all(m.case.startswith("案例") for m in matters)  # the 案例 paragraphs under the table
    assert [e.department for e in matters[1].entries] == ["县市场监督管理局", "县住房和城乡建设局"]
    s0 = of(pl, "service_item")[0]
    assert s0.phones == ["0000-1234501", "12315"] and s0.units == ["消费者权益保护股", "各市场监管所"]
    assert [(c.unit, c.phone) for c in s0.contacts] == [("消费者权益保护股", "0000-1234501"), ("各市场监管所", "12315")]
    regime = of(pl, "regime")[0]
    assert [s.field for s in regime.sections] == ["object", "content", "method", "measures", "handling"]
    fines = [(f.minimum, f.maximum) for p in of(pl, "penalty_clause") for f in p.fines]
    assert (5000, 50000) in fines and (30000, 300000) in fines


def test_docx_merged_cells_and_bold_headings():
    pl = parsed(DOCX)
    duties = of(pl, "duty_item")
    # a vertically merged 职责名称 cell gives its text to every row it spans
    assert [d.main_duty for d in duties[:3]] == ["市场主体准入管理"] * 3
    assert duties[4].task == "规范行政处罚自由裁量权" and duties[4].responsible_unit == "法规科"
    notes = [g for g in of(pl, "generic") if "各科室按职责分工" in g.text]
    assert len(notes) == 1 and notes[0].labels == [""]  # the row merged across the table
    cases = {m.matter: m.case for m in of(pl, "boundary_matter")}
    assert "网店" in cases["网络交易监管"] and cases["户外广告管理"] == "" and "加油站" in cases["成品油质量监管"]
    s0 = of(pl, "service_item")[0]
    assert s0.contacts[1].unit == "12315指挥中心" and s0.contacts[1].phone == "12315"
    assert of(pl, "service_item")[2].phones == ["0000-7654323", "0000-7654324"]
    assert [s.field for s in of(pl, "regime")[1].sections] == ["object", "content", "method", "handling"]


def test_xlsx_title_rows_merged_ranges_and_sheets():
    pl = parsed(XLSX)
    assert [s.section for s in pl.coverage.sections] == ["部门职责", "职责边界", "公共服务", "事中事后监管"]
    duties = of(pl, "duty_item")
    assert duties[0].main_duty == duties[2].main_duty == "负责食品安全监督管理"
    assert duties[0].accountability == "未按计划开展检查的" and duties[0].responsible_unit == "食品生产科"
    matter = of(pl, "boundary_matter")[0]
    assert "捆绑销售车位" in matter.case and len(matter.entries) == 2
    regime = of(pl, "regime")[1]
    assert [s.field for s in regime.sections] == ["object", "content", "measures", "handling"]
    assert of(pl, "service_item")[0].phones == ["12315", "0000-5550001"]


def _docx_text_at(path: Path, locator: str) -> str:
    import re

    from docx import Document

    doc = Document(str(path))
    m = re.fullmatch(r"表(\d+) 第(\d+)行", locator)
    if m:
        row = doc.tables[int(m.group(1)) - 1].rows[int(m.group(2)) - 1]
        return "".join(dict.fromkeys(c.text for c in row.cells))
    m = re.fullmatch(r"第(\d+)段", locator)
    return doc.paragraphs[int(m.group(1)) - 1].text


def _xlsx_text_at(path: Path, locator: str) -> str:
    import re

    from openpyxl import load_workbook

    m = re.fullmatch(r"工作表“(.+)” 第(\d+)行", locator)
    ws = load_workbook(str(path))[m.group(1)]
    return "".join(str(c.value) for c in ws[int(m.group(2))] if c.value is not None)


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: p.suffix)
def test_locator_round_trip(path):
    """Open the original at each record's locator and find the quoted text there."""
    pl = parsed(path)
    checked = 0
    for record in pl.records:
        for line in range(record.start_line, record.end_line + 1):
            quote = pl.source.quote(line, line)
            if not quote:
                continue
            locator = pl.source.locate(line, line)
            if path.suffix == ".md":
                original = path.read_text(encoding="utf-8").splitlines()[int(locator[1:-1]) - 1]
            elif path.suffix == ".docx":
                original = _docx_text_at(path, locator)
            else:
                original = _xlsx_text_at(path, locator)
            assert squash(quote) in squash(original), (locator, quote)
            checked += 1
    assert checked >= 30


def test_locators_name_the_place_in_the_original():
    docx, xlsx, md = parsed(DOCX), parsed(XLSX), parsed(MD)
    d = of(docx, "duty_item")[4]
    assert docx.source.locate(d.start_line, d.end_line) == "表1 第6行"
    x = of(xlsx, "boundary_matter")[0]
    assert xlsx.source.locate(x.start_line, x.end_line) == "工作表“职责边界” 第4–5行"
    m = of(md, "service_item")[0]
    assert md.source.locate(m.start_line, m.end_line) == f"第{m.start_line}行"
