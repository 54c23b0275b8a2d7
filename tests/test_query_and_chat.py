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
    text = path.read_text(encoding="utf-8").replace('"电梯" = ["特种设备", "电梯"]', '"观光梯" = ["特种设备"]\n"电梯" = ["特种设备", "电梯"]')
    path.write_text(text, encoding="utf-8")
    assert "特种设备" in expand("景区观光梯", load_vocabulary(path))


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
