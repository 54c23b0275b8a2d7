"""Lists as people find them: a page saved from a government portal (the list's tables inside
a page-layout table, cells left unclosed, paragraphs inside cells), a CSV saved by Excel with a
BOM or in GB18030, and hostile span sizes."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.load import parse_file
from assistant.corpus.manifest import Bureau

PORTAL = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>溪口县人民政府门户网站</title></head>
<body>
<table width="100%" border="0" cellspacing="0">
  <tr><td><a href="/">首页</a> | <a href="/zwgk">政务公开</a></td></tr>
  <tr><td>
    <div class="title">溪口县市场监督管理局责任清单</div>
    <p><strong>一、部门职责</strong></p>
    <table border="1" class="MsoTableGrid">
      <tr><td>序号</td><td>主要职责</td><td>具体工作事项</td><td>承办机构</td></tr>
      <tr><td rowspan="2">1</td><td rowspan="2">食品安全监督管理</td>
          <td><p>食品生产企业监督检查</p><p>（含小作坊）</p></td><td rowspan="2">食品股</td></tr>
      <tr><td>食品经营监督检查</td></tr>
      <tr><td>2<td>计量监督管理<td>强制检定计量器具监督<td>计量股</tr>
    </table>
    <p><strong>二、公共服务事项</strong></p>
    <table border="1">
      <tr><th>序号</th><th>服务事项</th><th>承办机构</th><th>联系电话</th></tr>
      <tr><td>1</td><td>消费投诉举报</td><td>消保股</td><td>12315<br>0000-7770001</td></tr>
    </table>
  </td></tr>
</table>
</body></html>
"""


def parsed(path: Path):
    return parse_file(path, Bureau(file=path.name, bureau="溪口县市场监督管理局", short_name="溪口县"))


def of(pl, kind):
    return [r for r in pl.records if r.kind == kind]


def test_a_portal_page_with_the_list_inside_a_layout_table(tmp_path):
    path = tmp_path / "xikou.html"
    path.write_text(PORTAL, encoding="utf-8")
    pl = parsed(path)
    assert {k: v for k, v in pl.counts().items() if v} == {"duty_item": 3, "service_item": 1, "generic": 1}
    assert pl.problems == []
    duties = of(pl, "duty_item")
    assert [(d.seq, d.main_duty, d.task, d.responsible_unit) for d in duties] == [
        ("1", "食品安全监督管理", "食品生产企业监督检查\n（含小作坊）", "食品股"),
        ("1", "食品安全监督管理", "食品经营监督检查", "食品股"),
        ("2", "计量监督管理", "强制检定计量器具监督", "计量股"),  # a row of unclosed <td>s
    ]
    service = of(pl, "service_item")[0]
    assert service.phones == ["12315", "0000-7770001"] and service.units == ["消保股"]
    assert pl.coverage.totals().dropped == 0
    assert pl.source.locate(duties[2].start_line, duties[2].end_line) == "表1 第4行"
    # the title is read, so `assistant add` finds the bureau's name in it
    assert "溪口县市场监督管理局责任清单" in pl.source.lines[:5]


def test_a_data_table_with_a_small_table_in_a_cell_stays_a_table(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<h2>公共服务事项</h2><table><tr><td>序号</td><td>服务事项</td><td>联系电话</td></tr>"
                    "<tr><td>1</td><td>消费投诉</td><td><table><tr><td>12315</td></tr></table></td></tr></table>",
                    encoding="utf-8")
    pl = parsed(path)
    assert [(s.name, s.phones) for s in of(pl, "service_item")] == [("消费投诉", ["12315"])]


def test_csv_saved_by_excel_with_a_bom_in_gb18030_or_as_unicode_text(tmp_path):
    text = "溪口县市场监督管理局公共服务事项清单,,,\n序号,服务事项,承办机构,联系电话\n1,消费投诉举报,消保股,12315\n"
    unicode_text = text.replace(",", "\t").encode("utf-16")  # Excel's "Unicode text": UTF-16 with a BOM, tabs
    for name, data in (("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")), ("gbk.csv", text.encode("gb18030")),
                       ("unicode.csv", unicode_text)):
        path = tmp_path / name
        path.write_bytes(data)
        pl = parsed(path)
        assert [(s.name, s.units, s.phones) for s in of(pl, "service_item")] == [("消费投诉举报", ["消保股"], ["12315"])]
        assert pl.source.lines[0].startswith("溪口县")  # no BOM left in the title


def test_hostile_spans_are_bounded(tmp_path):
    path = tmp_path / "spans.html"
    path.write_text("<table>" + "<tr><td rowspan='999999999' colspan='99999999'>x</td><td>y</td></tr>" * 100
                    + "</table>", encoding="utf-8")
    pl = parsed(path)
    assert pl.source is not None and len(pl.source.lines) <= 400
