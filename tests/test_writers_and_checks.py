"""The template writer and the honesty checks on a hand-made list: three records, their hits,
exact expected lines. No index, no embedder."""

from __future__ import annotations

import pytest

from assistant.answer.checks import drop_unsupported_lines, has_phone, line_problems, markers, units_in
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query
from assistant.answer.templates import load_templates
from assistant.answer.types import Answer, Citation
from assistant.answer.writers import WriterError, get_writer, writer_name
from assistant.answer.writers.template import TemplateWriter
from assistant.corpus.manifest import Bureau
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import BoundaryMatter, DepartmentDuty, Fine, PenaltyClause, ServiceItem
from assistant.policy import default_policy
from assistant.search.chunk import Chunk, chunk_corpus
from assistant.search.lexical import BM25, tokenize
from assistant.search.retrieve import Hit
from tests.conftest import ROOT

FILE = "900_test.txt"
LINES = [
    "青禾县市场监督管理局责任清单",  # 1
    "管理事项：产品质量投诉",  # 2
    "县工商局：受理流通领域产品质量投诉、举报和咨询。",  # 3
    "县质监局：受理工业产品质量和计量投诉举报。",  # 4
    "服务事项：计量器具检定 承办机构：计量股 联系电话：0000-1234567",  # 5
    "对销售未经检定的计量器具的，处3000元以下罚款。",  # 6
]
BUREAU = Bureau(file=FILE, bureau="青禾县市场监督管理局", short_name="青禾县", aliases=("青禾",))
MATTER = BoundaryMatter(source=FILE, start_line=2, end_line=4, bureau=BUREAU.bureau, section_path=["职责边界"],
                        matter="产品质量投诉", entries=[
                            DepartmentDuty(start_line=3, end_line=3, department="县工商局", duty="受理流通领域产品质量投诉、举报和咨询。"),
                            DepartmentDuty(start_line=4, end_line=4, department="县质监局", duty="受理工业产品质量和计量投诉举报。")])
SERVICE = ServiceItem(source=FILE, start_line=5, end_line=5, bureau=BUREAU.bureau, section_path=["公共服务"],
                      name="计量器具检定", content="计量器具检定", units=["计量股"], phones=["0000-1234567"])
CLAUSE = PenaltyClause(source=FILE, start_line=6, end_line=6, bureau=BUREAU.bureau, section_path=["监管制度"],
                       sentence="对销售未经检定的计量器具的，处3000元以下罚款。", violation="销售未经检定的计量器具",
                       fines=[Fine(form="cap", maximum=3000.0, unit="元")])


@pytest.fixture(scope="module")
def ctx() -> AnswerContext:
    chunks = chunk_corpus([MATTER, SERVICE, CLAUSE], {FILE: BUREAU})
    bm25 = BM25.build([tokenize(f"{c.section} {c.text}") for c in chunks])
    return AnswerContext(records={r.id: r for r in (MATTER, SERVICE, CLAUSE)},
                         sources={FILE: SourceText(FILE, LINES)}, bureaus={FILE: BUREAU},
                         templates=load_templates(ROOT / "prompts" / "answers.toml"), bm25=bm25, policy=default_policy())


def hits_of(kinds: list[str], ctx: AnswerContext) -> list[Hit]:
    chunks = chunk_corpus([MATTER, SERVICE, CLAUSE], {FILE: BUREAU})
    ordered = [c for k in kinds for c in chunks if c.kind == k]
    return [Hit(c, 1.0 / (i + 1), i + 1) for i, c in enumerate(ordered)]


def query(text: str, intent: str) -> Query:
    return Query(text, text, [FILE], [], intent, text)


def test_registry_chunks_each_kind(ctx):
    chunks: list[Chunk] = chunk_corpus([MATTER, SERVICE, CLAUSE], {FILE: BUREAU})
    assert [(c.kind, c.start_line, c.end_line, c.part) for c in chunks] == [
        ("boundary_entry", 3, 3, 0), ("boundary_entry", 4, 4, 1), ("service_item", 5, 5, 0), ("penalty_clause", 6, 6, 0)]
    assert chunks[0].section_path == ["职责边界", "县工商局"] and "职责分工：受理流通领域" in chunks[0].text


