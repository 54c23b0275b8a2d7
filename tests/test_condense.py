"""A story longer than the analysis limit is answered from its asking sentence (and what fits
before it), keeps the place it names first, and says which part was read."""

from __future__ import annotations

from assistant.answer.condense import condense
from assistant.answer.inputs import MAX_QUESTION_CHARS, MAX_STORY_CHARS, validate_question
from assistant.text import cjk_punctuation, normalize

ASKING = ("什么", "哪", "谁", "多少", "几")

# a caller's story of 153 characters: the place in the first sentence, the question in the last
STORY = ("我是定安县的，上个月在县城一家商场花了五百多块买了一双真皮皮鞋，才穿了一个星期鞋底就整个开胶掉下来了。"
         "我拿回去找商场要求退货，店员说是我穿的方式不对，只肯免费给我补胶，态度也很差。"
         "我老婆说去消协，我妹妹说直接发到网上去曝光，我觉得还是先找政府部门比较稳妥。"
         "像这种在商场买的鞋子质量不行，应该找哪个部门投诉？")


def test_short_question_is_analysed_whole():
    assert condense("在商场买的皮鞋掉底了找谁？", MAX_QUESTION_CHARS, ASKING).text == "在商场买的皮鞋掉底了找谁？"
    assert not condense("在商场买的皮鞋掉底了找谁？", MAX_QUESTION_CHARS, ASKING).cut


def test_long_story_keeps_the_asking_sentence_and_what_fits_before_it():
    assert len(STORY) > MAX_QUESTION_CHARS
    c = condense(STORY, MAX_QUESTION_CHARS, ASKING, lambda part: ["定安县"] if "定安县" in part else [])
    assert c.cut and c.asking == "像这种在商场买的鞋子质量不行，应该找哪个部门投诉？"
    assert c.text.startswith("定安县：") and c.text.endswith(c.asking)
    assert "我老婆说去消协" in c.text and "才穿了一个星期" not in c.text  # the sentences just before fit, not the first
    assert len(c.text) <= MAX_QUESTION_CHARS + len("定安县：")


def test_the_last_asking_sentence_counts_and_a_closing_thanks_stays_if_it_fits():
    text = "请问一下。" + "我家的秤不准" * 20 + "。文安县计量投诉找哪个股？谢谢！"
    c = condense(text, MAX_QUESTION_CHARS, ASKING)
    assert c.asking == "文安县计量投诉找哪个股？" and c.text.endswith("文安县计量投诉找哪个股？谢谢！")


def test_one_overlong_sentence_keeps_its_last_clauses_within_the_limit():
    text = "，".join(["我在衡水买了一台电子秤"] * 15) + "，衡水市场监管局管计量的电话是多少"
    c = condense(text, MAX_QUESTION_CHARS, ASKING, lambda part: ["衡水"] if "衡水" in part else [])
    assert c.text.endswith("衡水市场监管局管计量的电话是多少") and len(c.text) <= MAX_QUESTION_CHARS
    assert not c.text.startswith("衡水：")  # the place is in the part kept: nothing put in front
    garbage = "皮" * MAX_STORY_CHARS
    assert len(condense(garbage, MAX_QUESTION_CHARS, ASKING).text) == MAX_QUESTION_CHARS


def test_a_long_story_is_answered_from_its_question_with_the_place_it_names_first(answerer):
    assert validate_question(STORY) == STORY
    result = answerer.ask(STORY)
    first = result.answer.text.splitlines()[0]
    assert not result.answer.refused and "工商" in first, result.answer.text
    assert all(c.source.startswith("002_") for c in result.answer.citations)  # 定安's list: the place was kept
    assert "问题较长，已按其中的提问作答" in result.answer.text and "应该找哪个部门投诉？」" in result.answer.text


def test_a_long_story_in_the_history_keeps_its_bureau_for_the_followup(answerer):
    followup = answerer.ask("那电梯困人找哪个单位？", [{"role": "user", "content": STORY},
                                                {"role": "assistant", "content": "找县工商局。"}])
    assert not followup.answer.refused
    assert followup.answer.citations and all(c.source.startswith("002_") for c in followup.answer.citations)


def test_departments_told_of_in_the_story_are_not_the_one_asked_about(answerer):
    # 商务局 is a relative's guess in a sentence that asks nothing; the sentence asking names no department
    r = answerer.ask("我姑父说收蚕茧的证归商务局管，我姐说归质监局，两个人争了半天。请问在常德，鲜茧收购资格证书是哪个部门发的？")
    assert not r.answer.refused and r.answer.text.startswith("找市经信委")


def test_a_followup_naming_only_a_place_asks_the_whole_earlier_question_again(answerer):
    first = ("我侄子在计量所工作，他那本《计量检定员证》是托人弄的假证，单位最近在清查。他也没有做别的违法的事，"
             "就是伪造冒用了这个证，按常德的规定会怎么处罚？")
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "常德：予以警告，并处1万元以下罚款。"}]
    r = answerer.ask("那定安县呢？", history)
    first_line = r.answer.text.splitlines()[0]
    assert "予以警告" in first_line and "罚款" not in first_line  # 定安 warns and fines nothing
    assert any(c.source.startswith("002_") and c.start_line <= 990 <= c.end_line for c in r.answer.citations)


def test_a_compared_bureau_without_the_number_named_has_no_such_rule(answerer):
    history = [{"role": "user", "content": "文安县质监局先查封了我们的货，说手续后补，最晚多长时间内要补办手续？"},
               {"role": "assistant", "content": "文安：应当在24小时内补办法定手续。"}]
    r = answerer.ask("定安也有这个24小时的规定吗？", history)
    lines = r.answer.text.splitlines()
    assert lines[0] == "定安县的清单没有写明这一事项的规定。"
    assert lines[1].startswith("对比文安县：") and "24小时" in lines[1]


def test_a_quoted_question_keeps_its_full_width_punctuation():
    assert cjk_punctuation(normalize("在定安，找谁？电话（座机）呢！")) == "在定安，找谁？电话（座机）呢！"
    assert cjk_punctuation("罚款3.5万元,a?b") == "罚款3.5万元，a?b"  # "a?" follows no Chinese character
