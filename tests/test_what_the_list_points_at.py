"""What an answer says beyond the sentence found, on the real corpus and index: the article a sentence hands a
case to, where the list quotes it; the 主要职责 a task falls under, when asked; that a bureau's table gives no
department the thing an earlier question asked about; that the line found names no legal basis."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def first_line(result) -> str:
    return result.answer.body.split("\n", 1)[0]


def cited(result) -> set[tuple[str, int, int]]:
    return {(c.source[:3], c.start_line, c.end_line) for c in result.answer.citations}


def test_an_article_a_regime_hands_the_case_to_is_quoted_where_the_list_quotes_it(answerer):
    result = answerer.ask("常德企业不让质监进厂做产品质量监督检查，会有什么后果？")
    line = first_line(result)
    assert "第五十六条规定处理" in line
    # 常德 quotes article 56 of the 产品质量法 on line 1201: what it says comes with the sentence, cited there
    assert "清单所引该法第五十六条" in line and "吊销营业执照" in line
    assert ("000", 1201, 1201) in cited(result)
    # the same sentence said twice in the regime (lines 1306 and 1318) is quoted once
    twice = answerer.ask("常德的企业没正当理由拒绝产品质量监督抽查，按产品质量法哪条处理？最重会到什么程度？")
    assert first_line(twice).count("无正当理由拒绝接受依法进行的监督抽查") == 1
    # a sentence handing a case to no article gets no quotation
    plain = first_line(answerer.ask("常德去企业抽样，一个人去行不行？"))
    assert "清单所引" not in plain


def test_asked_under_which_main_duty_a_task_falls_the_first_line_names_it(answerer):
    line = first_line(answerer.ask("博山区质监局管不管汽车三包？要是管的话，是放在它哪一项职责里的？"))
    assert "三包" in line and "属于主要职责「负责全区质量宏观管理工作」" in line
    # asked which 股 only: the unit answers, no main duty is added
    unit = first_line(answerer.ask("文安局里地理标志产品的日常监管放在哪个股？"))
    assert unit.startswith("标准计量股") and "属于主要职责" not in unit


def test_a_follow_up_to_another_bureau_says_its_table_gives_no_department_the_thing_asked(answerer):
    history = [{"role": "user", "content": "文安有人用快递寄危险化学品，归谁管？"},
               {"role": "assistant", "content": "按文安清单，寄递危险化学品的行为由县邮政局依法查处。"}]
    line = first_line(answerer.ask("常德呢？", history=history))
    # 常德's 危险化学品 table names no 邮政 and no 寄递: it does not say who handles it, and says so first
    assert line.startswith("常德市质量技术监督局的清单没有写明“快递”由哪个部门负责")
    # 文安's own table does give it to the 邮政局
    own = first_line(answerer.ask("文安有人用快递寄危险化学品，归谁管？"))
    assert "邮政" in own and "没有写明" not in own


def test_a_law_asked_of_a_line_naming_none_is_said_not_to_be_stated(answerer):
    line = first_line(answerer.ask("文安县质监局办特种设备使用登记，依据的是哪部法律哪一条？"))
    # the regime found is named in 《》 on its source line; that names no law for the registration
    assert line == "文安县质量技术监督局的清单没有写明这方面的法律依据。"
    given = first_line(answerer.ask("常德质监局管机动车安检机构的监督，清单写的法律依据是什么？"))
    assert "道路交通安全法" in given


def test_a_unit_and_its_phone_asked_together_are_answered_from_the_service_row(answerer):
    # "承办股室和电话": two things asked, joined by 和, not a kind of phone ("救援电话") the row must name
    line = first_line(answerer.ask("文安特种设备作业人员培训发证，承办股室和电话给一下"))
    assert "特种设备安全监察股" in line and "0316-5255861" in line
    assert "0533-4189440" in first_line(answerer.ask("博山区质监局搞标准化宣传培训（标准日活动），承办科室和电话是什么？"))
    # a kind of phone the row does not speak of still finds none
    assert answerer.ask("文安特种设备作业人员培训发证的救援电话是多少？").answer.refused


def test_two_departments_asked_in_two_sentences_both_come_first(answerer):
    line = first_line(answerer.ask("文安 保健食品广告 谁监督检查？食品药品犯罪案件侦查又是谁"))
    assert "县公安局" in line and "县工商局" in line
    # "林场里用的农药" is 林业's, "粮库里储粮用的" the 粮食局's
    both = first_line(answerer.ask("常德林场里用的农药怎么安全使用，谁来指导？粮库里储粮用的农药又是谁指导？"))
    assert "市林业局" in both and "市粮食局" in both and "安监局" not in both
    # one question about a restaurant meal: the 餐饮服务 supervisor, not the epidemiologists
    meal = first_line(answerer.ask("在常德一家饭店吃了顿饭，回家就上吐下泻，怀疑饭菜不干净，该找哪个部门反映？"))
    assert meal.startswith("找市食药监局")
    outbreak = first_line(answerer.ask("常德一家饭店吃完一桌人上吐下泻，查中毒原因、救治病人是哪个部门的事？"))
    assert outbreak.startswith("找市卫计委")


def test_a_unit_asked_before_is_answered_from_the_service_row_naming_one(answerer):
    history = [{"role": "user", "content": "常德考特种设备操作证找哪个科？"},
               {"role": "assistant", "content": "找常德市质监局特安科，电话0736-2691625或0736-2691658。"}]
    line = first_line(answerer.ask("那办商品条码呢？", history=history))
    assert "信息管理所" in line and "0736-2691701" in line


def test_sentences_alike_but_for_a_number_are_two_rules():
    from assistant.answer.writers.regime import _numbers

    assert _numbers("1、每年至少检查1次") == _numbers("每年至少检查1次")
    assert _numbers("每年至少检查1次") != _numbers("每年至少检查2次")


def test_a_follow_up_on_a_new_topic_of_the_same_bureau_borrows_no_unassigned_words(answerer):
    history = [{"role": "user", "content": "定安烟花爆竹燃放出了事归谁管？"},
               {"role": "assistant", "content": "定安的清单没有写明燃放由哪个部门负责。"}]
    line = first_line(answerer.ask("那质量问题找谁？", history=history))
    assert "“燃放”" not in line
