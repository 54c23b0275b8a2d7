"""The fact asked for, or that the list does not state it — on the real corpus and index:
fines for other conduct are never quoted as the answer, a question for a quantity gets a
sentence holding that quantity (or is told the list gives none), and the first line names
what was asked (the unit of the duty, the department of each part of a case)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

F0, F1, F2, F3, F4 = (
    "000_e78a3302d4a7bc81.txt", "001_2320c17b8dd43b94.txt", "002_0b6741967b43ba95.txt",
    "003_96b6d37a1365f6e3.txt", "004_4709594b1805b681.txt",
)
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NOT_STATED = re.compile(r"没有写明|没有找到|没有提到")


def first_line(result) -> str:
    return result.answer.body.split("\n", 1)[0]


def cited(result, source):
    return [(c.start_line, c.end_line) for c in result.answer.citations if c.source == source]


def answered(answerer, questions) -> list[str]:
    """The questions that got an answer rather than a refusal."""
    return [q for q in questions if not answerer.ask(q).answer.refused]


def refused(answerer, questions) -> list[str]:
    """The questions that were refused."""
    return [q for q in questions if answerer.ask(q).answer.refused]


def test_a_fine_the_named_list_does_not_set_is_not_stated(answerer):
    # 文安's list has no 设备监理 clause (衡水's fines it 1万元以上3万元以下)
    r = answerer.ask("文安县对未取得资格承揽设备监理业务的单位罚多少？")
    assert NOT_STATED.search(first_line(r)) and "文安县" in first_line(r)
    assert "万元" not in r.answer.body


def test_a_clause_on_other_conduct_is_not_the_fine_asked_for(answerer):
    # 衡水's list leaves 不合格产品 to the laws; its only nearby fine is for 型式批准 products
    r = answerer.ask("衡水市生产销售不合格产品最多罚多少钱？")
    assert NOT_STATED.search(first_line(r))
    assert "三千元" not in r.answer.body and "3000" not in r.answer.body


def test_a_clause_matching_only_the_terms_added_for_everyday_words_is_not_quoted(answerer):
    # "加油机" adds 强制检定, which a clause on forged 强制检定 certificates shares
    r = answerer.ask("加油机少加油罚多少？")
    assert NOT_STATED.search(r.answer.body) or r.answer.refused
    assert "二千元" not in r.answer.body


def test_a_fine_is_chosen_by_its_conduct_not_by_pairs_across_particles(answerer):
    r = answerer.ask("定安县有人销售没有制造许可证的计量器具，怎么罚？")
    assert "3000元" in first_line(r)
    assert (770, 770) in cited(r, F2)


def test_an_amount_the_regime_does_not_give_is_not_stated(answerer):
    # 常德 names 涉案货值巨大 among major cases but sets no amount (衡水's list gives 30万元)
    r = answerer.ask("常德质监认定重大案件，涉案货值要达到多少钱才算？")
    assert "没有写明金额" in first_line(r)
    assert "万元" not in r.answer.body
    # 定安's list has no major-case regime at all: no deadline is borrowed from another list
    r = answerer.ask("定安县查实重大案件以后，要在几个工作日内上报？")
    assert NOT_STATED.search(first_line(r)) and "工作日" not in r.answer.body


def test_a_time_limit_is_taken_from_the_regime_that_gives_it(answerer):
    # 年检 is also in the 机动车安检 regime, which gives no number of days
    r = answerer.ask("文安县气瓶充装单位交了年检表以后，局里多少天内完成年检？")
    assert "20日内" in first_line(r)
    assert any(s <= 974 <= e for s, e in cited(r, F1))


def test_the_time_asked_for_is_the_one_in_the_clause_with_the_asked_words(answerer):
    # (2) gives 30日内 for the company's own rectification; (3) 15日内 for the bureau's re-check
    r = answerer.ask("常德的企业提出复查申请以后，质监部门多少天内组织复查？")
    assert "15日内" in first_line(r) and "30日内" not in first_line(r)
    assert any(s <= 1314 <= e for s, e in cited(r, F0))


def test_a_fee_a_service_row_does_not_give_is_not_stated(answerer):
    # no list sets a fee: said not to be written, or refused as out of the lists' reach (the testers write
    # fee questions as refusals, and the reach model learnt them so), never an amount
    r = answerer.ask("在常德办组织机构代码证要多少钱？")
    assert "没有写明金额" in first_line(r) or (r.answer.refused and not r.answer.citations), r.answer.text
    assert "元" not in r.answer.body.replace("单元", "")
    # asked what must be paid (交多少钱), the fee is refused outright, as the testers expect: no list sets one
    r = answerer.ask("在常德办组织机构代码证要交多少钱？")
    assert r.answer.refused and not r.answer.citations, r.answer.text


def test_the_unit_of_the_matching_task_comes_first_not_the_row_sharing_the_words(answerer):
    r = answerer.ask("常德商品过度包装的计量监督是哪个单位负责？")
    assert "计量测试检定所" in first_line(r)
    assert "纤维" not in first_line(r)


def test_each_part_of_a_case_gets_its_department_in_the_first_line(answerer):
    r = answerer.ask("文安县一家保健食品厂的产品发霉了，用的包装袋也不合格，分别找哪个部门？")
    line = first_line(r)
    assert "食品药品" in line and "质监" in line


def test_a_website_or_office_hours_asked_for_is_not_answered_with_a_sentence_lacking_it(answerer):
    for question in ("衡水市局的网站是什么？", "博山区质监局的办公地址在哪里？"):
        r = answerer.ask(question)
        assert r.answer.refused, question


def test_a_yes_or_no_verb_is_read_as_the_lists_write_it(answerer):
    r = answerer.ask("文安县质监局收到举报线索后，最迟多少天内要决定立不立案？")
    assert "15日内" in first_line(r)
    assert any(s <= 1252 <= e for s, e in cited(r, F1))


def test_words_telling_a_story_ask_for_no_time_limit(answerer):
    r = answerer.ask("我在定安县商场买的皮鞋穿了没几天就掉底了，该找质监局还是工商局？")
    assert not r.answer.refused and "工商" in first_line(r)


def test_the_first_measure_keeps_its_condition_when_others_have_theirs(answerer):
    r = answerer.ask("衡水特种设备出事故后有人故意破坏事故现场，罚多少钱？")
    line = first_line(r)
    assert "4000元以上2万元以下" in line
    assert "构成犯罪的，依法追究刑事责任" in line


def test_asking_another_bureau_how_it_rules_keeps_the_earlier_conduct(answerer):
    # "是怎么规定的" names no conduct: 衡水's fine for the conduct asked before (selling meters made
    # without a licence, 345), not its neighbour on licence marks (343) that shares 规定
    history = [{"role": "user", "content": "定安县销售没有制造许可证的计量器具罚多少？"},
               {"role": "assistant", "content": "责令停止销售，没收全部违法所得，并处3000元的罚款。"}]
    r = answerer.ask("衡水市场监管局是怎么规定的？", history)
    assert "三万元以下" in first_line(r)
    assert (345, 345) in cited(r, F4) and (343, 343) not in cited(r, F4)
    assert (770, 770) in cited(r, F2)  # the earlier bureau's fine for the same conduct follows


def test_a_list_asked_for_is_the_list_its_introducing_line_names(answerer):
    # "可以作哪些处理": the list under "可作如下处理：" (339-345), not the record-keeping sentence (335)
    # that shares 监督检查, 发现的问题 and 处理
    r = answerer.ask("博山区特种设备监督检查发现问题，可以作哪些处理？")
    assert "责令改正" in first_line(r) and "建议吊销许可证" in first_line(r)
    assert (339, 345) in cited(r, F3)
    assert not any(a <= 335 <= b for a, b in cited(r, F3))


def test_a_count_asked_for_is_a_regime_question_even_when_it_names_a_fine(answerer):
    # how many committee members review a case that may end in a large fine (文安 1274), not "no fine set";
    # the bureau's own case review committee (案审委) is no other department the answer must name
    r = answerer.ask("文安县局里案审委要是讨论较大数额罚款的案子，得有多少委员参加审理？")
    assert not r.answer.refused
    assert "三分之二以上" in first_line(r)
    assert any(a <= 1274 <= b for a, b in cited(r, F1))


def test_which_department_and_does_the_bureau_handle_it_is_routing(answerer):
    # "该去哪个部门投诉？质监局管不管？": the department for goods bought in a shop (工商, 定安 333-334) first,
    # not the bureau's own duty row
    r = answerer.ask("在定安商场买的鞋子没几天就坏了，商场不给退，该去哪个部门投诉？质监局管不管？")
    assert "工商" in first_line(r)
    assert any(a <= 333 <= b or a <= 334 <= b for a, b in cited(r, F2))


def test_a_service_asked_about_by_what_its_row_lists_gets_its_phone(answerer):
    # the 3·15 row (文安 522-526) lists 血压计 checks in a cell the answer shortens: the row is still
    # what the question is about, so its phone is given, not "no phone listed"
    r = answerer.ask("听说文安质监局3·15那天会在街上搞活动，还能免费测血压计啥的，想问问联系电话？")
    assert not r.answer.refused
    assert "5255891" in first_line(r)
    assert (522, 526) in cited(r, F1)


def test_a_subject_the_named_list_never_names_is_not_answered_from_other_lines(answerer):
    # 常德's list never names 直销 (衡水's does): its 计量器具 inspection lines are no answer
    r = answerer.ask("直销企业常德市质监局是怎么监管的？多久检查一次？")
    assert r.answer.refused and "没有提到“直销”" in first_line(r)
    assert not r.answer.citations
    # the list that names it answers
    r = answerer.ask("衡水市场监管局对直销企业是怎么监管的？")
    assert not r.answer.refused and all(c.source == F4 for c in r.answer.citations)


def test_a_fine_is_chosen_by_the_listed_conduct_the_question_holds(answerer):
    # 常德 clause 1 (未取得…许可，擅自…修理) and clause 2 (未另行办理新增项目…许可) match alike; the question
    # holds clause 1's wording, not 新增项目/重新办理
    r = answerer.ask("常德有人没有制造修理计量器具许可证就私自修秤，罚多少？")
    assert (1011, 1011) in cited(r, F0) and (1013, 1013) not in cited(r, F0)
    # 衡水 (二) 伪造、冒用 and (三) item 4 出借 share the grading words 构成…违法行为; the conduct decides
    r = answerer.ask("衡水有个计量检定员把自己的《计量检定员证》借给别人用，如果还不构成其他法律法规规定的违法行为，罚多少？")
    assert "一千元以下" in first_line(r) and "一万元" not in first_line(r)


def test_a_follow_up_asking_its_own_question_of_a_new_subject_leaves_the_earlier_topic(answerer):
    history = [{"role": "user", "content": "在定安商场买的皮鞋穿几天就掉底，商场不给退，找质监局有用吗？"},
               {"role": "assistant", "content": "按定安的职责边界，流通领域产品质量问题应向县工商局投诉。"}]
    r = answerer.ask("那要是买的鞭炮老是哑炮、质量不行呢？找谁？", history)
    assert first_line(r).startswith("找县质监局") and "烟花爆竹" in first_line(r)
    assert all(c.source == F2 for c in r.answer.citations)


def test_a_short_follow_up_naming_a_new_subject_asks_the_earlier_question_of_it(answerer):
    history = [{"role": "user", "content": "定安县商场买的皮鞋穿了一周就开胶了，找哪个部门投诉？"},
               {"role": "assistant", "content": "找县工商局：受理流通领域产品质量投诉、举报和咨询。"}]
    r = answerer.ask("那烟花呢？", history)
    assert r.answer.kind == "routing" and "烟花爆竹" in first_line(r) and "县质监局" in first_line(r)
    assert "皮鞋" not in r.answer.body and all(c.source == F2 for c in r.answer.citations)
    r = answerer.ask("那加油机呢？", history)
    assert "计量" in r.answer.body and "皮鞋" not in r.answer.body


def test_a_follow_up_naming_another_bureau_asks_the_earlier_question_of_it(answerer):
    history = [{"role": "user", "content": "常德买的烟花质量差，点了半天不响，这个归哪个部门管？"},
               {"role": "assistant", "content": "按常德的职责边界，市质监局负责烟花爆竹生产企业的产品质量监督。"}]
    r = answerer.ask("文安县也是质监局管吗？", history)
    assert r.answer.kind == "routing" and "烟花爆竹" in first_line(r)
    assert r.answer.citations[0].source == F1


def test_a_row_naming_no_department_never_leads_a_routing_answer(answerer):
    # 定安's 起重机械 matter has a row whose department cell is empty ("…由建设行政主管部门…执行")
    r = answerer.ask("定安县城一个楼盘工地上的塔吊看着摇摇晃晃的，塔吊的安装和使用该找哪个部门来管？")
    assert first_line(r).startswith("找县") and "清单未列明部门" not in first_line(r)


def test_each_department_of_a_case_clause_gets_its_own_part(answerer):
    # "质监部门负责对运输车槽罐质量及槽罐生产企业、交通部门负责对运输车的车体、…" is one clause
    r = answerer.ask("文安县那边危化品槽罐车泄漏后搞专项检查，运输车上的槽罐本身质量和槽罐生产厂由哪个部门查？")
    assert "质监部门负责对运输车槽罐质量及槽罐生产企业" in first_line(r)
    assert "交通部门负责对运输车槽罐" not in r.answer.body


def test_the_list_compilers_name_and_phone_are_refused_as_personal_data(answerer):
    for q in ("常德市质监局这份责任清单上留的办公电话是多少？", "文安县质监局这份部门职责登记表是谁填报的？留的联系电话是多少？"):
        r = answerer.ask(q)
        assert r.answer.refused and "个人信息" in r.answer.body
        assert not re.search(r"2691623|13973660265|5255889|张凌铭|陈发新", r.answer.body)
    # a service's phone asked of a list that gives none is not about the compiler
    r = answerer.ask("衡水市场监管局的投诉举报电话清单上有吗？")
    assert r.answer.refused and "个人信息" not in r.answer.body


def test_a_number_in_a_boundary_rows_legal_basis_answers_a_routing_question_for_it(answerer):
    # 定安's 气瓶 matter quotes 《海南省燃气管理条例》 as a row's basis: "…瓶装燃气…经营许可证有效期为3年"
    r = answerer.ask("定安县瓶装燃气的经营许可证有效期几年？")
    assert "有效期为3年" in first_line(r)
    c = r.answer.citations[0]
    lines = (CORPUS / F2).read_text(encoding="utf-8").splitlines()[c.start_line - 1:c.end_line]
    assert c.source == F2 and any("瓶装燃气和车用燃气经营许可证有效期为3年" in ln for ln in lines)
    assert "90日前" not in r.answer.body  # the next sentence adds nothing asked for
    # asked as a time limit (a regime question) with a second limit: both sentences, no regime's "not stated"
    r = answerer.ask("定安瓶装液化气的燃气经营许可证有效期几年？到期前多久要申请换证？")
    assert "有效期为3年" in first_line(r) and "90日前" in first_line(r) and not NOT_STATED.search(r.answer.body)


def test_a_unit_character_glued_to_the_verb_does_not_put_a_question_out_of_scope(answerer):
    # jieba cuts "哪个科管的" as 哪个/科管/的 and "监管上管什么" as 监管/上管/什么: words no list uses
    r = answerer.ask("常德市质监局的产品防伪是哪个科管的？")
    assert not r.answer.refused and first_line(r).startswith("常德市质量技术监督信息管理所")
    history = [{"role": "user", "content": "文安县质监局在危险化学品监管上管什么？"},
               {"role": "assistant", "content": "文安县质监局负责危险化学品及其包装物、容器生产企业的工业产品生产许可证制度。"}]
    r = answerer.ask("那常德市质监局呢？", history)
    assert not r.answer.refused and "危险化学品" in first_line(r) and r.answer.citations[0].source == F0


def test_farm_produce_in_everyday_words_reaches_the_department_of_its_stage(answerer):
    r = answerer.ask("文安县养殖户的鱼虾还没进批发市场，这时候的质量安全归哪个部门管？")
    assert not r.answer.refused and first_line(r).startswith("找县水务局")


def test_a_department_the_question_names_does_not_lead_when_the_duty_asked_is_another_ones(answerer):
    # "是找质监局吗？" names 质监; 毒性鉴定 is 卫生局's part of 文安's 危险化学品 matter
    r = answerer.ask("文安县一家厂的危险化学品要做毒性鉴定，是找质监局吗？")
    assert first_line(r).startswith("找县卫生局") and "毒性鉴定" in first_line(r)


def test_a_fraction_is_a_quantity_a_count_question_is_answered_by(answerer):
    # 文安 1274: "…吊销许可证…应当由三分之二以上委员进行集体审理。对其他行政处罚案件，可以由三名以上委员…"
    r = answerer.ask("文安县质监局要吊销企业许可证的案子，集体审理得有多少委员参加？")
    assert "三分之二以上委员" in first_line(r)


def test_an_item_listed_inline_with_its_own_measures_gives_the_fine(answerer):
    # 定安 370 quotes 农药管理条例 第四十一条 "有下列行为之一的，…：（一）…擅自生产农药的，责令停止生产…"
    r = answerer.ask("定安县有个厂没拿到农药生产许可证就偷偷生产农药，没有违法所得的话罚款多少？")
    assert "10万元以下" in first_line(r) and not NOT_STATED.search(r.answer.body)


def test_a_statute_joined_after_the_first_in_a_sentence_is_matched_by_its_conduct(answerer):
    # 定安 380: "3.…通知…出厂销售的，…予以处罚；…生产、销售拼装的机动车或者擅自改装的机动车的，…三倍以上五倍以下罚款"
    r = answerer.ask("定安县卖私自改装的机动车的，罚款是非法产品价值的几倍？")
    assert "三倍以上五倍以下" in first_line(r)


def test_a_false_test_report_in_everyday_words_finds_the_clause_of_the_list_that_has_one(answerer):
    r = answerer.ask("常德一家检验所出具假的检测报告，对单位罚多少？")
    assert "五万元以上十万元以下" in first_line(r)
    r = answerer.ask("衡水一家检测机构出具假的检测报告，对单位罚多少？")  # 衡水's list has no such clause
    assert NOT_STATED.search(first_line(r)) and "五万元" not in r.answer.body


def test_a_question_naming_the_conditions_that_grade_the_measures_still_finds_the_conduct(answerer):
    r = answerer.ask("衡水发生特种设备事故后有人故意破坏事故现场，还没构成违法行为的，罚多少？")
    assert "4000元以上2万元以下" in first_line(r)


def test_a_step_of_a_procedure_is_not_quoted_as_a_penalty(answerer):
    # 衡水 839 "进行现场检查时，检查人员不得少于2人…必须经…批准" imposes nothing; 846-852 lists the measures
    history = [{"role": "user", "content": "衡水对直销企业现场检查，检查人员最少几个？"},
               {"role": "assistant", "content": "衡水规定进行现场检查时，检查人员不得少于2人，并应当出示合法证件。"}]
    r = answerer.ask("那查实违法了，能吊销执照吗？", history)
    assert "吊销营业执照" in first_line(r) and "批准" not in first_line(r)
    assert all(c.source == F4 and 846 <= c.start_line <= 852 for c in r.answer.citations)


def test_a_unit_asked_of_no_public_service_comes_from_the_duty_table(answerer):
    # "哪个单位承办" is a contact word, but no public service of 常德 is about 市场计量行为
    r = answerer.ask("常德市场计量行为的监督和计量仲裁检定，由哪个单位承办？")
    assert not r.answer.refused and "计量测试检定所" in first_line(r)
    assert any(s <= 236 <= e for s, e in cited(r, F0))


def test_a_complaint_phone_asked_inside_a_story_is_the_complaint_services(answerer):
    r = answerer.ask("文安县超市的秤不准，我想举报，质监局电话多少？")
    assert "5255911" in first_line(r) and "申诉举报" in first_line(r)


def test_a_fine_asked_is_answered_though_the_story_names_an_address(answerer):
    # 地址 is a fact the lists never give when asked for; here it tells what changed
    r = answerer.ask("常德一家修理计量器具的单位地址变了，一直没办许可证变更，罚多少？")
    assert not r.answer.refused and "1万元以下" in first_line(r)


def test_an_inline_item_is_not_taken_again_as_a_joined_statute(answerer):
    r = answerer.ask("定安清单引的农药条例，未取得农药生产许可证擅自生产农药，没有违法所得的罚多少？")
    assert "10万元以下" in first_line(r)


def test_a_follow_up_naming_another_bureau_and_asking_the_same_again_re_asks(answerer):
    history = [{"role": "user", "content": "常德的危化品包装桶质量有问题归哪个部门管？"},
               {"role": "assistant", "content": "常德：市质监局负责危险化学品及其包装物、容器的产品质量监督。"}]
    r = answerer.ask("定安县呢？也是质监管？", history)
    assert "质监局" in first_line(r) and cited(r, F2)


def test_a_word_with_one_official_term_names_that_topic(answerer):
    # 衡水's list never names 烟花爆竹: it says nothing on fireworks, whatever else its lines share
    r = answerer.ask("按衡水市场监督管理局的清单，鞭炮质量归哪个部门管？")
    assert NOT_STATED.search(r.answer.body) and not r.answer.citations


def test_a_list_introduced_without_a_colon_is_quoted_with_its_items(answerer):
    r = answerer.ask("博山区列为重点监督检查的特种设备使用单位包括哪些？")
    assert "学校" in first_line(r) and (307, 311) in cited(r, F3)


def test_a_unit_asked_of_a_list_with_no_duty_table_is_not_stated(answerer):
    r = answerer.ask("衡水市场监督管理局是哪个科室负责计量器具型式批准监管？")
    assert NOT_STATED.search(first_line(r)) and "科室" in first_line(r)


def test_a_legal_basis_asked_for_is_the_first_line(answerer):
    r = answerer.ask("常德质监局承办行政复议和行政应诉的法律依据是什么？")
    assert "行政复议法" in first_line(r)


def test_how_long_before_is_a_time_limit_asked(answerer):
    r = answerer.ask("定安瓶装燃气经营许可证快到期了，要提前多久申请换证？")
    assert "90日前" in first_line(r) and (413, 415) in cited(r, F2)


def test_a_follow_up_narrowing_the_subject_asks_the_earlier_questions_quantity(answerer):
    history = [{"role": "user", "content": "常德企业对监督抽查的检验结果有异议，多久内申请复检？"},
               {"role": "assistant", "content": "自收到检验报告之日起15日内提出书面复检申请。"}]
    r = answerer.ask("那衡水市场监管在商场抽检的商品呢？", history)
    assert "十五日内" in first_line(r) and cited(r, F4)


def test_who_fines_is_a_routing_question(answerer):
    r = answerer.ask("定安县机动车安检机构出具虚假检验报告，谁来罚？")
    assert "公安" in first_line(r)


def test_two_verbs_sharing_an_object_match_either_verb_with_it(answerer):
    # "制造、修理计量器具" reads 制造计量器具 too: selling a product made without that licence is (五), not (一)2
    r = answerer.ask("衡水销售没有制造计量器具许可证的产品罚多少？")
    assert "三万元以下" in first_line(r) and (345, 345) in cited(r, F4)


def test_lacking_a_licence_in_any_wording_is_what_the_lists_call_not_obtained(answerer):
    r = answerer.ask("衡水有人没有制造修理计量器具许可就擅自修秤，罚款怎么算？")
    assert "百分之十至百分之五十" in first_line(r) and (327, 331) in cited(r, F4)


def test_a_phone_asked_with_a_unit_question_is_answered_from_the_services_row(answerer):
    r = answerer.ask("文安质量月活动是哪个股牵头？对外电话填哪个？")
    assert "质量监督股" in first_line(r) and "5255908" in first_line(r)


def test_a_call_told_in_the_story_asks_no_phone(answerer):
    r = answerer.ask("定安有人打电话说买的鞭炮不响，烟花爆竹质量差该找谁？")
    assert not r.answer.refused and "质监" in first_line(r)


def test_a_pre_merger_department_named_of_a_merged_bureau_is_that_bureau(answerer):
    # 衡水's list is the merged 市场监督管理局's: "工商局" there is the bureau itself, not a department it omits
    r = answerer.ask("衡水工商局抽检说我店里商品不合格，我不服，多少天内能申请复检？")
    assert "十五日内" in first_line(r)


def test_everyday_circumstances_do_not_put_a_question_out_of_scope(answerer):
    r = answerer.ask("过年想在常德乡下老家放烟花，要办燃放许可，是去质监局办吗？")
    assert not r.answer.refused and "公安" in first_line(r)


def test_a_follow_up_naming_no_new_subject_stays_with_the_matter_asked_about(answerer):
    history = [{"role": "user", "content": "文安有家作坊没有烟花爆竹安全生产许可证就在生产，归谁管？"},
               {"role": "assistant", "content": "烟花爆竹安全生产由文安县安监局监督管理。"}]
    r = answerer.ask("质量问题归谁？", history)
    assert "质监局" in first_line(r) and "烟花爆竹" in r.answer.body and "危险化学品" not in r.answer.body


def test_a_clause_on_another_act_is_not_the_fine_for_the_act_asked(answerer):
    # 常德's clauses on testing bodies fine 租借他人检测设备 and 出具…不实: lending equipment out is neither
    r = answerer.ask("常德检验机构出借检测设备给别人用，罚多少？")
    assert NOT_STATED.search(first_line(r))


def test_an_act_named_in_everyday_words_is_the_question_s_own_conduct(answerer):
    # "假的检测报告" is 伪造检验结果 in the lists' words: the clause is about the conduct asked
    r = answerer.ask("常德的检验所给厂家开了一份假的检测报告，这种机构按条文罚多少？")
    assert "五万元以上十万元以下" in first_line(r)


def test_a_clause_on_the_act_done_to_another_object_is_no_answer(answerer):
    # 文安 fines 伪造数据 by a 计量授权 body; forging a 计量检定员证 is another thing forged
    r = answerer.ask("文安有人伪造了计量检定员证，罚多少钱？")
    assert NOT_STATED.search(first_line(r))
    r = answerer.ask("文安县法定计量检定机构伪造数据的怎么罚？")
    assert "一千元以下" in first_line(r)


def test_a_time_limit_running_from_the_step_asked_is_not_its_time_limit(answerer):
    # "自作出之日起7日内…送达": 7 days to serve the decision, no time limit for making it
    r = answerer.ask("文安质监局立案之后多少天内要作出处罚决定？")
    assert NOT_STATED.search(first_line(r)) and "7日内" in r.answer.body
    r = answerer.ask("文安处罚决定书作出后几天内送达？")
    assert "7日内" in first_line(r) and not NOT_STATED.search(first_line(r))


def test_the_clause_holding_the_question_word_picks_the_department(answerer):
    # the story (开液化气站: 发改 approves building a station) is not what is asked (燃气经营许可: 住建)
    r = answerer.ask("定安有人想开个液化气站，燃气经营许可证找哪个部门办？")
    assert first_line(r).startswith("找县住建局")


def test_a_measure_word_before_phone_names_no_kind_of_phone(answerer):
    r = answerer.ask("文安标准日活动是哪个股搞的？留个电话。")
    assert "标准计量股" in first_line(r) and "5255905" in first_line(r)


def test_a_step_not_gone_through_in_everyday_words_is_the_lists_wei_jing(answerer):
    r = answerer.ask("衡水有厂家没经过型式批准就卖新款电子秤，罚多少？")
    assert "三千元以下" in first_line(r)


def test_an_act_inside_a_longer_word_is_not_that_act(answerer):
    # "出租车" names no 出租: the clause on forged 检定印 answers
    r = answerer.ask("文安有人私刻检定合格章给出租车计价器盖，怎么罚？")
    assert "二千元以下" in first_line(r)


def test_a_website_asked_is_the_sentence_with_the_address(answerer):
    r = answerer.ask("常德质监的处罚裁量基准在哪个网站能看？")
    assert "cd12365.gov.cn" in first_line(r)


def test_a_unit_asked_after_a_story_searches_the_duty_rows(answerer):
    # the story's words rank the 食品安全监管 boundary matter first; the 股室 asked is a duty row's
    r = answerer.ask("文安有家做塑料食品袋的工厂，生产环节的质量安全是质监局哪个股室管？")
    assert first_line(r).startswith("质量监督股")
    r = answerer.ask("文安有个厂做一次性纸杯，这类食品相关产品归质监哪个股？")
    assert first_line(r).startswith("质量监督股") and not NOT_STATED.search(first_line(r))


def test_asking_whether_a_call_helps_asks_which_department(answerer):
    r = answerer.ask("在定安超市买的电饭锅用两天就坏了，超市不给换，该找哪个部门投诉？打质监的电话有用吗？")
    assert first_line(r).startswith("找县工商局")


def test_which_number_to_call_asks_a_phone(answerer):
    r = answerer.ask("文安有人买的电饭锅漏电，想申诉，打哪个号？")
    assert "5255911" in first_line(r)


def test_the_latest_time_asked_is_a_time_limit(answerer):
    r = answerer.ask("文安查封扣押了东西，法定手续最晚多久要补办？")
    assert "24小时内" in first_line(r)


def test_the_technical_supervision_bureau_is_the_bureau_itself(answerer):
    r = answerer.ask("常德技监局：拒绝接受产品质量监督检查又拒不改正，怎么处理？")
    assert "责令停业整顿" in first_line(r)


def test_whether_another_bureau_s_requirement_is_the_same_asks_the_earlier_number(answerer):
    history = [{"role": "user", "content": "常德对法定计量检定机构的现场检查，每个县市最少查几家机构？"},
               {"role": "assistant", "content": "现场检查一般每个县市不少于2家机构。"}]
    r = answerer.ask("那文安县的要求一样吗？", history)
    assert "不少于1家" in first_line(r)


def test_a_follow_up_asking_a_share_is_a_question_of_its_own(answerer):
    history = [{"role": "user", "content": "定安县烟花质量差，找谁投诉？"},
               {"role": "assistant", "content": "找县质监局。"}]
    r = answerer.ask("另外，定安对乙级设备监理单位年度核查要抽多少比例的企业？", history)
    assert "10%" in first_line(r)


def test_a_number_checked_in_a_yes_or_no_question_is_the_quantity_asked(answerer):
    from assistant.answer.writers.measures import asked_measures
    measures = answerer.ctx.policy.answer.asked_measures
    assert [m.name for m in asked_measures("定安县也是20天吗？", measures)] == ["时限"]
    assert asked_measures("定安县5月20号世界计量日有活动吗？", measures) == []


def test_a_whole_new_question_after_another_stands_alone(answerer):
    from assistant.answer.chat import stands_alone
    history = [{"role": "user", "content": "常德化妆品生产企业的安全生产谁来监管？"},
               {"role": "assistant", "content": "常德市安监局对化妆品生产企业安全生产实施综合监管。"}]
    r = answerer.ask("另外，常德质监的行政处罚裁量基准公布在哪个网站上？", history)
    assert "cd12365.gov.cn" in first_line(r)
    assert not stands_alone("另外，这种情况常德质监局一般会怎么罚款处理？")  # "这种" points back


def test_a_follow_up_naming_a_step_of_case_handling_changes_the_subject(answerer):
    history = [{"role": "user", "content": "文安质监局的质量月活动是每年几月？"},
               {"role": "assistant", "content": "每年9月，由质量监督股负责。"}]
    turn, query = answerer.understand("那限期改正一般多久？", history, [])
    assert "质量月" not in turn.search_text and "限期改正" in turn.search_text


def test_asking_one_department_or_another_is_routing_whatever_the_story_counts(answerer):
    r = answerer.ask("定安 超市买的运动鞋没穿几天就开胶了 不给退 找工商还是质监")
    assert first_line(r).startswith("找县工商局")


def test_another_bureau_named_with_the_earlier_question_s_words_asks_it_again(answerer):
    history = [{"role": "user", "content": "常德对法定计量检定机构定期检查，现场检查每个县市至少查几家？"},
               {"role": "assistant", "content": "现场检查一般每个县市不少于2家机构。"}]
    assert "不少于1家" in first_line(answerer.ask("文安查几家？", history))
    history = [{"role": "user", "content": "常德重大案件里屡查屡犯怎么界定？"},
               {"role": "assistant", "content": "三年内多次因同一违法行为被处罚的。"}]
    r = answerer.ask("衡水怎么算", history)
    assert "三年内两次以上" in first_line(r)


def test_a_new_subject_after_a_who_does_it_question_asks_who_does_that(answerer):
    history = [{"role": "user", "content": "文安 特种设备作业人员操作证 谁发"},
               {"role": "assistant", "content": "特种设备安全股承担特种设备作业人员操作证发证工作。"}]
    r = answerer.ask("强检呢", history)
    assert first_line(r).startswith("质量技术监督检验所")


def test_dangerous_chemicals_in_everyday_words(answerer):
    r = answerer.ask("常德 有个化工厂把用剩的危化品偷倒在河边 该找哪个部门")
    assert first_line(r).startswith("找市环保局")


def test_a_regime_on_another_subject_does_not_answer_a_time_limit(answerer):
    r = answerer.ask("常德 小区电梯 多久要检验一次")
    assert r.answer.refused and "电梯" in first_line(r) and not r.answer.citations
    r = answerer.ask("常德对检验机构多久考核一次？")  # the regime does name what is asked
    assert "每年" in first_line(r)


def test_a_follow_up_with_a_question_word_of_its_own_borrows_none(answerer):
    history = [{"role": "user", "content": "博山区质监局对获证企业多久检查一次？"},
               {"role": "assistant", "content": "每年度不少于1次。"}]
    r = answerer.ask("那要是执法人员乱执法，谁能扣他们的执法证？", history)
    assert "政府法制机构" in first_line(r) and "时限" not in first_line(r)


def test_words_asking_for_the_number_name_no_kind_of_phone(answerer):
    r = answerer.ask("文安买的秤老是不准，想申诉，问下电话")
    assert "5255911" in first_line(r)


def test_of_two_clauses_alike_the_one_on_an_act_the_question_does_not_name_comes_second(answerer):
    r = answerer.ask("常德有人没有修理计量器具许可证就在街边帮人修秤，怎么处罚？")
    assert "百分之十至百分之五十" in first_line(r) and "3万元" not in first_line(r)


def test_people_and_times_in_a_story_do_not_make_a_question_out_of_scope(answerer):
    r = answerer.ask("文安 过年村里半夜放礼花，吵得老人孩子睡不着，这种乱放的归哪个部门查？")
    assert first_line(r).startswith("找县公安局")


def test_bedding_is_a_fibre_matter(answerer):
    r = answerer.ask("常德买的棉被里全是黑心棉，质监哪个单位管？")
    assert first_line(r).startswith("常德市纤维检验监督管理局")


def test_covering_up_an_accident_in_everyday_words(answerer):
    r = answerer.ask("衡水有个厂的锅炉出了事故，老板让人把现场打扫了，能罚多少？")
    assert "4000元以上2万元以下" in first_line(r)


def test_officials_handled_how_is_answered_with_the_measure_imposed(answerer):
    r = answerer.ask("博山有执法人员乱执法，被政府法制机构查实了，他本人会怎么处理？")
    assert "暂扣或者吊销" in first_line(r)
    r = answerer.ask("博山质监局工作人员给造假厂子通风报信，会受什么处理？")
    assert "行政处分" in first_line(r)


def test_which_body_holds_officials_to_account_is_answered_from_the_accountability_section(answerer):
    r = answerer.ask("博山质监工作人员受贿，要追究刑事责任的话归哪个机关？")
    assert "人民检察院" in first_line(r)


def test_paying_for_samples_in_everyday_words(answerer):
    history = [{"role": "user", "content": "衡水市场监管部门抽检我店里的商品，初检结果多久通知我？"},
               {"role": "assistant", "content": "五个工作日内通知被抽样的经营者。"}]
    r = answerer.ask("那拿走的样品给钱吗？", history)
    assert "进货价格" in first_line(r)


def test_a_regime_is_compared_with_what_its_preamble_says_it_is_about(answerer):
    r = answerer.ask("常德 棉花定期检查一年几次？")
    assert "1至2次" in first_line(r)


def test_a_number_of_days_checked_is_not_answered_with_a_number_of_years(answerer):
    history = [{"role": "user", "content": "文安气瓶充装单位年检，收到年检表后多久完成？"},
               {"role": "assistant", "content": "收到《年检表》之日起20日内完成年检工作。"}]
    r = answerer.ask("定安是不是也是20天呢？", history)
    assert "没有写明时限" in first_line(r)


def test_a_consumer_rights_day_the_named_list_never_mentions_is_not_another_service(answerer):
    r = answerer.ask("定安质监局3.15搞咨询活动吗？电话多少？")
    assert r.answer.refused and "63823756" not in r.answer.text
    r = answerer.ask("文安质监局3·15搞咨询活动吗？电话多少？")
    assert "5255891" in first_line(r)


def test_the_accountability_body_the_question_names_answers_it(answerer):
    r = answerer.ask("博山执法人员乱执法，行政机关会怎么处理这些责任人员？")
    assert "通报批评" in first_line(r)


def test_a_follow_up_naming_a_step_of_case_handling_is_not_held_to_name_it_in_the_regime(answerer):
    history = [{"role": "user", "content": "文安行政处罚决定书几天内送达？"},
               {"role": "assistant", "content": "自作出之日起7日内送达当事人。"}]
    r = answerer.ask("那责令改正期限一般多长？", history)
    assert "30日" in first_line(r)


def test_a_time_counted_from_the_event_the_question_counts_from_is_the_answer(answerer):
    r = answerer.ask("常德企业对监督抽查结果不服，收到检验报告以后几天内可以申请复检？")
    assert "15日内" in first_line(r) and "没有写明" not in first_line(r)


def test_a_call_in_the_story_names_no_kind_of_phone(answerer):
    r = answerer.ask("有人打电话问文安办商品条码打哪个号，帮忙查下")
    assert "7820231" in first_line(r)


def test_who_runs_a_hotline_named_by_its_number_is_a_unit_question(answerer):
    r = answerer.ask("博山12365热线是哪个队伍承担的？")
    assert "稽查队" in first_line(r) and not r.answer.refused


def test_a_count_asked_in_everyday_words(answerer):
    r = answerer.ask("定安对特种设备重点使用单位一年上门查几回？")
    assert "不得少于1次" in first_line(r)


def test_cleaning_products_in_everyday_words(answerer):
    r = answerer.ask("博山有个小作坊做洗洁精，生产环节质监管吗？")
    assert "洗涤剂" in first_line(r)


def test_a_time_limit_asked_of_a_regime_with_no_matching_sentence_is_not_stated(answerer):
    history = [{"role": "user", "content": "常德查实重大案件后多久要往上报？"},
               {"role": "assistant", "content": "2个工作日内逐级上报省级质监部门。"}]
    r = answerer.ask("博山有这个时限吗？", history)
    assert "没有写明时限" in first_line(r)


def test_asked_whether_the_bureau_handles_a_thing_the_regime_says_what_it_covers(answerer):
    r = answerer.ask("衡水超市卖的电风扇质量有问题，市场监管部门管不管？")
    assert "监督检查对象为流通领域商品" in first_line(r)
    assert any(a <= 859 <= b for a, b in cited(r, "004_4709594b1805b681.txt"))


def test_the_consumer_rights_day_written_in_digits_finds_its_service(answerer):
    r = answerer.ask("文安3·15电话")
    assert "5255891" in first_line(r)


def test_the_clause_asking_for_a_department_picks_it_among_several_questions(answerer):
    r = answerer.ask("定安开液化气站的事，燃气经营许可证找哪个部门批，质监这边又管什么？")
    assert first_line(r).startswith("找县住建局")


def test_a_case_sharing_out_work_gives_its_setting_to_no_one_department(answerer):
    # "一家液化石油气站要申请建站，需要到发改部门…，由住建部门…，最后由质监部门负责气瓶的充装…"
    r = answerer.ask("定安液化气站的钢瓶充装安全由哪个部门负责？")
    assert first_line(r).startswith("找县质监局") and "气瓶的充装" in first_line(r)
    assert "一家液化石油气站要申请建站" not in first_line(r)


def test_a_callers_story_past_eighty_characters_is_answered_from_the_clause_that_asks(answerer):
    question = ("那个我想问一下，我们是衡水一家做白酒的小厂，最近市面上仿冒我们牌子的酒很多，老板打算在瓶子上贴防伪标签，"
                "供应商说用了防伪技术产品的企业要去备案，请问要到哪一级的部门去备案？")
    assert len(question) > 80
    r = answerer.ask(question)
    assert "市级质监部门备案" in first_line(r)


def test_a_story_naming_nothing_the_lists_cover_is_still_refused(answerer):
    r = answerer.ask("我家孩子咳嗽好几天了，家里有止咳糖浆和阿莫西林，这两个能一起吃吗？")
    assert r.answer.refused and not r.answer.citations


def test_a_time_limit_asked_in_days_is_not_answered_in_years(answerer):
    from assistant.answer.writers.measures import asked_measures, holds_measure
    measures = answerer.ctx.policy.answer.asked_measures
    days = asked_measures("企业对检验结果有异议的，几天内要提出复检申请？", measures)
    assert not holds_measure("根据检查的情况进行通报，一般连续进行三年。", days)
    assert holds_measure("可以自收到检验报告之日起15日内申请复检", days)
    # "多久" asks in no unit, and "到期前多久" asks as "提前多久" does
    assert [m.name for m in asked_measures("有效期几年？到期前多久要申请换证？", measures)] == ["时限"]
    assert holds_measure("应当在许可证有效期满90日前提出换证申请", asked_measures("到期前多久要申请换证？", measures))


def test_the_quantity_asked_is_the_one_in_the_clause_that_asks(answerer):
    from assistant.answer.writers.measures import measures_asked
    policy = answerer.ctx.policy.answer
    assert measures_asked("我们几个人在衡水弄了个报刊 现在要办广告发布登记 这个登记要去哪里办啊", policy) == []
    r = answerer.ask("那个我想问一下 我们三个人在衡水办了个报刊 有商家想在上面打广告 听说得先办广告发布登记 这个登记去哪里办啊")
    assert "县级以上地方市场监督管理部门" in first_line(r) and "没有写明" not in first_line(r)


def test_asked_which_body_takes_up_an_officials_conduct_the_bodys_own_section_answers(answerer):
    r = answerer.ask("博山质监局有个干部收了老板的红包，帮他把案子压下来，这涉嫌受贿犯罪了，该向哪个机关举报？")
    assert first_line(r).startswith("找人民检察院") and any(a <= 442 <= b for a, b in cited(r, "003_96b6d37a1365f6e3.txt"))
    r = answerer.ask("博山质监局有个科长平时上班老迟到，办事拖拖拉拉，够不上犯罪，这种违反行政纪律的找哪个机关？")
    assert first_line(r).startswith("找监察机关")  # "上班" in the story asks for no office hours


def test_a_trades_place_and_everyday_names_of_the_bureau_are_known_words(answerer):
    from assistant.answer.scope import judge_scope
    text = "文安县食品厂的食品标准备案，是在咱质量局办还是去别的部门办？"
    scope = judge_scope(text, [], answerer.res.index.bm25, answerer.res.vocab, answerer.policy.scope, answerer.place_names)
    assert scope.unknown_words == []
    assert first_line(answerer.ask(text)).startswith("找县卫生局")


def test_a_penalty_asked_at_the_end_of_a_story_is_matched_by_the_clause_that_asks(answerer):
    r = answerer.ask("麻烦问一下，常德质监前几天到我们厂抽检电热水器，样品当场贴封条放进了仓库，结果我们生产部经理嫌那批"
                     "外壳划痕多偷偷换了一批新的进去，昨天被发现了，这种私自调换封存样品的要罚多少")
    assert "3万元以下" in first_line(r)


def test_in_a_story_the_thing_asked_about_is_named_in_the_clause_that_asks(answerer):
    r = answerer.ask("我是博山的普通居民，小区旁边有个拿了生产许可证的锅炉配件厂老出次品，质监说检查过了，"
                     "想问下证后监督检查的记录老百姓能不能看")
    assert "有权查阅" in first_line(r)
    # "、" lists things within one clause: a list is no story
    from assistant.answer.scope import story_asking_clause
    assert story_asking_clause("文安商场、医院、学校里的电梯，多久检验一次？", answerer.policy.scope) == ""
    story = "我们小区的电梯三天两头坏，物业一直推给维保公司也不管，想问电梯多久要检验一次？"
    assert story_asking_clause(story, answerer.policy.scope) == "想问电梯多久要检验一次"
    assert story_asking_clause("常德 小区电梯 多久要检验一次", answerer.policy.scope) == ""  # keywords, no story


def test_a_penalty_story_tells_the_conduct_just_before_the_clause_asking_for_the_fine(answerer):
    r = answerer.ask("我们是常德的检测公司，承担监督抽查任务，如果把检验任务分包给别的实验室，情节严重的话质监局最多罚多少？")
    assert "3万元以下" in first_line(r)
    assert not r.answer.refused
    from assistant.answer.scope import story_asking_clause
    story = "我们小区的电梯三天两头坏，物业一直推给维保公司也不管，想问电梯多久要检验一次？"
    assert story_asking_clause(story, answerer.policy.scope, before=1) == "物业一直推给维保公司也不管，想问电梯多久要检验一次"


def test_a_count_asked_in_a_named_period_needs_a_count_not_the_period(answerer):
    # "每年查几次": a sentence saying only "每年…进行专项检查" gives no count
    r = answerer.ask("文安做秤的厂子每年查几次？")
    assert "每年至少检查一次" in first_line(r)
    from assistant.answer.writers.measures import measures_asked
    p = answerer.policy.answer
    assert not any("每年" in m.units for m in measures_asked("一年查几次", p))
    assert any("每年" in m.units for m in measures_asked("多久检验一次", p))


def test_a_month_asked_is_answered_only_by_a_line_naming_a_month(answerer):
    r = answerer.ask("定安县的质量月活动一般几月份搞？")  # 定安's row names the activity, not its month
    assert "没有写明月份" in first_line(r) and "9月" not in r.answer.text
    assert cited(r, F2) == [(1128, 1132)]  # what the row does say: the activity, its unit and phone
    assert "9月" in first_line(answerer.ask("文安质量月活动是每年几月份？"))


def test_a_phone_for_a_complaint_or_for_dealing_with_a_matter_is_the_services_phone(answerer):
    # "投诉电话" is the phone of the row taking 申诉、举报; "办理电话" names no kind of phone
    assert "0316-5255911" in first_line(answerer.ask("文安 电梯纠纷 投诉电话"))
    assert "0736-2691701" in first_line(answerer.ask("常德 商品条码 办理电话"))


def test_a_count_of_people_asked_in_other_words_is_a_count(answerer):
    # 监察员 is known as 监察 is (监察人员), and "几个…人员"/"几个监察员" ask for a number of people
    r = answerer.ask("定安 特种设备检查 要几个监察员")
    assert not r.answer.refused and "2名以上" in first_line(r)
    from assistant.answer.writers.measures import measures_asked
    p = answerer.policy.answer
    assert [m.name for m in measures_asked("至少得几个执法人员到场", p)] == ["人数"]
    from assistant.answer.writers.measures import holds_measure
    members = measures_asked("案审委得有多少委员参加", p)  # answered by a share (三分之二以上委员)
    assert [m.name for m in members] == ["人数"] and holds_measure("应当由三分之二以上委员进行集体审理", members)


def test_a_choice_between_two_departments_is_a_routing_question(answerer):
    r = answerer.ask("定安的机动车安检站给车出假检验报告，这个是质监罚还是公安罚？")
    assert first_line(r).startswith("找县公安局") and cited(r, F2)[0] == (319, 321)
    r = answerer.ask("我们是定安的合作社，想给本地黑猪弄个农产品地理标志，以后日常监管到底归质监局还是农业局？")
    assert not r.answer.refused and "农业局" in first_line(r)


def test_a_word_most_departments_share_does_not_choose_the_department(answerer):
    # 质监, 安监 and 公安 each speak of 化妆品生产企业: 许可 is what picks 食药监
    assert first_line(answerer.ask("常德 化妆品生产许可找哪个部门")).startswith("找市食药监局")


def test_asked_how_a_situation_is_handled_the_lists_procedure_is_the_answer(answerer):
    r = answerer.ask("博山区质监局检查发现特种设备有事故隐患，一般怎么处理？")
    assert "安全监察指令" in first_line(r) and "罚款金额" not in r.answer.text
    # "也是这么处理吗" asks the earlier question again, of the bureau it names
    earlier = [{"role": "user", "content": "定安质监局检查发现特种设备有事故隐患，一般怎么处理？"},
               {"role": "assistant", "content": "定安：以书面形式发出特种设备安全监察指令，责令有关单位及时改正或消除隐患。"}]
    assert "安全监察指令" in first_line(answerer.ask("博山区也是这么处理吗？", earlier))


def test_a_fine_asked_for_a_matter_only_the_boundary_table_names_is_not_stated(answerer):
    r = answerer.ask("常德：化妆品生产企业没做企业标准备案，罚多少？")
    assert r.answer.refused and "罚款规定" in first_line(r)
    assert "找市质监局" not in r.answer.text


def test_a_time_limit_is_taken_from_the_regime_that_gives_it_for_the_thing_asked(answerer):
    # the regime naming 责令改正 gives only an inspection frequency (一年一次); the case regime gives the limit
    r = answerer.ask("文安责令改正一般给多久？")
    assert "30日" in first_line(r) and "一年一次" not in r.answer.text
    # its line writes 责令限期改正: the question's 责令改正 is held by it
    from assistant.answer.checks import support
    res = answerer.res
    assert support("责令改正", "责令限期改正的期限", res.index.bm25, res.vocab, answerer.policy.scope) == 1.0


def test_a_kind_of_scale_and_a_seller_are_known_words(answerer):
    r = answerer.ask("定安县有商户卖没有制造许可的计量器具（比如杆秤），按定安的制度罚多少？")
    assert "3000元" in first_line(r)


def test_a_follow_up_naming_another_object_of_the_lists_work_switches_topic(answerer):
    # 过度包装 is one of the objects the duties name: after a question on pipes it is a new topic, of 常德
    history = [{"role": "user", "content": "常德 白酒塑化剂超标是塑料管道造成的 管道归谁管"},
               {"role": "assistant", "content": "常德市质监局负责食品包装材料、容器等食品相关产品生产加工环节的监督管理。"}]
    r = answerer.ask("那商品过度包装哪个单位管？", history)
    assert "计量测试检定所" in first_line(r) and cited(r, F0) == [(240, 244)]


def test_asked_who_imposes_a_sanction_on_officials_the_body_comes_first(answerer):
    r = answerer.ask("在博山，质监执法人员乱执法，谁能暂扣或吊销他的行政执法证件？")
    assert first_line(r).startswith("找政府法制机构：") and "吊销其行政执法证件" in first_line(r)
    # a section naming no body of its own (协调配合机制) stays the sentence it says
    r = answerer.ask("博山区有关单位查处中发现工作人员涉嫌贪污贿赂的线索，应当移送给谁？")
    assert first_line(r).startswith("有关部门、单位") and "监察机关或者人民检察院" in first_line(r)


def test_departments_a_caller_offers_as_alternatives_do_not_choose_the_department(answerer):
    # "食药监还是质监" are the caller's guesses: the 广告 duty picks 工商
    r = answerer.ask("在文安县电视台看到一个保健食品广告，说能根治糖尿病，这种广告归谁查啊，食药监还是质监？")
    assert first_line(r).startswith("找县工商局") and "广告" in first_line(r)


def test_a_unit_asked_with_a_verb_glued_to_it_is_asked_for(answerer):
    # "哪个股办的" is cut 股办, a word the lists never use: the 股 asked for, not an unknown thing
    r = answerer.ask("文安县特种设备使用登记是哪个股办的？")
    assert not r.answer.refused and first_line(r).startswith("特种设备安全股")


def test_a_clause_on_the_conduct_of_the_paragraph_before_is_found_by_that_conduct(answerer):
    # "产品质量检验机构有前款所列违法行为的" (常德 line 1211) fines the 监制/监销 of the article before it;
    # that article's own clause disciplines the authorities, which is no answer about a testing body
    r = answerer.ask("常德的产品质量检验机构如果以监制、监销的方式参与产品经营，情节严重的怎么处理？")
    assert "撤销其质量检验资格" in first_line(r) and "行政处分" not in first_line(r)
    assert cited(r, F0) == [(1209, 1211)]
    # a clause after a numbered list refers to the whole list, with its head
    clause = next(p for p in answerer.ctx.records.values()
                  if p.kind == "penalty_clause" and p.source == F0 and p.end_line == 1238)
    assert clause.start_line == 1225 and "擅自发布监督抽查信息" in clause.prior_conduct
    assert "利用抽查工作之便牟取其他不正当利益" in clause.prior_conduct


def test_a_call_told_of_asks_for_no_phone(answerer):
    r = answerer.ask("常德有家粮库来电话，问储粮用的农药怎么安全使用，该转给哪个局？")
    assert not r.answer.refused and first_line(r).startswith("找市粮食局")


def test_a_number_of_something_else_is_not_the_number_asked(answerer):
    # the only time near 电梯 in 常德's regimes is 重大案件's report deadline: not how often lifts are inspected
    r = answerer.ask("常德住宅楼的电梯多长时间检验一次？")
    assert NOT_STATED.search(first_line(r)) and "2个工作日" not in first_line(r)
    # a sentence about what is asked still answers
    r = answerer.ask("常德这边查实是重大案件后，要在多长时间内往省里报？")
    assert "2个工作日内" in first_line(r)


# what the lists never hold, by category (vocabulary.toml [scope] unanswerable_requests): refused, citing
# nothing, even after a story the lists cover
REFUSED_BY_CATEGORY = {
    "investment": "检验检测概念股最近能不能买？",
    "medicine after a story": "在衡水买的饼干过期了，吃了以后肚子疼，该吃什么药？",
    "medicine": "我父亲血压偏高，吃什么降压药效果好？",
    "medicine after a lift story": "电梯困了我半个小时，出来以后一直心慌胸闷，该吃点什么药？",
    "medicine dose": "在定安质监局宣传活动上量了血糖，二甲双胍一次吃几片？",
    "personal documents": "怎么办理护照？需要带什么材料？",
    "parking ticket": "我在常德违停被贴条了，能找质监局撤销吗？",
    "tax": "在文安开店每年要交多少个人所得税？",
    "buying advice": "帮我推荐一款靠谱的电热水壶",
    "loan": "我想在定安开个食品包装厂，钱不够，哪家银行的经营贷利率最低？",
    "prison term": "在博山卖假冒伪劣产品货值五十万，会被判几年有期徒刑？",
    "court case": "我跟文安一家锅炉厂因为锅炉质量打官司，你看法院最后会不会判我赢、能赔多少？",
    "damages": "在常德买的电动车充电时起火烧了车库，起诉的话法院一般判赔多少钱？",
    "winning a dispute": "在定安买的燃气灶打不着火，商家不给换，我去告他能赢吗？",
    "prices": "常德现在买一台合格的电子秤大概要多少钱？",
    "business advice": "在衡水开个小加油站，怎么经营才能多赚钱？",
    "a lawsuit between neighbours": "我跟邻居的官司判下来了，我不服，多少天内能上诉？",
    "exam tips": "常德考电梯安全管理员证，有没有真题题库？怎样才能考过？",
    "consumer damages": "网上买的羽绒服是假货，我能要求商家退一赔三吗？",
    "statistics": "文安县质监局今年一共抽查了多少家企业？合格率多少？",
    "fees": "在定安给锅炉做一次定期检验要交多少钱？收费标准是多少？",
    "after the lists were written": "机构改革以后，常德质监局的特安科和计量科具体怎么合并的？",
    "what a named standard requires": "常德清单里那个GB/T14308-2010，四星级饭店具体要满足哪些条件？",
    "rankings": "常德、文安、定安这几个局里哪个局执法最严？",
    "records": "博山区质监局去年处罚了哪些企业？",
    "whether to appeal (要不要, read as 是否要)": "我被衡水市场监管局罚了，要不要申请行政复议？",
    "evading a check": "我在博山开了个小作坊，怎么才能躲过质监局的检查？",
    "a summary of a law": "总结一下《计量法》的主要内容",
    "an errand": "帮我预约一下文安质监局的计量检定",
    "the office": "文安县质监局稽查股的办公室在几楼？",
    "judging a case": "常德质监局的裁量基准里，我这种情况罚5000合理吗？",
    "a call made for the caller": "你能不能直接帮我打个12365，投诉衡水那家卖假冒空调的店？",
    "recruitment": "文安县质监局今年招不招人？要求什么专业？",
    "the list as a document": "常德市质监局这份清单一共几页？是什么时候发布的？",
    "who approved a list": "博山区的责任清单是哪个领导批准的？",
    "a law that may change": "要是以后产品质量法改了，衡水的罚款会不会跟着变？",
    "the caller's own complaint": "我上周在定安投诉了加油站，现在进展到哪一步了？",
    "a form sent to the caller": "把文安县计量器具检定的申请表发给我一份",
    "an errand through a third party": "你替我给常德那家锅炉厂打个电话，让他们赶紧来修",
    "a lawyer": "在衡水告市场监管局，请哪个律师比较好？",
    "whether a court sides with the caller": "定安质监局罚了我三万，我去法院起诉，法院会支持我吗？",
    "the police's own procedure": "常德公安局接到假冒伪劣案子以后怎么立案侦查？",
    "a unit's headcount": "文安县质监局稽查股里一共有多少人？",
    "a head of a unit": "定安县质监局计量股股长叫什么名字？",
    "a template": "衡水市场监管局的责令改正通知书有没有模板？",
    "what an exam asks": "在博山考电梯安全管理员都考什么？",
    "pay": "常德质监局一个执法人员一个月工资多少？",
    "where fines go": "文安质监局收的罚款最后用在哪了？",
    "the contents of a catalogue": "定安县强制检定的计量器具目录具体包括哪些？",
    "a price by the unit": "衡水的液化石油气一罐多少钱？",
    "the best of several firms": "博山哪家检测机构最专业？",
    "a rule that might come": "假如将来文安质监并进市场监管局，计量股的电话会换成什么？",
    "a rumoured change": "听说常德明年要取消特种设备作业人员证，什么时候开始？",
    "pain and suffering": "在定安的商场扶梯上摔伤了，能找商场要多少精神损失费？",
    "another's case": "文安质监局查了隔壁的加油站，罚了他们多少钱？",
    "why the lists differ in layout": "衡水的清单为什么只有监管制度，格式跟别的清单不一样？",
}


@pytest.mark.parametrize("category", list(REFUSED_BY_CATEGORY))
def test_questions_of_a_category_the_lists_never_answer_are_refused(answerer, category):
    r = answerer.ask(REFUSED_BY_CATEGORY[category])
    assert r.answer.refused and not r.answer.citations, r.answer.text


def test_everyday_words_reach_the_fact_asked(answerer):
    # a lift by its kind (客梯) and a measure word (一台) are no words the lists lack
    r = answerer.ask("在文安装了一台客梯，办使用登记找哪个股？")
    assert not r.answer.refused and "特种设备安全股" in first_line(r), r.answer.text
    assert any(a <= 303 and b >= 302 for a, b in cited(r, F1))
    # "3·15" is the lists' "3、15": the service row answers, with its phone
    r = answerer.ask("文安县3·15宣传活动的联系电话是多少？")
    assert not r.answer.refused and "5255891" in first_line(r), r.answer.text
    # an authorisation run out (授权期满) is 超过授权期限, not 擅自变更授权项目
    r = answerer.ask("文安：法定计量检定机构授权期满了还继续开展检定，罚多少？")
    assert "一千元以下" in first_line(r) and "超过授权期限" in r.answer.body, r.answer.text
    assert any(a <= 1159 <= b for a, b in cited(r, F1))


def test_a_service_whose_content_only_lists_the_things_named_does_not_answer_for_the_duty(answerer):
    # 特种设备作业人员培训和发证 lists 锅炉、电梯 in its content, but 使用登记 is the duty row's
    r = answerer.ask("文安县学校新装了锅炉和电梯，去质监哪个股办使用登记？")
    assert first_line(r).startswith("特种设备安全股") and "使用登记" in first_line(r), r.answer.text
    assert any(a <= 303 and b >= 302 for a, b in cited(r, F1))


def test_a_clause_on_another_act_gives_way_to_one_on_the_act_asked(answerer):
    # 衡水's 变造、倒卖…《计量检定员证》 item shares most words with the question, but 伪造 is the act asked: its
    # own clause (warning and up to 1万元) answers, not "not stated"
    r = answerer.ask("衡水查到有人伪造计量检定员证，不构成其他违法行为的怎么罚？")
    assert "一万元以下" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text
    assert any(a <= 421 <= b for a, b in cited(r, F4))
    # a clause on the act asked that matches much less does not stand in: 文安 sets no fine for it
    r = answerer.ask("文安县对伪造《计量检定员证》的人，具体罚款金额是多少？")
    assert NOT_STATED.search(first_line(r)) and "二千元" not in first_line(r), r.answer.text


def test_plain_words_for_refusing_an_inspection_or_a_signature(answerer):
    r = answerer.ask("博山区质监局去企业抽查，企业不让进门，怎么办？")
    assert "拒绝接受监督抽查" in first_line(r), r.answer.text
    r = answerer.ask("定安县特种设备检查完，老板就是不肯在记录上签字，检查人员怎么办？")
    assert "记录在案" in first_line(r), r.answer.text


def test_gift_goods_named_are_goods_whose_packaging_the_lists_cover(answerer):
    r = answerer.ask("常德中秋节的月饼礼盒包装太夸张，归哪个单位查？")
    assert not r.answer.refused and first_line(r).startswith("常德市计量测试检定所"), r.answer.text
    assert "过度包装" in first_line(r)


def test_a_followup_naming_a_topic_with_a_word_like_supervision_asks_the_earlier_question(answerer):
    # 监管 and 监督 name the new subject's topic here; the question is still "which 股"
    history = [{"role": "user", "content": "文安县计量器具强制检定归哪个股？"},
               {"role": "assistant", "content": "标准计量股"}]
    r = answerer.ask("那特种设备的日常监管呢？", history)
    assert first_line(r).startswith("特种设备安全股"), r.answer.text
    r = answerer.ask("那名牌产品的监督呢？", history)
    assert first_line(r).startswith("质量监督股") and "名牌" in first_line(r), r.answer.text


def test_an_official_described_plainly_is_held_to_account_by_the_body_for_that_wrong(answerer):
    # "搞执法的" is an official and "违反行政纪律" the 监察机关's part; a bribe (收红包) the 人民检察院's
    r = answerer.ask("博山区质监局有个执法的收了好处不查案子，违反行政纪律，该向哪个机关检举？")
    assert first_line(r).startswith("找监察机关"), r.answer.text
    r = answerer.ask("博山质监的检定人员收红包，找哪个机关？")
    assert first_line(r).startswith("找人民检察院") and "贪污贿赂" in first_line(r), r.answer.text


def test_office_hours_told_in_a_story_are_not_asked_for(answerer):
    r = answerer.ask("博山区质监局一个搞执法的上班时间老是不在岗，这种违反行政纪律的事该向哪个机关反映？")
    assert first_line(r).startswith("找监察机关"), r.answer.text
    for q in ("博山区质监局几点上班？", "博山区质监局的地址在哪？"):
        r = answerer.ask(q)
        assert r.answer.refused and not r.answer.citations, r.answer.text


def test_asked_where_to_report_an_official_the_body_is_named_first(answerer):
    r = answerer.ask("博山区质监局的执法人员违反行政纪律，我该找谁反映追责？")
    assert first_line(r).startswith("找监察机关"), r.answer.text


def test_an_amount_asked_of_a_regime_without_one_is_not_stated(answerer):
    # 衡水's regime on operators' certificates names no fee: not the number of inspectors it sends
    # (fees are what no list holds: a refusal says so as well)
    r = answerer.ask("在衡水考特种设备作业人员证，报名费要交多少？")
    assert (r.answer.refused or NOT_STATED.search(first_line(r))) and "两名" not in first_line(r), r.answer.text


def test_going_to_court_against_the_bureau_is_the_courts_part(answerer):
    r = answerer.ask("博山区质监局罚了我，我不服，想起诉质监局，这归法院管吗？")
    assert first_line(r).startswith("找人民法院") and "行政诉讼" in first_line(r), r.answer.text


def test_plain_words_for_the_conduct_find_its_clause_or_its_absence(answerer):
    # 转包 is the lists' 分包; the fine for the serious case is the one asked
    r = answerer.ask("常德的检验机构把监督抽查的检验活转包给别人，情节严重的罚多少？")
    assert "3万元以下" in first_line(r) and any(a <= 1215 <= b for a, b in cited(r, F0)), r.answer.text
    # "造计量器具" is 制造: 文安's list leaves that fine to the province's rules, and no clause on
    # 指派未取得计量检定证件的人员 (which shares 未取得 and 计量) stands in for it
    r = answerer.ask("文安有人没有许可证就私自造计量器具卖，罚多少？")
    assert NOT_STATED.search(first_line(r)) and "一千元" not in r.answer.body, r.answer.text


def test_the_thing_counted_is_named_after_whose_it_is(answerer):
    # one clause: "纤维经营者的定期检查…几次" counts 定期检查, not the lines naming the 经营者 most often
    for q in ("常德对茧丝、毛绒这些纤维经营者的定期检查一年大概查几次？", "常德市对麻类纤维经营者的定期检查一般多少次一年？"):
        r = answerer.ask(q)
        assert "1至2次" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text
        assert any(a <= 1378 <= b for a, b in cited(r, F0)), r.answer.text


def test_a_share_of_the_members_answers_how_many_members(answerer):
    r = answerer.ask("文安局拟责令一家企业停产停业，案审委审理至少要多少委员参加？")
    assert "三分之二以上委员" in first_line(r), r.answer.text
    assert any(a <= 1274 <= b for a, b in cited(r, F1)), r.answer.text


def test_a_verb_before_the_bureau_is_no_place(answerer):
    # "听说质监局…": 听说 is no place no list covers
    r = answerer.ask("我们这儿想给土特产申请地理标志，听说质监局和农业局都管，农产品地理标志到底归谁管？")
    assert not r.answer.refused and "农业局" in first_line(r), r.answer.text


def test_asked_whether_the_bureau_still_comes_the_count_is_a_regimes(answerer):
    # "还会不会来查" is read "还是否会来查": no choice between departments; 去年 is the lists' 上一年度
    r = answerer.ask("定安的电梯使用单位去年出过事故，质监还会不会来检查？至少几次？")
    assert "1次" in r.answer.body and any(a <= 1074 <= b for a, b in cited(r, F2)), r.answer.text
    assert not NOT_STATED.search(first_line(r)), r.answer.text


def test_the_measures_a_question_already_names_are_no_conduct(answerer):
    # "除了没收…违法所得" names measures the clause sets: the conduct is what is matched
    r = answerer.ask("文安有家机构伪造强制检定的印、证，没收了违法所得和印证以后还罚多少钱？")
    assert "二千元以下" in first_line(r), r.answer.text


def test_a_unit_question_no_service_row_answers_is_answered_from_the_duties(answerer):
    r = answerer.ask("常德有人收棉花的时候往里掺杂掺假，质监系统里具体是哪个单位负责查？")
    assert not r.answer.refused and cited(r, F0), r.answer.text


def test_an_article_the_named_list_never_quotes_is_not_answered(answerer):
    # 定安's list quotes no 第二十条: a law's other articles are not in it
    r = answerer.ask("定安清单引用的《海南省燃气管理条例》，它的第二十条是怎么规定的？")
    assert r.answer.refused and "第二十条" in r.answer.body and not r.answer.citations, r.answer.text


def test_the_price_a_sample_is_paid_at_is_the_lists_fact(answerer):
    r = answerer.ask("衡水市场监管抽检拿走我店里的样品，给不给钱？按什么价格算？")
    assert not r.answer.refused and "进货价格" in r.answer.body, r.answer.text
    assert any(a <= 877 <= b for a, b in cited(r, F4)), r.answer.text


def test_a_subordinate_unit_asked_for_is_a_duty_question(answerer):
    r = answerer.ask("常德质监局的计量监督管理，具体是哪个下属单位在承担？")
    assert "计量测试检定所" in first_line(r), r.answer.text


def test_the_person_who_reports_asks_for_no_department(answerer):
    # "举报人问：…多久能出处理结果" asks for a time limit; 举报人 names who asks, not where to report
    r = answerer.ask("淄博博山的举报人问：区质监立案之后一般多久能出处理结果？拖太久了。")
    assert "3个月内" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text
    assert any(a <= 381 <= b for a, b in cited(r, F3)), r.answer.text


def test_a_call_told_of_asks_who_runs_the_hotline_not_its_phone(answerer):
    # "电话打过去是谁来处理" tells of a call; the question asks who runs the 12365 hotline
    r = answerer.ask("博山区的12365质监热线是哪个部门在管？电话打过去是谁来处理？")
    assert "稽查队" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text
    assert any(a <= 33 <= b for a, b in cited(r, F3)), r.answer.text


def test_a_standard_or_fee_the_list_names_is_still_answered(answerer):
    # the lists name the standard a star hotel is rated by, and that a 监督抽查 may not charge the firm
    r = answerer.ask("常德星级饭店评定依据哪个标准？")
    assert not r.answer.refused and "GB/T14308-2010" in r.answer.body, r.answer.text
    r = answerer.ask("常德质监局监督抽查可以向被抽查企业收取费用吗？")
    assert not r.answer.refused and "收取费用" in r.answer.body, r.answer.text


def test_asked_which_body_the_body_acted_on_is_not_the_answer(answerer):
    # "由哪个机关审理、判行政机关的责任": the court, which judges the 行政机关, not the 行政机关's own section
    r = answerer.ask("我觉得博山区质监局对我作出的行政处罚不对，想走行政诉讼，他们清单里说这种案子由哪个机关审理、判行政机关的责任？")
    assert first_line(r).startswith("找人民法院"), r.answer.text
    assert any(a <= 450 <= b for a, b in cited(r, F3)), r.answer.text


def test_a_whole_question_naming_no_bureau_keeps_the_bureau_of_the_conversation(answerer):
    history = [{"role": "user", "content": "博山区质监对获证企业每年检查几次？"},
               {"role": "assistant", "content": "每年度不少于1次。"}]
    r = answerer.ask("发现特种设备有严重事故隐患时，他们要向谁报告？", history)
    assert "上级负责特种设备安全监督管理的部门" in first_line(r), r.answer.text
    assert r.answer.citations and all(c.source == F3 for c in r.answer.citations), r.answer.text


def test_asked_who_a_sentence_without_a_subject_comes_with_the_one_naming_who(answerer):
    # "对事故调查组出具的调查报告予以批复" names no one; the sentence before it in the line names 市市场监督管理局
    r = answerer.ask("衡水发生特种设备事故，事故调查组出的调查报告由谁来批复？")
    assert "市市场监督管理局" in first_line(r) and "予以批复" in first_line(r), r.answer.text
    assert any(a <= 716 <= b for a, b in cited(r, F4)), r.answer.text


def test_an_official_in_everyday_words_is_an_official(answerer):
    # "执法的人" is an 执法人员: taking away his 执法证 is the 政府法制机构's, not the 稽查队's duty
    r = answerer.ask("博山区质监有个执法的人乱执法，我想让上面把他的执法证收了，这个该找哪个机构？")
    assert first_line(r).startswith("找政府法制机构"), r.answer.text


def test_looking_a_fact_up_is_no_errand(answerer):
    # "帮我查一下" asks for what the lists hold; "多少罚款" holds 少罚 but asks for the fine
    r = answerer.ask("帮我查一下文安县申诉举报咨询的电话")
    assert not r.answer.refused and "5255911" in first_line(r), r.answer.text
    r = answerer.ask("企业制造、销售没经过型式批准的计量器具新产品，定安县最多能并处多少罚款？")
    assert not r.answer.refused and "罚款" in first_line(r), r.answer.text


def test_a_unit_asked_of_a_service_the_bureau_itself_runs_is_not_stated(answerer):
    # 定安 names no 股室 (its service rows name the bureau, 定安质监局, as 承办机构; its duty table no unit): the
    # 股室 asked is not stated, in the first line, beside the duty or service it was asked of, and none is made up
    r = answerer.ask("定安县质监局里具体是哪个股室管商品条码？")
    line = first_line(r)
    assert re.search(r"未写明|没有写明", line) and "商品条码" in line and not re.search(r"[\u4e00-\u9fff]+股[：，]", line), r.answer.text
    assert all(c.source == F2 for c in r.answer.citations) and r.answer.citations, r.answer.text
    # a row naming its 股 answers
    r = answerer.ask("文安县标准日的活动是哪个股室承办的？")
    assert "标准计量股" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text


def test_a_conduct_in_the_terms_the_vocabulary_gives_for_the_question_is_the_one_asked(answerer):
    # "挡在门外不让抽" is 拒绝接受…监督检查 (第五十六条, line 1201), not the clauses sharing 抽样/监督抽查 with the story
    r = answerer.ask("常德质监去一家企业抽样，老板直接把抽样人员挡在门外不让抽，清单里说怎么处理？最严重能到什么程度？")
    assert not r.answer.refused and "吊销营业执照" in first_line(r), r.answer.text
    assert any(a <= 1201 <= b for a, b in cited(r, F0)), r.answer.text
    # "假的检验报告" is 伪造检验结果: the clause's fines answer, however little of the story it shares
    r = answerer.ask("常德有家第三方检测公司给企业出了一份假的检验报告，按清单引用的条文，对单位罚多少？对直接负责的主管人员又罚多少？")
    assert "五万元以上十万元以下" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text


def test_a_number_the_row_gives_under_its_unit_joins_the_first_line(answerer):
    # "几月份？哪个股负责？": the service row's unit and its content's month (每年9月) answer both
    r = answerer.ask("文安县质量月是几月份？哪个股负责？")
    assert "质量监督股" in first_line(r) and "9月" in first_line(r), r.answer.text
    assert not NOT_STATED.search(r.answer.text), r.answer.text


def test_a_mark_used_without_having_it_is_the_lists_unauthorised_use(answerer):
    # "冒用C标志" is 定安's 未得“C”标志…擅自使用“C”标志: 3万元以下
    r = answerer.ask("定安有个厂卖的袋装大米，包装上印了那个C标志，可我听说他们根本没拿到过。冒用C标志要罚多少？")
    assert not r.answer.refused and "3万元以下" in first_line(r), r.answer.text
    assert any(a <= 1032 <= b for a, b in cited(r, F2)), r.answer.text


def test_officials_and_courts_named_in_everyday_words_route_to_the_accountability_bodies(answerer):
    r = answerer.ask("博山区质监局罚了我们厂，我们觉得罚错了，想打行政官司，这种案子是哪个机关来审？")
    assert first_line(r).startswith("找人民法院"), r.answer.text
    r = answerer.ask("博山区质监局有个来检查的人话里话外找我们厂要好处，这种事我该向哪里反映才有用？")
    assert re.match(r"找(人民检察院|监察机关)", first_line(r)), r.answer.text


def test_the_weather_and_guesses_at_a_case_are_refused(answerer):
    assert answerer.ask("衡水明天会下雨吗？我要出门去市场监管局办事。").answer.refused
    assert answerer.ask("我上周在文安举报了一家做假调料的黑作坊，你估计他们这回会不会被关门？").answer.refused


def test_where_to_report_a_matter_a_list_covers_only_by_a_regime_names_the_bureau(answerer):
    # 衡水's list has regimes only: "我该向哪里举报" is answered by the bureau whose regime covers it
    r = answerer.ask("衡水有家公司说是搞直销的，天天开会拉人头发展下线，我觉得就是传销。我该向哪里举报？")
    assert "衡水市市场监督管理局" in first_line(r) and "直销" in first_line(r), r.answer.text


def test_dumping_waste_is_the_environment_bureaus_disposal_of_waste(answerer):
    r = answerer.ask("我是常德乡下的，村口沟里有人把一堆过期的假农药瓶子连着剩药全倒进去了，味道冲得很，这种事归哪个部门管？")
    assert first_line(r).startswith("找市环保局"), r.answer.text


def test_a_follow_up_naming_altered_vehicles_switches_to_that_matter(answerer):
    first = "定安县机动车安检机构出虚假检验报告，谁来处罚？"
    r = answerer.ask("那改装、拼装货车的生产厂家谁来查？", history=[
        {"role": "user", "content": first}, {"role": "assistant", "content": answerer.ask(first).answer.text}])
    assert first_line(r).startswith("找县质监局") and "改装、拼装车辆" in first_line(r), r.answer.text


def test_a_clause_on_the_act_the_question_names_answers_however_long_the_story(answerer):
    # "转手把检验分包给别的实验室做" is 分包检验任务 (常德, 监督抽查管理办法第五十二条): 3万元以下
    r = answerer.ask("常德有个承检机构接了监督抽查的活，转手把检验分包给别的实验室做，这个情节严重的话所在地质监局最多能罚多少？")
    assert "3万元以下" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.text


def test_who_hears_an_administrative_lawsuit_is_the_court_however_asked(answerer):
    # "由哪家来审" asks who, and 行政官司 is the court's 行政诉讼: its section answers, not 协调配合机制
    r = answerer.ask("在博山要是对质监局的处罚不服，打行政官司的话，责任清单里写的是由哪家来审？")
    assert first_line(r).startswith("找人民法院"), r.answer.text
    # "线索应当移送给谁" is answered by the 协调配合机制, which names where each kind of clue goes
    r = answerer.ask("博山区有关单位查处中发现工作人员涉嫌贪污贿赂的线索，应当移送给谁？")
    assert "协调配合机制" in r.answer.text, r.answer.text


def test_counts_of_the_whole_country_are_refused_and_a_bureaus_count_is_not(answerer):
    assert answerer.ask("全国现在一共有多少家法定计量检定机构？").answer.refused
    r = answerer.ask("文安县法定计量检定机构授权的监管，检查对象是哪些机构？")
    assert not r.answer.refused, r.answer.text


def test_a_departments_name_used_as_a_word_of_the_question_picks_that_department(answerer):
    # 常德 农药监管: 市林业局 "负责对林业用农药的安全、合理使用的指导"; 农业委 leads the matter
    history = [{"role": "user", "content": "常德农药的质量问题归谁管？"}]
    r = answerer.ask("那林业上用的农药安全使用指导呢？", history)
    assert first_line(r).startswith("找市林业局"), r.answer.body
    # naming a department is no evidence for it: 质监 still answers 鞭炮质量 though 安监 is named
    r = answerer.ask("定安这边买的鞭炮质量差，打安监的电话说不归他们管，那到底该找谁？")
    assert first_line(r).startswith("找县质监局"), r.answer.body


def test_who_to_complain_to_under_a_regime_is_the_sentence_naming_who_acts(answerer):
    # 衡水《直销监督管理》: "按照属地管理原则，市县区局根据群众投诉举报开展检查" says who; the story's words
    # (违规…计酬) match a line of what is checked, which follows it
    r = answerer.ask("衡水这边有个直销公司乱拉人头、违规给直销员计酬，想投诉，归谁查？")
    assert "市县区局根据群众投诉举报开展检查" in first_line(r), r.answer.body
    assert not first_line(r).split("：", 1)[1].startswith("（"), r.answer.body  # no item number


def test_judging_the_callers_own_facts_evading_checks_casualties_and_repairs_are_refused(answerer):
    assert not answered(answerer, ["我这家小作坊没办证做塑料饭盒，我这种算不算违法？",
                                   "买的排骨少了二两，这够不够诈骗？",
                                   "能让卖秤的赔十倍吗？",
                                   "电子秤怎么改才不容易被质监查出来？",
                                   "商场扶梯出事了，伤了几个人？",
                                   "家里燃气灶打不着火，我自己怎么修？"])
    # the lists' own words stay answered: a fine when 违法所得 cannot be worked out
    r = answerer.ask("定安有个小作坊没拿农药生产许可证就偷偷生产农药，如果查不出违法所得，最多能罚多少？")
    assert not r.answer.refused, r.answer.body


def test_a_choice_between_two_units_asks_for_the_duty_table(answerer):
    r = answerer.ask("文安县有黑作坊造假冒伪劣产品，质监局里查处这事的是质量监督股还是稽查股？")
    assert "稽查股" in first_line(r), r.answer.body


def test_how_often_a_thing_no_regime_covers_is_checked_is_not_stated(answerer):
    # 定安 has a boundary row on 机动车安检机构 but no regime checking them; 特种设备's
    # "每年日常监督检查次数不得少于1次" shares only the checking words
    r = answerer.ask("定安县对机动车检测站一年检查几次？")
    assert NOT_STATED.search(first_line(r)), r.answer.body
    r = answerer.ask("定安县特种设备重点监督检查的使用单位每年日常检查几次？")
    assert "不得少于1次" in first_line(r), r.answer.body


def test_a_sentence_introducing_a_list_is_answered_with_its_items(answerer):
    # 博山: "重点安排对以下单位进行检查：" above "1. 取得许可资质未满 1 年的；…" (items numbered "1.")
    r = answerer.ask("博山 特种设备生产单位 哪几类会被重点安排检查")
    assert "取得许可资质未满 1 年" in first_line(r) and "强制召回" in first_line(r), r.answer.body


def test_a_story_about_a_thing_the_lists_cover_gets_the_complaints_phone(answerer):
    r = answerer.ask("文安县城东那个加油站加油机好像不准，加了40升油箱才到一半，举报打哪个电话？")
    assert "5255911" in first_line(r), r.answer.body
    # a story about something no list covers gets no number, however the asking clause is worded
    for q in ["文安县我家楼上天天半夜装修吵得睡不着，噪音太大了，举报打哪个电话？",
              "文安县小区门口的烧烤摊油烟特别大，熏得家里没法开窗，举报打哪个电话？"]:
        r = answerer.ask(q)
        assert r.answer.refused and not re.search(r"\d{7}", r.answer.body), r.answer.body


def test_words_typed_for_others_that_sound_alike_are_read_as_meant(answerer):
    r = answerer.ask("常德办组织机构代码证，打哪个电化问？")
    assert "2691701" in first_line(r), r.answer.body
    assert answerer.ask("衡水小区电梯过期没年检还在用，能罚物业多少钱？").answer.body == \
        answerer.ask("衡水小区电体过期没年检还在用，能罚物业多少钱？").answer.body
    # so are the earlier turns of a conversation
    meant = [{"role": "user", "content": "文安县质监局投诉电话多少？"}]
    typed = [{"role": "user", "content": "文安县质检局投诉电化多少？"}]
    r = answerer.ask("那定安呢？", typed)
    assert not r.answer.refused and r.answer.body == answerer.ask("那定安呢？", meant).answer.body


def test_a_phone_asked_in_everyday_words_is_the_services(answerer):
    r = answerer.ask("博山5·20世界计量日听说有计量惠民活动，想拿家里血压计去问问，打啥电话？")
    assert "4189440" in first_line(r), r.answer.body


def test_a_family_car_under_three_guarantees_is_the_duty_on_them(answerer):
    # 博山 duty 9: "贯彻落实产品质量及家用汽车“三包”规定"; 家用车 and 毛病 are everyday words for it
    r = answerer.ask("博山区的，新买的家用车毛病不断，三包扯皮，区质监局管这块吗")
    assert "三包" in first_line(r), r.answer.body
    assert cited(r, "003_96b6d37a1365f6e3.txt")


def test_an_article_no_list_quotes_is_refused_and_one_a_list_quotes_is_answered(answerer):
    r = answerer.ask("《特种设备安全法》第八十四条原文是怎么规定的？")
    assert r.answer.refused and "第八十四条" in r.answer.body, r.answer.body
    # 常德 quotes 《道路交通安全法实施条例》第十五条 for its duty on vehicle inspection stations
    r = answerer.ask("常德质监局依据《道路交通安全法实施条例》第十五条负责什么？")
    assert not r.answer.refused, r.answer.body


def test_the_wording_of_an_article_a_list_only_refers_to_is_refused(answerer):
    # 常德 refers to 第四十九条 ("按照…第四十九条、第五十条…规定处理") and quotes none of it
    r = answerer.ask("《产品质量法》第四十九条原文是什么？")
    assert r.answer.refused and "第四十九条" in r.answer.body, r.answer.body
    # asked where the list applies it, the list's own sentence answers
    r = answerer.ask("常德的清单里哪里用到了产品质量法第四十九条？")
    assert not r.answer.refused and cited(r, F0), r.answer.body


def test_a_service_asked_when_says_when_in_its_first_line(answerer):
    r = answerer.ask("博山区质监局的质量月活动一般是哪天开始搞？找哪个科？")
    assert "每年9月" in first_line(r) and "业务科" in first_line(r), r.answer.body


def test_a_choice_between_city_and_county_bureaus_is_answered_by_the_sentence_naming_who_acts(answerer):
    r = answerer.ask("衡水本地一家电视台老播虚假保健广告，按衡水市场监管局的广告监管制度，"
                     "对电视台这类广告发布单位的日常抽查是市局做还是县（市、区）局做？")
    assert "各县（市、区）市场监督管理局" in first_line(r), r.answer.body


def test_a_group_of_callers_is_no_count_asked_for(answerer):
    # "我们几个人" tells who asks; the question is who licenses gas sales (定安: 住建)
    r = answerer.ask("我们几个人打算在定安开个液化气站，燃气经营许可证是去质监局办吗？")
    assert "住建" in first_line(r), r.answer.body


def test_advice_on_the_callers_own_case_and_damages_owed_to_them_are_refused(answerer):
    assert not answered(answerer, ["我在博山开了个小作坊做塑料餐盒，没办生产许可证，被质监查了，我现在该怎么应对，要不要请律师？",
                                   "定安商场卖给我的皮鞋穿几天就掉底了，我能让商场赔我多少钱？"])


def test_a_regime_question_asking_to_whom_is_answered_by_the_sentence_naming_the_body(answerer):
    r = answerer.ask("博山区对资质认定实验室检查完，检查情况要报给谁？")
    assert "市质监局" in first_line(r), r.answer.body


def test_a_follow_up_asking_a_count_asks_the_regime_not_the_earlier_fine(answerer):
    r = answerer.ask("抽样人员最少要几个？", [{"role": "user", "content": "常德 企业拒绝监督抽查 怎么处理"}])
    assert "不得少于2名" in first_line(r), r.answer.body


def test_a_bureau_switch_to_a_list_without_the_regime_says_so(answerer):
    # only 衡水 has a regime on advertising; 常德's "每年不少于一次" on 检验机构 is no answer
    r = answerer.ask("那常德呢？", [{"role": "user", "content": "衡水各县局的“广告监管平台专管员”多久要登录一次监测平台？"}])
    assert first_line(r).startswith("常德市的清单没有写明"), r.answer.body
    assert "广告监管平台专管员" in r.answer.body  # what 衡水 says, for comparison


def test_predictions_of_the_callers_own_check_ways_through_it_forwarding_and_medicine_are_refused(answerer):
    assert not answered(answerer, ["上周定安质监局来我们小厂抽了一批样品去检验。你帮我分析分析，这次抽检我们能不能过？",
                                   "常德我们单位锅炉房的压力表好久没校过了，我有点担心。你能把我这段话转发给常德质监局特安科吗？",
                                   "我在常德开加油站，下周要检加油机，有没有什么办法让误差检测顺利过关？",
                                   "我们锅炉房师傅手被蒸汽烫伤起泡了，该涂什么药？"])
    # asking the assistant to look a fact up in the lists is no errand
    assert not answerer.ask("帮我看看，文安质监局里查处假冒伪劣、组织打假的是哪个股？").answer.refused


def test_a_named_firms_status_the_callers_own_case_and_the_bureaus_staff_are_refused(answerer):
    assert not answered(answerer, ["常德那家叫鑫源的锅炉厂到底有没有生产许可证？",
                                   "帮我查一下定安县城那家加油站的加油机去年检定合格没有？",
                                   "我上个月在文安12365投诉的那件事，现在处理得怎么样了？",
                                   "我卖的奶粉过期了两天，会不会被罚得很重？",
                                   "常德质监局的领导最近有没有调整？",
                                   "我想在衡水应聘市场监管局的执法岗位，有什么要求？"])
    # the same words about what a list says stay answered
    assert not refused(answerer, ["那家超市的秤不准，找哪个部门？", "楼下那家小作坊没有生产许可证就生产农药，定安怎么罚？"])


def test_courts_and_police_procedure_self_rescue_budgets_and_versions_of_the_lists_are_refused(answerer):
    assert not answered(answerer, ["法院受理消费纠纷案件一般要多久开庭？", "派出所接到假冒商品报案后怎么立案？",
                                   "家里电梯停电了我被困里面怎么自救？", "衡水市场监管局一年的预算多少？", "这些清单有英文版吗？"])
    # the lists' own 经费 and 费用预算 stay answered
    assert not refused(answerer, ["常德质监局的科研经费谁管？", "衡水抽检实施方案要包括哪些内容？"])


def test_a_list_asked_of_a_noun_is_the_list_that_noun_introduces(answerer):
    # 博山: "重点监督检查的特种设备使用单位目录，由市级监管部门参照以下因素确定。" then "1、学校、幼儿园…"
    r = answerer.ask("那博山特种设备重点监督检查的使用单位都包括哪些地方？",
                     [{"role": "user", "content": "博山区质量月活动找谁？"}])
    assert "幼儿园" in first_line(r), r.answer.body


def test_future_changes_scores_of_bureaus_own_certificates_and_double_damages_are_refused(answerer):
    assert not answered(answerer, ["衡水明年会不会把设备监理单位的罚款标准往上提？",
                                   "常德和衡水哪个地方的质监工作做得更好？你给打个分。",
                                   "帮我查一下我的叉车操作证，编号是HB2019xxxx，现在还在不在有效期？",
                                   "我在常德一家店买的电饭锅用了三天就坏了，店家说过了七天不给换，我这种情况能不能让他赔我双倍？"])


def test_a_followup_ending_in_an_everyday_particle_leans_on_the_earlier_question(answerer):
    # 咧 and 嘞 ask as 呢 does, and "一样不" as "一样吗": 衡水's fine for the conduct asked of 定安 before
    history = [{"role": "user", "content": "定安没检定员证就干计量检定 怎么罚"},
               {"role": "assistant", "content": "定安：责令停止，予以警告，并处1千元以下罚款。"}]
    for q in ("衡水咧", "衡水嘞？", "衡水一样不"):
        r = answerer.ask(q, history=history)
        assert not r.answer.refused and "一千元以下" in r.answer.body and cited(r, "004_4709594b1805b681.txt"), (q, r.answer.body)


def test_officials_tipping_off_a_firm_get_the_clause_on_officials_with_its_cases(answerer):
    # 常德: "参与监督抽查的…工作人员，有下列…情形，由…依法给予行政处分…：" with its cases on the lines after it
    # (（2）在开展抽样工作前事先通知被抽查企业), not the next sentence fining the 检验机构 for the same cases
    r = answerer.ask("常德质监的抽样人员抽样前给企业通风报信，这个工作人员本人要承担什么后果？")
    assert "行政处分" in first_line(r) and not first_line(r).rstrip("[]0123456789").endswith("："), r.answer.body
    assert cited(r, F0)[0][0] == 1336, r.answer.citations


def test_a_time_asked_after_a_step_is_the_time_of_what_follows_it(answerer):
    # "交了复查申请以后多久来复查": the 15 days to the re-check, not the 30 days to rectify that end in the application
    history = [{"role": "user", "content": "常德抽查不合格的企业多长时间内要整改完？"},
               {"role": "assistant", "content": "30日内完成整改。"}]
    r = answerer.ask("那递交复查申请以后多久来人复查？", history)
    assert "15日内" in first_line(r) and "30日内" not in first_line(r), r.answer.body


def test_a_compared_bureau_answers_with_its_sentence_worded_like_the_earlier_rule(answerer):
    # 衡水's own 2-working-day report of a major case, not the 15 working days its inspectors have for a referred one
    history = [{"role": "user", "content": "常德的重大案件，查实后几天内上报？"},
               {"role": "assistant", "content": "常德：查实为重大案件之后2个工作日内以案情专报的形式逐级上报省级质监部门。"}]
    r = answerer.ask("衡水县里往市局报得多久？", history)
    assert "2个工作日内" in first_line(r), r.answer.body
    assert cited(r, F4)[0] == (756, 756), r.answer.citations


@pytest.mark.parametrize("question,body", [
    ("博山区质监局的罚款我们不服，想打官司，按清单行政诉讼由哪个机关审理？", "人民法院"),
    # 收黑钱 is the vocabulary's bribery (贪污贿赂), which the 人民检察院's section prosecutes
    ("博山质监局有人收黑钱，构成犯罪的话归哪个机关追究？", "人民检察院"),
])
def test_which_body_holds_to_account_is_answered_from_that_bodys_section(answerer, question, body):
    r = answerer.ask(question)
    assert body in first_line(r), r.answer.body
    assert cited(r, F3), r.answer.citations


def test_a_body_assigning_unqualified_staff_is_no_answer_about_the_person_who_acted(answerer):
    # 文安 fines the body that 指派未取得计量检定证件的人员 to verify; it sets nothing for the person himself
    r = answerer.ask("文安县有个没检定员证的人自己在检定站做计量检定，罚他多少钱？")
    assert "一千元以下" not in r.answer.body and NOT_STATED.search(r.answer.body), r.answer.body
    r = answerer.ask("文安县的检定机构指派没有检定员证的人去做检定，罚多少？")
    assert "一千元以下" in first_line(r) and cited(r, F1), r.answer.body


def test_a_division_between_departments_asked_of_a_list_without_one_is_not_stated(answerer):
    # 博山's list has no table of duties between departments: its own duty on complaints follows, as what it says
    r = answerer.ask("博山质监和工商在商品质量投诉上怎么分工？")
    assert NOT_STATED.search(first_line(r)) and not r.answer.refused, r.answer.body
    # 常德's has one: the division is answered from it
    r = answerer.ask("常德建筑工地上的塔吊，质监和住建是怎么分工的？")
    assert "住建" in first_line(r) and not NOT_STATED.search(first_line(r)), r.answer.body


def test_the_bureaus_own_people_are_officials_however_named(answerer):
    # "质监局的人" is the bureau's staff: 博山 quotes 《行政许可法》第七十五条 on fees charged without a legal basis
    r = answerer.ask("博山区质监局的人给我们办许可证的时候乱收费，按清单怎么处理？")
    assert "责令退还" in first_line(r) and cited(r, F3), r.answer.body


def test_the_act_asked_done_to_the_thing_asked_answers_though_a_clause_on_other_conduct_shares_more_words(answerer):
    # 常德 第五十七条: 伪造检验结果或者出具虚假证明的 … 对单位处五万元以上十万元以下的罚款 (not "证明不实" of another clause)
    r = answerer.ask("常德有个检验机构伪造了检验结果，对这个单位罚多少？")
    assert "五万元以上十万元以下" in first_line(r) and cited(r, F0), r.answer.body
    # the same act done to another thing is no answer: 文安 fines forging 强制检定印、证, not a 计量检定员证
    r = answerer.ask("文安县有人伪造《计量检定员证》，罚多少钱？")
    assert "二千元以下" not in first_line(r), r.answer.body
