"""PDF tables with merged cells: pdfplumber reports a merged box once, at its top-left slot, and
None for the others; the reader places the box over every slot it covers, as the docx and xlsx
readers do. A 承办机构 merged down three rows applies to each; a group cell over a two-row header
gives typed service items. The PDF is written by tests/fixtures/make_pdf.py (no PDF library)."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.corpus.load import parse_file
from assistant.corpus.manifest import Bureau
from assistant.text import squash

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from make_pdf import LEFT, write_pdf


def merged_pdf(path: Path) -> Path:
    write_pdf(path, [[
        ("text", "澄湖县市场监督管理局责任清单"), ("text", "一、部门职责"),
        ("table", [["序号", "职责名称", "责任事项", "责任科室"],
                   ["1", "计量监督", "强制检定计量器具监督", "计量科"],
                   [None, None, "定量包装商品检查", None],
                   [None, None, "加油机计量检查", None],
                   ["2", "广告监管", "查处虚假广告", "广告科"]]),
        ("text", "二、公共服务事项"),
        ("table", [["序号", "服务事项", LEFT, "承办机构"], [None, "名称", "电话", None],
                   ["1", "消费投诉", "12315", "消保科"], ["2", "计量咨询", "0000-8889990", "计量科"]]),
    ]])
    return path


def test_a_merged_cell_applies_to_every_row_it_spans(tmp_path):
    path = merged_pdf(tmp_path / "chenghu_merged.pdf")
    pl = parse_file(path, Bureau(file=path.name, bureau="澄湖县市场监督管理局", short_name="澄湖县"))
    assert {k: v for k, v in pl.counts().items() if v} == {"duty_item": 4, "service_item": 2, "generic": 1}
    duties = [r for r in pl.records if r.kind == "duty_item"]
    assert [(d.main_duty, d.task, d.responsible_unit) for d in duties] == [
        ("计量监督", "强制检定计量器具监督", "计量科"), ("计量监督", "定量包装商品检查", "计量科"),
        ("计量监督", "加油机计量检查", "计量科"), ("广告监管", "查处虚假广告", "广告科")]
    services = [r for r in pl.records if r.kind == "service_item"]
    assert [(s.name, s.phones, s.units) for s in services] == [("消费投诉", ["12315"], ["消保科"]),
                                                             ("计量咨询", ["0000-8889990"], ["计量科"])]
    total = pl.coverage.totals()
    assert total.dropped == 0 and total.generic == 1  # the title line
    # the merged cell's text is rendered once, on its first row; the third row cites its own line
    d = duties[2]
    assert pl.source.locate(d.start_line, d.end_line) == "第1页 表1 第4行"
    assert squash(pl.source.quote(d.start_line, d.end_line)) == "加油机计量检查"
