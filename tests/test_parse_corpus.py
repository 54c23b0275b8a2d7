"""The parser on the real lists: exact counts read off the text by hand, field spot checks,
and the property that every record's text stands inside the lines it cites."""

from __future__ import annotations

import json

import pytest

from assistant.corpus.records import Record
from assistant.text import squash

F0, F1, F2, F3, F4 = (
    "000_e78a3302d4a7bc81.txt", "001_2320c17b8dd43b94.txt", "002_0b6741967b43ba95.txt",
    "003_96b6d37a1365f6e3.txt", "004_4709594b1805b681.txt",
)

# duty_item counts one record per 具体工作事项, plus one for each 主要职责 row that has none
# (000 rows 10 and 11, 001 row 10): 67+2, 49+1, 54, 40.
EXPECTED = {
    F0: {"duty_item": 69, "boundary_matter": 9, "regime": 8, "service_item": 3, "penalty_clause": 37, "accountability": 0, "generic": 0},
    F1: {"duty_item": 50, "boundary_matter": 3, "regime": 15, "service_item": 10, "penalty_clause": 11, "accountability": 0, "generic": 0},
    F2: {"duty_item": 54, "boundary_matter": 12, "regime": 12, "service_item": 4, "penalty_clause": 36, "accountability": 0, "generic": 0},
    F3: {"duty_item": 40, "boundary_matter": 0, "regime": 8, "service_item": 3, "penalty_clause": 17, "accountability": 8, "generic": 1},
    F4: {"duty_item": 0, "boundary_matter": 0, "regime": 20, "service_item": 0, "penalty_clause": 34, "accountability": 0, "generic": 0},
}


def records(corpus, source, kind):
    return [r for r in corpus.records if r.source == source and r.kind == kind]


def test_counts_per_file(corpus):
    assert {pl.bureau.file: pl.counts() for pl in corpus.lists} == EXPECTED


def test_only_the_misplaced_heading_is_reported(corpus):
    problems = [(p.source, p.line, p.severity) for p in corpus.all_problems]
    assert problems == [(F2, 1, "notice")]


def test_boundary_department_rows(corpus):
    per_file = {f: sum(len(m.entries) for m in records(corpus, f, "boundary_matter")) for f in (F0, F1, F2)}
    # 002: 27 named departments + 4 rows with a 职责分工 but no department (the empty row is dropped)
    assert per_file == {F0: 47, F1: 22, F2: 31}
    unnamed = [(m.matter, e.start_line) for m in records(corpus, F2, "boundary_matter") for e in m.entries if not e.department]
    assert [line for _, line in unnamed] == [413, 432, 460, 472]
    cases = sum(1 for f in (F0, F1, F2) for m in records(corpus, f, "boundary_matter") if m.case)
    assert cases == 17


def test_002_unnumbered_matters_keep_their_source_numbering(corpus):
    matters = records(corpus, F2, "boundary_matter")
    assert [m.seq for m in matters] == list(range(1, 13))
    assert [m.source_seq for m in matters] == ["1", "2", "3", "4", "5", "6", "", "", "", "", "", "12"]
    assert matters[6].matter == "超限、超载运输管理" and matters[6].start_line == 377


def test_leather_shoes_case_routes_to_gongshang(corpus):
    matter = next(m for m in records(corpus, F2, "boundary_matter") if m.matter == "申诉处理")
    assert [e.department for e in matter.entries] == ["县质监局", "县工商局"]
    assert "皮鞋" in matter.case and "工商部门" in matter.case and matter.case_start == 329
    assert matter.entries[1].duty == "受理流通领域产品质量投诉、举报和咨询。"


def test_mid_word_breaks_are_joined(corpus):
    matters = {m.matter for m in records(corpus, F0, "boundary_matter")}
    assert {"饭店安全监管", "鲜茧管理", "农药监管"} <= matters
    depts = [e.department for m in records(corpus, F0, "boundary_matter") for e in m.entries]
    assert "市交通运输局" in depts
    # a prose paragraph broken inside a word (003: "追究国" / "家工作人员", 442→444) is one paragraph
    procuratorate = next(a for a in records(corpus, F3, "accountability") if "人民检察院" in a.heading)
    assert "追究国家工作人员贪污贿赂犯罪" in procuratorate.body
    assert "（一）职责分工" in procuratorate.body and "\n(二) 追责程序" in procuratorate.body


