"""HTML, PDF, CSV and TAB-row text lists written inside the tests, in layouts the five corpus
files do not use: exact counts, coverage, and locators that find the quote in the original."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from assistant.corpus.load import parse_file
from assistant.corpus.manifest import Bureau
from assistant.text import squash

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pdf import write_pdf


def parsed(path: Path):
    return parse_file(path, Bureau(file=path.name, bureau="测试局", short_name="测试"))


def of(pl, kind):
    return [r for r in pl.records if r.kind == kind]


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>责任清单</title>
<script>var x = "部门职责";</script><style>td{border:1px}</style></head><body>
<nav><a href="/">首页</a> | <a href="/gk">政务公开</a> | 部门职责</nav>
<header>松岭县人民政府门户网站</header>
<h1>松岭县市场监督管理局责任清单</h1>
<h2>一、部门职责</h2>
<table>
<tr><th>序号</th><th>职责事项</th><th>职责内容</th><th>责任科室</th></tr>
<tr><td rowspan="2">1</td><td rowspan="2">计量监督管理</td><td>强制检定计量器具监督检查</td><td>计量科</td></tr>
<tr><td>定量包装商品净含量检查</td><td>计量科</td></tr>
<tr><td>2</td><td>价格监督检查</td><td>查处价格违法行为</td><td>价格监督检查科</td></tr>
<tr><td colspan="4">注：本表按“三定”规定编制。</td></tr>
</table>
<h2>二、职责边界</h2>
<table>
<tr><td>序号</td><td>管理事项</td><td>相关部门</td><td>职责分工</td></tr>
<tr><td rowspan="2">1</td><td rowspan="2">校外培训机构收费</td><td>县市场监督管理局</td><td>查处价格违法行为</td></tr>
<tr><td>县教育局</td><td>负责培训机构审批和日常监管</td></tr>
</table>
<p>案例：家长投诉某培训机构（校外培训机构收费）预收费过高，教育部门责令整改，市场监管部门查处价格违法。</p>
<h2>三、公共服务事项</h2>
<table>
<tr><td>服务事项</td><td>服务内容</td><td>承办机构</td><td>联系电话</td></tr>
<tr><td>消费投诉</td><td>受理消费投诉举报</td><td>消费者权益保护科<br>县消费者协会</td><td>0000-2223334<br>12315</td></tr>
</table>
<h2>四、事中事后监管制度</h2>
<h3>（一）对加油站计量的监督检查</h3>
<p>监管对象：辖区内加油站经营者。</p>
<p>监管方式：“双随机、一公开”抽查。</p>
<p>违法行为处理：使用不合格加油机的，责令停止使用，处一千元以上一万元以下罚款。</p>
<footer>版权所有 松岭县人民政府 地址：某某路1号</footer>
</body></html>
"""


def test_html_rowspan_colspan_br_and_chrome(tmp_path):
    path = tmp_path / "songling.html"
    path.write_text(HTML, encoding="utf-8")
    pl = parsed(path)
    counts = {k: v for k, v in pl.counts().items() if v}
    assert counts == {"duty_item": 3, "boundary_matter": 1, "service_item": 1, "regime": 1, "penalty_clause": 1, "generic": 1}
    duties = of(pl, "duty_item")
    assert [d.main_duty for d in duties] == ["计量监督管理", "计量监督管理", "价格监督检查"]
    matter = of(pl, "boundary_matter")[0]
    assert [e.department for e in matter.entries] == ["县市场监督管理局", "县教育局"] and "预收费" in matter.case
    service = of(pl, "service_item")[0]
    assert [(c.unit, c.phone) for c in service.contacts] == [("消费者权益保护科", "0000-2223334"), ("县消费者协会", "12315")]
    regime = of(pl, "regime")[0]
    assert [s.field for s in regime.sections] == ["object", "method", "handling"]
    assert of(pl, "penalty_clause")[0].fines[0].maximum == 10000
    text = "\n".join(pl.source.lines)
    assert "首页" not in text and "版权所有" not in text and "var x" not in text  # page chrome ignored
    assert pl.coverage.totals().dropped == 0
    assert pl.source.locate(duties[1].start_line, duties[1].end_line) == "表1 第3行"


def test_pdf_text_layer_tables_and_lines(tmp_path):
    path = tmp_path / "chenghu.pdf"
    write_pdf(path, [
        [("text", "澄湖县市场监督管理局责任清单"), ("text", "一、部门职责"),
         ("table", [["序号", "职责名称", "责任事项", "责任科室"], ["1", "计量监督", "强制检定计量器具监督", "计量科"],
                    ["", "", "定量包装商品检查", "计量科"], ["2", "广告监管", "查处虚假广告", "广告科"]])],
        [("text", "二、公共服务事项"),
         ("table", [["序号", "服务事项", "承办机构", "联系电话"], ["1", "消费投诉", "消保科", "12315"],
                    ["2", "计量咨询", "计量科", "0000-8889990"]])],
    ])
    pl = parsed(path)
    counts = {k: v for k, v in pl.counts().items() if v}
    assert counts == {"duty_item": 3, "service_item": 2, "generic": 1}
    duties = of(pl, "duty_item")
    assert duties[1].main_duty == "计量监督" and duties[1].task == "定量包装商品检查"
    assert [s.phones for s in of(pl, "service_item")] == [["12315"], ["0000-8889990"]]
    s = of(pl, "service_item")[1]
    assert pl.source.locate(s.start_line, s.end_line) == "第2页 表1 第3行"
    assert pl.coverage.totals().dropped == 0
    # round trip: the quote stands on that page, in that table row
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        row = pdf.pages[1].find_tables()[0].extract()[2]
    assert squash(pl.source.quote(s.start_line, s.end_line)) == squash("".join(c or "" for c in row))


