"""Tables whose header takes two rows: a group cell spanning several columns over labels of its
own (职责事项 over 主要职责 | 具体工作事项, 服务事项 over 名称 | 电话, 监管事项 over 监管对象 |
监管内容). The two rows are read as one header, so the rows below become typed records with the
right fields, and the second header row never becomes a record itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.headers import load_headers
from assistant.corpus.load import parse_file
from assistant.corpus.manifest import Bureau

LISTS = Path(__file__).resolve().parent / "fixtures" / "lists"


def parsed(path: Path):
    return parse_file(path, Bureau(file=path.name, bureau="云溪县市场监督管理局", short_name="云溪县"))


def of(pl, kind):
    return [r for r in pl.records if r.kind == kind]


@pytest.mark.parametrize("name", ["yunxi.docx", "yunxi.xlsx"])
def test_two_row_headers_give_typed_records(name):
    pl = parsed(LISTS / name)
    assert {k: v for k, v in pl.counts().items() if v} == {"duty_item": 7, "service_item": 3, "regime": 2}
    assert pl.problems == []
    total = pl.coverage.totals()
    assert (total.typed, total.generic, total.dropped) == (total.total, 0, 0)

    duties = of(pl, "duty_item")
    assert [d.task for d in duties[:3]] == ["食品生产加工小作坊监督检查", "餐饮服务单位量化分级管理", "食品安全抽样检验"]
    # 承办机构 is one cell merged down the duty's rows: it applies to each of them
    assert [d.responsible_unit for d in duties] == ["食品安全监管股"] * 3 + ["特种设备股"] * 2 + ["计量股"] * 2
    assert {d.main_duty for d in duties} == {"食品安全监督管理", "特种设备安全监察", "计量监督管理"}
    assert all(d.note == "" for d in duties)

    services = of(pl, "service_item")
    assert [(s.name, s.phones, s.units) for s in services] == [
        ("消费投诉受理", ["12315"], ["消费者权益保护股"]),
        ("电梯困人应急救援", ["0000-6660001"], ["特种设备股"]),
        ("计量器具检定预约", ["0000-6660002"], ["计量股"]),
    ]
    assert all(s.content == "" for s in services)  # the phone is a phone, not content

    regimes = of(pl, "regime")
    assert [r.regime_title for r in regimes] == ["电梯维保单位监督检查制度", "加油站计量监督检查制度"]
    assert [(s.field, s.text) for s in regimes[1].sections] == [
        ("object", "辖区内加油站"), ("content", "加油机是否经检定合格，是否存在作弊装置"), ("method", "专项检查，每年不少于两次")]
    # a cited row leads back to its place in the file
    s = services[1]
    assert "0000-6660001" in pl.source.quote(s.start_line, s.end_line)


def test_a_group_header_without_merged_cells(tmp_path):
    """CSV has no merging: the group label is followed by empty cells, the labels are below."""
    path = tmp_path / "services.csv"
    path.write_text("云溪县市场监督管理局公共服务事项清单,,,\n序号,服务事项,,承办机构\n,名称,电话,\n"
                    "1,消费投诉受理,12315,消保股\n2,计量检定预约,0000-6660002,计量股\n", encoding="utf-8-sig")
    pl = parsed(path)
    assert [(s.name, s.phones, s.units) for s in of(pl, "service_item")] == [
        ("消费投诉受理", ["12315"], ["消保股"]), ("计量检定预约", ["0000-6660002"], ["计量股"])]
    assert pl.coverage.totals().dropped == 0


def test_a_data_row_under_a_header_is_not_read_as_labels(tmp_path):
    path = tmp_path / "services.csv"
    path.write_text("序号,服务事项,服务内容,承办机构,联系电话\n1,名称变更登记,办理,登记股,0000-6660003\n",
                    encoding="utf-8")
    pl = parsed(path)
    assert [(s.name, s.content, s.phones) for s in of(pl, "service_item")] == [("名称变更登记", "办理", ["0000-6660003"])]


def test_the_label_of_a_column_under_a_group():
    headers = load_headers()
    assert headers.group_label("服务事项", "名称") == "服务事项"  # a bare name word means the group
    assert headers.group_label("服务事项", "电话") == "电话"
    assert headers.group_label("监管事项", "监管对象") == "监管对象"
    # the group's words must not make an unrelated column its meaning
    assert headers.group_label("联系方式", "地址") == "地址"
    assert headers.column_role(headers.group_label("联系方式", "地址")) is None