def test_services_units_and_phones_split_and_paired(corpus):
    s0 = records(corpus, F0, "service_item")[0]
    assert s0.name == "特种设备作业人员资格认定" and s0.units == ["常德市质监局特安科"]
    assert s0.phones == ["0736-2691625", "0736-2691658"]
    s7 = records(corpus, F1, "service_item")[6]
    assert [(c.unit, c.phone) for c in s7.contacts] == [("标准计量股", "0316-5255905"), ("质量监督股", "0316-5255908")]
    s5 = records(corpus, F1, "service_item")[4]
    assert s5.phones == [] and s5.units == ["质量监督股"]
    s10 = records(corpus, F1, "service_item")[9]
    assert s10.units == ["稽查股", "计量股", "特种设备安全股"] and s10.phones == ["0316-5255911"]
    assert {s.phones[0] for s in records(corpus, F2, "service_item")} == {"63823756"}
    assert records(corpus, F2, "service_item")[1].name == "世界计量日活动"
    assert [s.start_line for s in records(corpus, F3, "service_item")] == [398, 399, 400]


REGIME_STARTS = {
    F0: [890, 967, 1024, 1078, 1239, 1351, 1406, 1443],
    F1: [589, 626, 669, 703, 740, 784, 887, 934, 986, 1020, 1057, 1105, 1175, 1228, 1301],
    F2: [514, 552, 586, 626, 664, 718, 772, 822, 866, 926, 996, 1034],
    F3: [73, 118, 168, 200, 236, 284, 347, 387],
    F4: [4, 39, 72, 96, 177, 234, 281, 350, 434, 483, 540, 583, 608, 647, 684, 735, 773, 822, 853, 890],
}


@pytest.mark.parametrize("source", list(REGIME_STARTS))
def test_regime_titles_found_at_their_lines(corpus, source):
    assert [r.start_line for r in records(corpus, source, "regime")] == REGIME_STARTS[source]


def test_regime_subsections_mapped_to_canonical_fields(corpus):
    r4 = records(corpus, F0, "regime")[3]
    assert [s.field for s in r4.sections] == ["preamble", "object", "content", "method", "measures", "procedure", "handling"]
    assert r4.sections[-1].start_line == 1175
    r1 = records(corpus, F0, "regime")[0]
    assert r1.sections[-1].field == "measures_handling"
    # 003 （三）: the sixth sub-heading is misnumbered 四、 but is still the handling section
    r3 = records(corpus, F3, "regime")[2]
    assert r3.sections[-1].field == "handling" and r3.sections[-1].start_line == 196
    # 004 regime 一 has no 程序; regime 十二 has no 处理
    assert "procedure" not in [s.field for s in records(corpus, F4, "regime")[0].sections]
    assert [s.field for s in records(corpus, F4, "regime")[11].sections][-1] == "procedure"
    # 003 （八）: prose only
    assert [s.field for s in records(corpus, F3, "regime")[7].sections] == ["preamble"]


def test_003_duty_rows_merged(corpus):
    items = records(corpus, F3, "duty_item")
    row6 = [i for i in items if i.seq == "6"]
    assert len(row6) == 1 and (row6[0].start_line, row6[0].end_line) == (48, 51)
    row4 = [i for i in items if i.seq == "4"]
    assert len(row4) == 6 and "按照规定权限参与调查特种设备事故。" in [i.task for i in row4]
    assert "<p>" not in "".join(i.task + i.accountability for i in items)
    row3 = [i for i in items if i.seq == "3"][0]
    assert "违反本法规定的行为进行查处" in row3.accountability  # joined across the page break (33 → 36)