def test_csv_with_a_title_row(tmp_path):
    path = tmp_path / "services.csv"
    path.write_text("北泉县市场监督管理局公共服务事项清单,,,\n服务事项,服务内容,承办科室,联系电话\n"
                    "消费维权,受理投诉,消保科,12315；0000-1112223\n计量检定,检定预约,计量科,0000-1112224\n",
                    encoding="utf-8-sig")
    pl = parsed(path)
    assert {k: v for k, v in pl.counts().items() if v} == {"service_item": 2}
    assert of(pl, "service_item")[0].phones == ["12315", "0000-1112223"]
    assert pl.source.locate(of(pl, "service_item")[1].start_line, of(pl, "service_item")[1].end_line) == "第4行"


TAB_LIST = """青禾县市场监督管理局责任清单

一、部门职责
序号\t职责事项\t职责内容\t承办机构\t追责情形
1\t登记注册\t企业登记\t登记注册股\t违规登记的
\t\t个体工商户登记\t登记注册股\t违规登记的
2\t食品安全\t食品经营监督检查\t食品安全股\t不依法查处的

二、与相关部门的职责边界
序号\t管理事项\t相关部门\t职责分工\t相关依据
1\t食品摊贩监管\t县市场监督管理局\t食品安全监督检查\t《食品安全法》
\t\t县城市管理局\t查处占道经营\t

案例（食品摊贩监管）：夜市摊贩占道经营，城管清理，市场监管部门检查食品安全。

三、公共服务事项
序号\t服务事项\t服务内容\t承办机构\t联系电话
1\t投诉举报\t受理投诉举报\t消保股\t12315
"""


def test_tab_rows_with_new_header_words(tmp_path):
    """The 2019 layout re-encoded as TAB rows: the line parsers do not know 职责事项 / 职责内容,
    so the list is read through the document model, with line numbers of the file itself."""
    path = tmp_path / "qinghe_tab.txt"
    path.write_text(TAB_LIST, encoding="utf-8")
    pl = parsed(path)
    assert {k: v for k, v in pl.counts().items() if v} == {"duty_item": 3, "boundary_matter": 1, "service_item": 1, "generic": 1}
    matter = of(pl, "boundary_matter")[0]
    assert "夜市摊贩" in matter.case and matter.case_start == TAB_LIST.splitlines().index(
        next(x for x in TAB_LIST.splitlines() if x.startswith("案例"))) + 1
    assert of(pl, "service_item")[0].phones == ["12315"]
    d = of(pl, "duty_item")[1]
    assert TAB_LIST.splitlines()[d.start_line - 1].split("\t")[2] == d.task == "个体工商户登记"
    assert pl.coverage.totals().dropped == 0


def test_unknown_header_words_fall_back_on_similarity(tmp_path):
    path = tmp_path / "similar.md"
    path.write_text("# 部门职责\n\n| 编号 | 主要职责事项 | 具体工作内容 | 责任股（室） |\n|---|---|---|---|\n"
                    "| 1 | 计量监督 | 强制检定 | 计量股 |\n", encoding="utf-8")
    pl = parsed(path)
    (duty,) = of(pl, "duty_item")
    assert (duty.main_duty, duty.task, duty.responsible_unit) == ("计量监督", "强制检定", "计量股")


def test_an_untyped_table_becomes_generic_rows_with_their_labels(tmp_path):
    path = tmp_path / "other.md"
    path.write_text("# 一、部门职责\n\n| 序号 | 职责事项 | 职责内容 |\n|---|---|---|\n| 1 | 计量 | 检定 |\n\n"
                    "# 五、行政处罚裁量基准\n\n| 违法行为 | 裁量阶次 | 处罚标准 |\n|---|---|---|\n"
                    "| 未按规定检定 | 一般 | 处一千元以下罚款 |\n", encoding="utf-8")
    pl = parsed(path)
    generic = of(pl, "generic")
    assert len(generic) == 1 and generic[0].labels == ["违法行为", "裁量阶次", "处罚标准"]
    assert re.search("处罚标准：处一千元以下罚款", generic[0].text)
    assert pl.coverage.totals().dropped == 0


