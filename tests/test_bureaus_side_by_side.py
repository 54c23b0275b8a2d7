"""Answers that name several bureaus, or look past the first text found, on the real corpus and index:
bureaus asked of in sentences of their own are answered side by side (penalties too, a list with no rule
saying so), one service's units and phones in the first line, a time asked of a unit found in a regime,
and what a list says on a conduct it sets no fine for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def first_line(result) -> str:
    return result.answer.body.split("\n", 1)[0]


def test_bureaus_asked_in_sentences_of_their_own_are_answered_side_by_side(answerer):
    line = first_line(answerer.ask("没有制造许可擅自生产计量器具，博山的清单写了罚多少吗？常德呢？"))
    assert line.startswith("博山区：") and "没有写明" in line.split("；")[0]
    assert "常德市：" in line and "百分之十至百分之五十" in line
    # one bureau asked of, another only mentioned in the same sentence: one bureau's answer
    one = answerer.ask("我是衡水人，现在在常德开了个修秤的铺子，没办修理计量器具许可证，会怎么罚？")
    assert {c.source[:3] for c in one.answer.citations} == {"000"}


def test_a_bureau_without_a_fine_says_so_beside_the_other_and_no_regime_step_stands_for_one(answerer):
    line = first_line(answerer.ask("没取得计量检定员资格就上岗做检定，定安怎么罚？文安的清单又是怎么写的？"))
    assert line.startswith("定安县：") and "1千元以下" in line
    assert "文安县：清单没有写明这一行为的罚款金额；清单的相关规定：" in line
    # 文安's only matching sentence is a step of checking ("是否存在无证…行为"): no answer to 怎么罚
    assert "是否存在" not in first_line(answerer.ask("无证修理计量器具，在常德和文安分别怎么罚？"))
    # a story sentence naming one bureau and a question naming another ask two things, not one of both
    story = first_line(answerer.ask("上个月在文安被罚了，罚得对吗？现在搬到常德了，常德办计量器具许可证找哪个科？"))
    assert not story.startswith("文安县：")


def test_one_service_asked_of_two_bureaus_gives_both_phones_first(answerer):
    line = first_line(answerer.ask("商品条码的咨询服务，常德和定安分别打什么电话？"))
    assert "0736-2691701" in line and "63823756" in line
    one = first_line(answerer.ask("商品条码的咨询服务，常德打什么电话？"))
    assert "0736-2691701" in one and "63823756" not in one


def test_a_time_asked_of_a_unit_is_found_in_the_regime_that_sets_it(answerer):
    line = first_line(answerer.ask("博山有举报人来电追问：质监局已经对他举报的那家厂立案了，一般多久会出处理结果？"))
    assert "3个月内" in line and "没有写明" not in line


def test_a_fine_the_list_does_not_set_is_answered_with_what_the_regime_says(answerer):
    result = answerer.ask("没取得计量检定员资格就上岗做检定，文安怎么罚？")
    assert "没有写明" in first_line(result) and not result.answer.refused
    assert [c.source[:3] for c in result.answer.citations] == ["001"]
    assert "计量检定人员" in result.answer.body and "依法查处" in result.answer.body
    # a list's lead-in to the measures it lists is never shown as what it says
    duty = answerer.ask("博山区质监局在特种设备方面具体做哪些事？")
    assert "可作如下处理：[" not in duty.answer.body


def test_everyday_words_for_food_samples_and_false_reports(answerer):
    assert first_line(answerer.ask("常德进口奶粉的质量归谁管？")).startswith("找市出入境检验检疫局")
    fine = first_line(answerer.ask("常德有家检测公司收了钱就给出合格报告，其实根本没检。这种检测机构要罚多少钱？"))
    assert "五万元以上十万元以下" in fine
    # paying for a test and waiting for its report is no fraud
    assert "伪造" not in answerer.ask("常德送检要收钱吗？收了钱多久出报告？").answer.body


def test_a_basis_not_named_is_said_so_and_a_basis_given_or_not_asked_is_not(answerer):
    line = first_line(answerer.ask("文安县质监局哪个股负责特种设备使用登记，依据的是哪部法律哪一条？"))
    assert line.startswith("特种设备安全股") and "没有写明这方面的法律依据" in line
    assert "没有写明这方面的法律依据" not in answerer.ask("常德的特种设备使用登记要带什么文件？").answer.body
    named = answerer.ask("常德质监局管家电上的能效标识，依据的是哪个办法第几条？").answer.body
    assert "第十六条" in first_line_of(named) and "没有写明" not in named


def first_line_of(body: str) -> str:
    return body.split("\n", 1)[0]