def test_template_writer_routes_with_markers_that_point_at_their_lines(ctx):
    answer = TemplateWriter().write(WriteRequest(query("商场买的东西质量差找谁投诉", "routing"), hits_of(["boundary_entry"], ctx), ctx))
    lines = answer.body.split("\n")
    # a matter of two departments: both in the first line, the best-matching one first
    assert lines[:2] == ["找县工商局：受理流通领域产品质量投诉、举报和咨询。[1]；县质监局：受理工业产品质量和计量投诉举报。[2]",
                         "（青禾县市场监督管理局的清单，管理事项「产品质量投诉」）"]
    assert [(c.start_line, c.end_line) for c in answer.citations] == [(3, 3), (4, 4)]


def test_the_department_the_question_describes_comes_first(ctx):
    # retrieval ranked 县工商局 first; the question's words are 县质监局's duty
    answer = TemplateWriter().write(WriteRequest(query("工业产品质量和计量的投诉举报找谁", "routing"),
                                                 hits_of(["boundary_entry"], ctx), ctx))
    assert answer.body.split("\n")[0] == "找县质监局：受理工业产品质量和计量投诉举报。[1]；县工商局：受理流通领域产品质量投诉、举报和咨询。[2]"


def test_penalty_answers_lead_with_the_fine(ctx):
    answer = TemplateWriter().write(WriteRequest(query("销售未经检定的计量器具罚多少", "penalty"), hits_of(["penalty_clause"], ctx), ctx))
    assert answer.body.split("\n")[0] == "青禾县：处3000元以下罚款[1]"
    assert line_problems(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names) == []


def test_template_writer_gives_the_listed_phone(ctx):
    answer = TemplateWriter().write(WriteRequest(query("计量器具检定电话", "contact"), hits_of(["service_item"], ctx), ctx))
    assert "0000-1234567" in answer.body and has_phone(answer) and answer.kind == "contact"


