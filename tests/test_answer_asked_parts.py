"""What the question asks, each part of it, in the first line — on the real corpus and index: the legal
basis asked with who handles it, the article a sentence hands a case to, a phone named by who takes the
call, the step a time is asked for, a share answering how many, a follow-up asking whether another list
sets the number, and everyday words for forest produce and counterfeit brands."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

F0, F2, F4 = "000_e78a3302d4a7bc81.txt", "002_0b6741967b43ba95.txt", "004_4709594b1805b681.txt"


def first_line(result) -> str:
    return result.answer.body.split("\n", 1)[0]


def history(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


@pytest.mark.parametrize("question", [
    "常德酒店游泳池出了溺水事故归哪个部门负责？依据是什么文件？",
    "常德对外营业的酒店泳池安全检查由谁负责，凭什么法规？",
])
def test_the_basis_asked_with_who_handles_it_is_in_the_line_naming_who(answerer, question):
    line = first_line(answerer.ask(question))
    assert "文体广新局" in line and "经营高危性体育项目许可管理办法" in line


def test_the_basis_asked_alone_comes_first_and_unasked_it_is_not_in_the_first_line(answerer):
    assert first_line(answerer.ask("常德酒店游泳池安全检查的法律依据是什么？")).startswith("相关依据：")
    line = first_line(answerer.ask("常德酒店游泳池出了溺水事故归哪个部门负责？"))
    assert "文体广新局" in line and "依据" not in line


def test_the_duty_unit_and_its_basis_asked_together_share_the_first_line(answerer):
    line = first_line(answerer.ask("常德计量器具的强制检定是哪个单位在做？依据计量法哪一条？"))
    assert "计量测试检定所" in line and "第九条" in line


def test_a_sentence_handing_a_case_to_an_article_is_followed_by_that_article_as_the_list_quotes_it(answerer):
    result = answerer.ask("常德企业无正当理由拒绝监督抽查会怎么处理？")
    line = first_line(result)
    assert "第五十六条" in line and "停业整顿" in line and "吊销营业执照" in line
    cited = {(c.start_line, c.end_line) for c in result.answer.citations if c.source == F0}
    assert (1306, 1306) in cited and (1201, 1201) in cited


@pytest.mark.parametrize("question", [
    "文安投诉计量纠纷，接待电话多少？",
    "文安买到劣质产品想举报，质监局有专门电话吗？",
    "文安有个摊贩的秤缺斤少两，顾客跟我吵了一架。我想找文安质监局申诉举报，问该打哪个电话？",
])
def test_a_phone_named_by_who_takes_the_call_is_the_complaint_services(answerer, question):
    result = answerer.ask(question)
    assert not result.answer.refused and "0316-5255911" in first_line(result)


def test_a_kind_of_phone_no_service_speaks_of_is_still_not_given(answerer):
    result = answerer.ask("文安质监局的救援电话是多少？")
    assert result.answer.refused and "5255" not in result.answer.body


def test_the_time_to_tell_the_trader_is_the_time_to_notify(answerer):
    result = answerer.ask("衡水抽检的初检结果出来后几天内要告诉被抽样的经营者？")
    assert "五个工作日内" in first_line(result) and "没有写明" not in result.answer.body


def test_a_share_of_the_firms_answers_how_many_firms(answerer):
    line = first_line(answerer.ask("文安对获证企业的自查报告做实地抽查，一般抽多少家？"))
    assert "10%以内" in line and "没有写明" not in line


def test_a_follow_up_asking_whether_another_list_sets_the_time_is_told_it_does_not(answerer):
    earlier = history("衡水流通领域商品抽检，经营者对检验结果有异议，多少天内能申请复检？",
                      "自收到检验结果通知书之日起十五日内，向实施抽检的市场监督管理部门提出书面复检申请。")
    result = answerer.ask("定安县有这个期限规定吗？", earlier)
    line = first_line(result)
    assert "定安" in line and "没有写明" in line
    assert not any(c.source == F2 for c in result.answer.citations)
    # asked of a list that does set one, the time is the answer
    assert "15日内" in answerer.ask("常德有这个期限规定吗？", earlier).answer.body


def test_a_short_question_pointing_back_is_a_follow_up(answerer):
    earlier = history("常德的车检站给车出假检测报告，谁来查？", "市公安局负责对出具虚假检验结果等违法违规检验行为进行查处。")
    result = answerer.ask("定安是不是也这样？", earlier)
    assert not result.answer.refused and "公安" in first_line(result)
    assert any(c.source == F2 for c in result.answer.citations)


def test_a_time_to_decide_on_a_case_is_a_regime_question_though_it_names_a_complaint(answerer):
    line = first_line(answerer.ask("文安质监局收到举报以后多久决定立不立案？"))
    assert "15日内" in line and "立案" in line


def test_forest_produce_in_everyday_words_goes_to_the_forestry_bureau(answerer):
    result = answerer.ask("文安山上采的栗子进市场前出了质量问题归谁管？")
    assert first_line(result).startswith("找县林业局")


def test_a_counterfeit_of_a_famous_brand_is_not_the_brand_programme(answerer):
    result = answerer.ask("衡水有人在店里卖假名牌包，这事归谁查？")
    assert not result.answer.refused and "商标侵权" in first_line(result)


def test_a_fine_named_by_its_amount_is_checked_against_the_clause_for_the_conduct(answerer):
    line = first_line(answerer.ask("定安企业擅自改变已获型式批准的计量器具的结构，是不是罚三千以下？"))
    assert "一倍以上三倍以下" in line and "三千元" not in line


def test_a_yes_no_question_no_regime_is_about_is_answered_by_the_duty_naming_it(answerer):
    result = answerer.ask("博山质监局管不管拿了生产许可证的化妆品企业的监督检查？")
    assert not result.answer.refused and "不含食品、食品添加剂、化妆品" in first_line(result)


def test_the_duty_tables_word_for_a_product_code_answers_the_barcode_question(answerer):
    line = first_line(answerer.ask("文安县商品条码工作是哪个股在管？"))
    assert "标准计量股" in line


def test_a_complaint_about_clothes_is_a_product_complaint_not_a_fibre_topic_the_list_lacks(answerer):
    result = answerer.ask("在定安商场买的羽绒服跑绒，商场不退，找哪个部门投诉？")
    assert not result.answer.refused and first_line(result).startswith("找县工商局")
    assert "十五日内" in first_line(answerer.ask("衡水抽检说我店里羽绒服不合格，我不服，几天内能申请复检？"))


def test_a_time_running_from_a_step_does_not_answer_how_long_until_that_step(answerer):
    line = first_line(answerer.ask("博山质监局接到举报后几天内决定是否立案？"))
    assert "没有写明" in line and "3个月" not in line
    # asked what it does answer, the time from 立案 is the answer
    assert "3个月内" in first_line(answerer.ask("博山立案之后多久要作出处理决定？"))


def test_the_basis_of_a_fine_asked_is_the_law_its_part_opens_with(answerer):
    result = answerer.ask("衡水没有设备监理资格承揽监理业务，罚多少？按哪个办法罚的？")
    line = first_line(result)
    assert "设备监理单位资格管理办法" in line and "1万元以上3万元以下" in line
    assert any(c.source == F4 and c.start_line == 30 for c in result.answer.citations)
    # not asked, the fine stands alone
    assert "办法" not in first_line(answerer.ask("衡水没有设备监理资格承揽监理业务，罚多少？"))


def test_two_bureaus_each_asked_how_they_rule_are_answered_side_by_side(answerer):
    line = first_line(answerer.ask("抽样人员至少几个？常德的监督抽查和衡水的流通领域抽检各是怎么规定的？"))
    assert line.startswith("常德市：") and "不得少于2名" in line and "衡水市：" in line and "不得少于两人" in line
