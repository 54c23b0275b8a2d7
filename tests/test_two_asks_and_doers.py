"""Two departments asked in one message, and who did the conduct a fine is asked for — on the real
corpus and index: each asking sentence's department in the first line (and only the one asked when one
is), a person's conduct not fined by a clause on bodies (nor the reverse), a clause on 设备监理 only for a
question naming it, and a yes/no "是去找质监局吗" routed like "找谁"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def first_line(result) -> str:
    return result.answer.body.split("\n", 1)[0]


def test_two_sentences_asking_who_each_get_their_department_in_the_first_line(answerer):
    line = first_line(answerer.ask("常德想收鲜茧的话，收购资格证书是哪个部门发？营业执照登记又归谁？"))
    assert line.startswith("找市经信委") and "鲜茧收购资格证书" in line and "市工商局" in line and "登记注册" in line
    one = first_line(answerer.ask("常德想收鲜茧的话，收购资格证书是哪个部门发？"))
    assert one.startswith("找市经信委") and "工商局" not in one


def test_each_part_read_with_its_own_everyday_words(answerer):
    both = first_line(answerer.ask("文安有人用快递寄危险化学品，这归谁查？危化品的道路运输许可又是哪个部门的事？"))
    assert "邮政局" in both and "交通局" in both
    alone = first_line(answerer.ask("文安有人用快递寄危险化学品，这归谁查？"))
    assert alone.startswith("找县邮政局") and "交通局" not in alone


def test_a_persons_conduct_is_not_fined_by_a_clause_on_bodies(answerer):
    person = answerer.ask("文安县的计量检定人员伪造检定数据，具体罚款是多少钱？")
    assert "没有写明" in first_line(person) and "一千元" not in person.answer.body
    body = answerer.ask("文安县的计量检定机构伪造数据，罚多少？")
    assert "一千元以下" in first_line(body)
    assert {(c.source, c.start_line) for c in body.answer.citations} == {("001_2320c17b8dd43b94.txt", 1161)}


def test_a_clause_on_equipment_supervisors_fines_only_them(answerer):
    maker = answerer.ask("衡水的特种设备制造单位超出许可范围生产，罚款多少钱？")
    assert "1万元以上3万元以下" not in maker.answer.body
    supervisor = answerer.ask("衡水的设备监理单位超越核准资格范围承揽业务，罚多少？")
    assert "1万元以上3万元以下" in first_line(supervisor)


def test_asking_whether_to_go_to_the_bureau_is_a_routing_question(answerer):
    line = first_line(answerer.ask("在定安商场买的鞋，穿几天就开胶了，商场不给退，是去找质监局吗？"))
    assert line.startswith("找县工商局") and "流通领域" in line


def test_two_conducts_asked_of_one_bureau_each_get_their_measures_named_by_conduct(answerer):
    both = first_line(answerer.ask("常德一家做水表的厂，搬了新厂址后一直没去办许可证变更手续，出厂的水表上也没印制造许可证的"
                                   "标志和编号。这两件事各自最多罚多少？"))
    assert "1万元以下" in both and "3万元以下" in both and "未标注" in both
    one = first_line(answerer.ask("常德一家做水表的厂，搬了新厂址后一直没去办许可证变更手续，最多罚多少？"))
    assert "1万元以下" in one and "3万元以下" not in one and "（" not in one.split("：", 1)[0]