def test_a_line_with_an_invented_number_or_unit_is_reported_and_dropped(ctx):
    cite = Citation(FILE, 6, 6, BUREAU.bureau, "监管制度")
    answer = Answer(body="青禾县：处3000元以下罚款[1]\n青禾县：处5000元以下罚款[1]\n由县公安局处理[1]\n详见[2]",
                    citations=[cite])
    problems = line_problems(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    # the segmenter cuts 县公安局 whole or as 县 / 公安局, depending on the domain words loaded
    assert [(p.line, p.check, p.detail.removeprefix("县")) for p in problems] == [
        (1, "number", "5000"), (2, "unit", "公安局"), (3, "marker", "[2]")]
    kept = drop_unsupported_lines(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    assert kept.body == "青禾县：处3000元以下罚款[1]"


def test_a_phone_not_in_any_cited_line_is_reported(ctx):
    answer = Answer(body="请拨打 0000-7654321[1]", citations=[Citation(FILE, 5, 5, BUREAU.bureau, "公共服务")])
    checks = {p.check for p in line_problems(answer, ctx.cited_text, ctx.policy.checks)}
    assert checks == {"number", "phone"}


def test_generic_unit_words_and_bureau_names_pass(ctx):
    policy = ctx.policy.checks
    assert units_in("以上按各局分别列出，相关科室负责", policy) == []
    assert units_in("找县工商局或计量股", policy) == ["工商局", "计量股"]
    answer = Answer(body="青禾县市场监督管理局：县工商局受理[1]", citations=[Citation(FILE, 3, 3, BUREAU.bureau, "")])
    assert line_problems(answer, ctx.cited_text, policy, ctx.bureau_names) == []
    assert markers("a[1]b[12]c[2015]") == [1, 12]


def test_writer_registry_names_and_errors(monkeypatch):
    assert writer_name() == "template" and get_writer().name == "template"
    monkeypatch.setenv("ASSISTANT_WRITER", "poet")
    with pytest.raises(WriterError, match="unknown writer 'poet'"):
        get_writer()


def test_measures_start_after_the_conduct_and_keep_the_escalation_asked(ctx):
    from assistant.answer.writers.clause_parts import measures_part

    sentence = "制造计量器具擅自改变关键零部件的，责令限期改正；逾期不改正的，没收违法制造的计量器具，并处货值金额一倍以上三倍以下罚款；情节严重的，吊销许可证。"
    # asked about the escalation: the main measures and that escalation; 情节严重 is not asked
    assert measures_part(sentence, "逾期不改正罚多少", ctx.relevance) == (
        "责令限期改正；逾期不改正的，没收违法制造的计量器具，并处货值金额一倍以上三倍以下罚款")
    # short enough: every measure, word for word
    assert measures_part(sentence, "怎么处理", ctx.relevance, whole_below=200) == sentence[sentence.index("责令"):].rstrip("。")
    # a condition listing several conducts ("…的，…的，") is not a measure
    listed = "对未办理许可擅自制造的，未重新办理许可擅自修理的，责令限期办理许可；逾期未办理的，处1万元以下罚款。"
    assert measures_part(listed) == "责令限期办理许可；逾期未办理的，处1万元以下罚款"
    # the measures start at the first sanction when it comes before any "…的，" (文安 1165)
    head = "（三）对于有下列行为之一的机构，予以警告，并处一千元以下的罚款；情节严重的，吊销其计量授权证书。"
    assert measures_part(head, "罚款上限是多少？", ctx.relevance, whole_below=200) == (
        "予以警告，并处一千元以下的罚款；情节严重的，吊销其计量授权证书")
    assert measures_part(head, "罚款上限是多少？", ctx.relevance).startswith("予以警告，并处一千元以下的罚款")


def test_a_long_statute_is_quoted_with_the_items_asked_about():
    from assistant.answer.writers.clause_parts import focus_listed

    article = "第九十四条:工作人员有下列行为之一的,依法给予处分:(一)不予取缔的;(二)不予查处的;(三)推荐或者监制、监销特种设备的;(四)泄露商业秘密的"
    assert focus_listed(article, lambda t: 1.0 if "监制" in t else 0.0) == (
        "第九十四条:工作人员有下列行为之一的,依法给予处分:(三)推荐或者监制、监销特种设备的……")


def test_question_parts_and_the_clause_that_asks():
    from assistant.answer.query import asking_clause
    from assistant.answer.writers.regime_reader import question_parts

    assert question_parts("多久作出处理决定？能延长吗？") == ["多久作出处理决定", "能延长吗"]
    assert question_parts("涉案货值多少算巨大？") == ["涉案货值多少算巨大"]
    assert asking_clause("企业提了复查申请，质监部门多少天内要组织复查", ("多少", "什么")) == "质监部门多少天内要组织复查"
    assert asking_clause("多少天内要组织复查", ("多少",)) == ""


def test_case_clauses_say_what_each_department_did():
    from assistant.answer.writers.routing import case_clauses

    case = "某网店销售假冒商品，消费者投诉后，市场监管部门依法立案查处，商务部门配合提供平台信息。"
    departments = ["市市场监督管理局", "市商务局"]
    assert case_clauses(case, "市市场监督管理局", departments) == ["消费者投诉后，市场监管部门依法立案查处"]
    assert case_clauses(case, "市商务局", departments) == ["商务部门配合提供平台信息"]
    # 住建 abbreviates 住房和城乡建设; a clause naming both departments belongs to neither
    both = "住建部门约谈物业服务企业，市场监管部门和住建部门联合检查。"
    assert case_clauses(both, "区住房和城乡建设局", ["区住房和城乡建设局", "区市场监督管理局"]) == ["住建部门约谈物业服务企业"]


def test_list_items_know_the_line_that_introduces_them():
    from assistant.answer.writers.regime_reader import regime_lines
    from assistant.corpus.records import Regime, RegimeSection

    lines = ["监督检查程序", "（4）样品无偿提供。", "（5）不得抽样的情形：", "①无通知书的；", "②不用于销售的；", "（6）拒绝抽查的，填写认定表。"]
    source = SourceText("x.txt", lines)
    regime = Regime(source="x.txt", start_line=1, end_line=6, bureau="b", regime_title="抽查",
                    sections=[RegimeSection(start_line=1, end_line=6, heading="监督检查程序", text="")])
    assert [(ln.n, ln.lead_in) for ln in regime_lines(regime, source)] == [(2, 0), (3, 0), (4, 3), (5, 3), (6, 0)]


def test_an_article_is_quoted_where_its_text_follows_its_number():
    from assistant.answer.checks import unquoted_articles
    referred = "按照《中华人民共和国产品质量法》第四十九条、第五十条规定处理。"
    quoted = "《特种设备安全法》第九十四条：违反本法规定，负责特种设备安全监督管理的部门……"
    assert unquoted_articles("第四十九条是什么", [referred]) == []  # named in the list
    assert unquoted_articles("第四十九条原文是什么", [referred], asks_wording=True) == ["第四十九条"]
    assert unquoted_articles("第九十四条原文是什么", [quoted], asks_wording=True) == []
    assert unquoted_articles("第五十条的规定原文", ["第五十条规定：生产者应当……"], asks_wording=True) == []
    assert unquoted_articles("第八十四条原文", [referred, quoted], asks_wording=True) == ["第八十四条"]
