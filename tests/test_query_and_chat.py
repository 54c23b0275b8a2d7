"""Query understanding and follow-up resolution on the real manifest and vocabulary file."""

from __future__ import annotations

import shutil

import pytest

from assistant.answer.chat import HistoryError, resolve, validate_history
from assistant.answer.query import detect_intent, expand, find_bureaus, find_unknown_places, load_vocabulary
from assistant.answer.understand import understand
from assistant.corpus.manifest import load_manifest
from assistant.policy import default_policy
from tests.conftest import CORPUS, ROOT

BUREAUS = load_manifest(CORPUS)
VOCAB = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
F0, F1, F2, F3, F4 = (b.file for b in BUREAUS)


@pytest.mark.parametrize("text, files", [
    ("常德的烟花爆竹归谁管", [F0]), ("淄博市博山区质监局电话", [F3]), ("淄博的质量月活动", [F3]),
    ("衡水市重大案件", [F4]), ("河北省的气瓶充装", [F1, F4]), ("海南的商品条码", [F2]), ("电梯归谁管", []),
])
def test_bureaus_by_alias_or_province(text, files):
    assert find_bureaus(text, BUREAUS)[0] == files


@pytest.mark.parametrize("text, places", [
    ("长沙市质监局的电话是多少", ["长沙市"]), ("海口市质监局的电话是多少？", ["海口市"]),
    ("石家庄市场监管局罚款", ["石家庄"]), ("廊坊市质监局电话", ["廊坊市"]),
    ("常德市的商品条码", []), ("中华人民共和国产品质量法怎么罚", []), ("在商场买的皮鞋掉底了找谁", []),
])
def test_places_no_list_covers(text, places):
    assert find_unknown_places(text, BUREAUS, default_policy().query) == places


@pytest.mark.parametrize("text, intent", [
    ("常德特种设备作业人员资格认定的电话是多少", "contact"), ("没资格承揽设备监理业务罚多少？", "penalty"),
    ("在商场买的皮鞋掉底了找谁？", "routing"), ("文安县标准计量股负责什么", "duty"),
    ("衡水市重大案件多少天内上报", "regime"), ("规范行政处罚裁量权依据哪号政府令", ""),
])
def test_intent(text, intent):
    assert detect_intent(text, VOCAB) == intent


def test_colloquial_words_map_to_official_terms():
    assert "计量器具" in expand("超市的电子秤不准", VOCAB) and "特种设备" in expand("小区电梯坏了", VOCAB)


def test_vocabulary_is_data_not_code(tmp_path):
    path = tmp_path / "vocabulary.toml"
    shutil.copy(ROOT / "prompts" / "vocabulary.toml", path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('\n[extra]\n')
    text = path.read_text(encoding="utf-8").replace('"电梯" = ["特种设备", "电梯"]', '"升降平台" = ["特种设备"]\n"电梯" = ["特种设备", "电梯"]')
    path.write_text(text, encoding="utf-8")
    assert "特种设备" in expand("工地升降平台", load_vocabulary(path))


def test_explicit_bureau_overrides_the_text():
    _, q = understand("常德的电梯归谁管", [], [F2], BUREAUS, VOCAB, default_policy().query)
    assert q.bureaus == [F2]


HISTORY = [{"role": "user", "content": "文安县特种设备作业人员培训找哪个股室"},
           {"role": "assistant", "content": "文安县质量技术监督局的清单：特种设备安全监察股"}]


def test_followup_borrows_topic_and_bureau():
    turn = resolve("电话是多少？", HISTORY, BUREAUS)
    assert turn.bureau_files == [F1] and "特种设备作业人员培训" in turn.search_text


def test_followup_naming_another_bureau_keeps_its_own():
    turn = resolve("常德呢？", HISTORY, BUREAUS)
    assert turn.bureau_files == [F0] and "特种设备" in turn.search_text


def test_a_full_question_is_not_a_followup():
    turn = resolve("衡水市重大案件多少个工作日内上报市局？", HISTORY, BUREAUS)
    assert turn.context == "" and turn.bureau_files == [F4]


def test_bureau_inherited_from_the_assistant_turn():
    history = [{"role": "user", "content": "在商场买的皮鞋掉底了找谁？"},
               {"role": "assistant", "content": "关于「申诉处理」，定安县质量技术监督局的清单这样划分职责"}]
    assert resolve("那罚款呢？", history, BUREAUS).bureau_files == [F2]


@pytest.mark.parametrize("history", ["x", [{"role": "bot", "content": "x"}], [{"role": "user"}], [1]])
def test_bad_history(history):
    with pytest.raises(HistoryError):
        validate_history(history)


@pytest.mark.parametrize("text, intent", [
    ("衡水市场监督管理局", ""),  # a bureau's name holds 监督 but asks for nothing
    ("澄川市局对检验检测机构的监督检查由哪个科室负责？", "duty"),
    ("定安县超市的电子秤不准，质监局管吗？", "duty"),  # the bureau's own duties
    ("定安超市里卖的东西质量不合格，这是工商管还是质监管？", "routing"),
])
def test_intent_from_what_is_asked_not_from_names(text, intent):
    assert detect_intent(text, VOCAB) == intent


@pytest.mark.parametrize("text, term", [
    ("菜场的作弊秤", "计量器具"), ("网上买到高仿包", "假冒伪劣"), ("煤气灶老回火", "燃气器具"),
    ("路边摊卖的凉粉", "食品摊贩"), ("饭馆后厨很脏", "餐饮服务"), ("牛奶过期了", "保质期"), ("商场扶梯困人", "特种设备"),
])
def test_everyday_words_by_category(text, term):
    assert term in expand(text, VOCAB)


def test_a_followup_naming_another_bureau_looks_back_for_the_earlier_one():
    from assistant.answer.compare import earlier_bureaus

    history = [{"role": "user", "content": "衡水对伪造设备监理单位资格证书的怎么罚？"},
               {"role": "assistant", "content": "衡水市：予以警告"}]
    assert earlier_bureaus("文安一样吗？", history, BUREAUS) == [[F4]]
    assert earlier_bureaus("衡水呢？", history, BUREAUS) == []  # the same bureau: no comparison
    assert earlier_bureaus("那罚款呢？", history, BUREAUS) == []  # names no bureau