def test_xlsx_with_all_sections_in_one_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "责任清单"
    rows = [
        ["白石区市场监督管理局责任清单"], [],
        ["一、部门职责"], ["序号", "职责名称", "责任事项", "承办科室"],
        ["1", "计量监督", "集贸市场计量检查", "计量科"], [None, None, "加油机计量检查", "计量科"],
        [], ["二、与相关部门的职责边界"], ["序号", "管理事项", "相关部门", "职责分工"],
        ["1", "电梯安全", "区市场监督管理局", "电梯安全监察"], [None, None, "区住房和城乡建设局", "物业管理"],
        [], ["三、公共服务事项"], ["服务事项", "承办机构", "联系电话"], ["消费投诉", "消保科", "12315"],
        [], ["四、事中事后监管制度"], ["（一）对加油站的监督检查"], ["监管对象：加油站。"],
        ["违法行为处理：使用不合格加油机的，处一千元以下罚款。"],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("B5:B6")
    ws.merge_cells("A5:A6")
    ws.merge_cells("B10:B11")
    path = tmp_path / "baishi.xlsx"
    wb.save(path)
    pl = parsed(path)
    assert {k: v for k, v in pl.counts().items() if v} == {
        "duty_item": 2, "boundary_matter": 1, "service_item": 1, "regime": 1, "penalty_clause": 1, "generic": 1}
    assert [s.kind for s in pl.coverage.sections] == ["front", "duty", "boundary", "services", "regimes"]
    assert pl.coverage.totals().dropped == 0 and pl.coverage.totals().generic == 1  # the title
    d = of(pl, "duty_item")[1]
    assert d.main_duty == "计量监督" and pl.source.locate(d.start_line, d.end_line) == "工作表“责任清单” 第6行"


def test_regimes_written_as_a_table_and_bold_unnumbered_regime_titles(tmp_path):
    path = tmp_path / "regimes.md"
    path.write_text(
        "# 三、事中事后监管制度\n\n| 序号 | 监管事项 | 监管对象 | 监管方式 | 违法行为处理 |\n|---|---|---|---|---|\n"
        "| 1 | 对电梯使用单位的监管 | 电梯使用单位 | 双随机抽查 | 使用未经检验电梯的，处三万元以上三十万元以下罚款。 |\n"
        "| 2 | 对加油站的监管 | 加油站 | 专项检查 | 计量作弊的，处二千元以下罚款。 |\n", encoding="utf-8")
    pl = parsed(path)
    regimes = of(pl, "regime")
    assert [r.regime_title for r in regimes] == ["对电梯使用单位的监管", "对加油站的监管"]
    assert [s.field for s in regimes[0].sections] == ["object", "method", "handling"]
    assert [f.maximum for p in of(pl, "penalty_clause") for f in p.fines] == [300000, 2000]
    assert pl.coverage.totals().dropped == 0 and pl.coverage.totals().generic == 0

    from docx import Document

    doc = Document()
    for text, bold in [("四、事中事后监管制度", True), ("对检验检测机构的监督检查", True), ("监管对象", False),
                       ("检验检测机构。", False), ("处理措施", False), ("出具虚假报告的，处三万元以下罚款。", False),
                       ("对广告发布者的监督检查", True), ("监管对象", False), ("广告发布者。", False)]:
        doc.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "bold.docx"
    doc.save(path)
    pl = parsed(path)
    assert [r.regime_title for r in of(pl, "regime")] == ["对检验检测机构的监督检查", "对广告发布者的监督检查"]
    assert pl.coverage.totals().dropped == 0 and pl.coverage.totals().generic == 0


def test_cell_per_line_text_with_other_header_words(tmp_path):
    """The cell-per-line encoding of the five lists, with 职责名称 / 责任事项 / 承办科室 headers: the
    line parsers find the columns by meaning."""
    from test_parse_bad_input import SIXTH

    text = SIXTH.replace("\t主要职责\n", "\t职责名称\n").replace("\t具体工作事项\n", "\t责任事项\n") \
                .replace("\t责任股室\n", "\t承办科室\n").replace("\t服务事项\n", "\t服务名称\n")
    assert text.count("职责名称") == 1 and text.count("承办科室") == 1
    path = tmp_path / "other_words.txt"
    path.write_text(text, encoding="utf-8")
    pl = parsed(path)
    assert pl.problems == []
    assert {k: v for k, v in pl.counts().items() if v} == {
        "duty_item": 2, "boundary_matter": 1, "regime": 1, "service_item": 1, "penalty_clause": 1}
    duty = of(pl, "duty_item")[1]
    assert (duty.task, duty.responsible_unit) == ("管理加油机检定", "计量股")
    assert of(pl, "service_item")[0].name == "计量服务"


def test_a_column_the_table_kind_does_not_use_is_kept(tmp_path):
    path = tmp_path / "extra.md"
    path.write_text("# 公共服务事项\n\n| 服务事项 | 工作内容 | 办理时限 | 承办机构 | 咨询方式 |\n|---|---|---|---|---|\n"
                    "| 计量检定 | 受理检定申请 | 5个工作日 | 计量科 | 0000-3334445 |\n", encoding="utf-8")
    pl = parsed(path)
    (item,) = of(pl, "service_item")
    assert item.content == "工作内容：受理检定申请\n办理时限：5个工作日" and item.phones == ["0000-3334445"]