def test_duty_columns(corpus):
    items0 = records(corpus, F0, "duty_item")
    assert sum(1 for i in items0 if i.legal_basis == "三定方案") >= 15
    assert {i.responsible_unit for i in items0 if i.responsible_unit} >= {"常德市计量测试检定所", "常德市纤维检验监督管理局"}
    items1 = records(corpus, F1, "duty_item")
    assert {i.responsible_unit for i in items1} >= {"办公室（法规股）", "质量监督股", "稽查股", "标准计量股", "特种设备安全股"}
    assert not any("标准计量股、标准计量股" in i.responsible_unit for i in items1)


def test_penalty_fines_structured(corpus):
    by_line = {(p.source, p.start_line): p for p in corpus.records if p.kind == "penalty_clause"}
    p = by_line[(F4, 32)]
    assert p.violation == "未取得设备监理单位资格而承揽设备监理业务的"
    assert [(f.form, f.minimum, f.maximum, f.unit) for f in p.fines] == [("range", 10000, 30000, "元")]
    assert p.measures == ["责令改正", "罚款"] and not p.quoted_statute
    fixed = by_line[(F2, 770)].fines[0]
    assert (fixed.form, fixed.minimum, fixed.unit) == ("fixed", 3000, "元")
    pct = by_line[(F0, 1011)].fines[0]
    assert (pct.form, pct.minimum, pct.maximum, pct.unit, pct.basis) == ("range", 10, 50, "%", "违法所得")
    assert by_line[(F4, 345)].fines[0].maximum == 30000  # 三万元 as a number
    assert by_line[(F0, 959)].fines[0].maximum == 1000  # 1千元
    quoted = by_line[(F0, 1203)]
    assert quoted.quoted_statute and quoted.statute == "中华人民共和国产品质量法" and len(quoted.fines) == 2
    listed = by_line[(F4, 164)]
    assert (listed.end_line, len(listed.items)) == (174, 5) and listed.items[1].startswith("2、伪造数据")
    multiple = by_line[(F2, 820)].fines[0]
    assert (multiple.unit, multiple.basis, multiple.maximum) == ("倍", "货值金额", 3)


def _inside(src, text, start, end) -> bool:
    return squash(text) in squash("".join(src.span(start, end)))


def test_every_record_text_is_inside_its_cited_lines(corpus):
    checked = 0
    for pl in corpus.lists:
        for r in pl.records:
            assert 1 <= r.start_line <= r.end_line <= len(pl.source), r
            assert _inside(pl.source, r.text, r.start_line, r.end_line), (r.source, r.start_line, r.text[:30])
            checked += 1
            for e in getattr(r, "entries", []):
                assert r.start_line <= e.start_line <= e.end_line <= r.end_line
                assert _inside(pl.source, e.department + e.duty, e.start_line, e.end_line) or (
                    _inside(pl.source, e.department, e.start_line, e.end_line) and _inside(pl.source, e.duty, e.start_line, e.end_line))
            for s in getattr(r, "sections", []):
                assert r.start_line <= s.start_line <= s.end_line <= r.end_line
                assert _inside(pl.source, s.text, s.start_line, s.end_line)
            if getattr(r, "case", ""):
                assert _inside(pl.source, r.case, r.case_start, r.case_end)
            for item in getattr(r, "items", []):
                assert _inside(pl.source, item, r.start_line, r.end_line)
            for c in getattr(r, "contacts", []):
                assert _inside(pl.source, c.phone, r.start_line, r.end_line)
    assert checked == sum(sum(v.values()) for v in EXPECTED.values())


def test_personal_data_is_in_no_record(corpus):
    blob = json.dumps([r.to_dict() for r in corpus.records], ensure_ascii=False)
    for secret in ("张凌铭", "13973660265", "250439028", "陈发新", "5255889"):
        assert secret not in blob


def test_ids_stable_and_dicts_round_trip(corpus):
    from assistant.corpus.load import load_corpus
    from tests.conftest import CORPUS

    again = load_corpus(CORPUS)
    assert [r.id for r in again.records] == [r.id for r in corpus.records]
    assert len({r.id for r in corpus.records}) == len(corpus.records)
    for r in corpus.records:
        back = Record.from_dict(json.loads(json.dumps(r.to_dict(), ensure_ascii=False)))
        assert back == r and back.id == r.id
