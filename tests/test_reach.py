"""The reach model: its arithmetic on hand-made inputs, the file it is read from, what it is
trained on, and what it does to real questions on the real corpus."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from assistant.answer.query import as_read, load_vocabulary
from assistant.answer.reach import ReachModel, load_reach_model, ngram_counts, tfidf
from assistant.evaluation.train_reach import digest, list_questions, training_examples, wrapped

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "prompts" / "reach_model.json"


def test_ngrams_are_counted_with_place_names_blanked():
    assert ngram_counts("常德电梯", ("常德",)) == Counter({" ": 1, "电": 1, "梯": 1, " 电": 1, "电梯": 1, " 电梯": 1})
    # white space runs count as one space; Latin letters are lower-cased
    assert ngram_counts("A \t b") == Counter({"a": 1, " ": 1, "b": 1, "a ": 1, " b": 1, "a b": 1})


def test_tfidf_is_unit_length_and_drops_unknown_ngrams():
    vector = tfidf(Counter({"a": 1, "b": 3, "x": 5}), {"a": 2.0, "b": 1.0})
    raw = {"a": 2.0, "b": 1 + math.log(3)}
    norm = math.hypot(*raw.values())
    assert vector == pytest.approx({g: v / norm for g, v in raw.items()})
    assert tfidf(Counter({"x": 1}), {"a": 1.0}) == {}


def test_probability_of_a_hand_made_model():
    model = ReachModel(idf={"a": 1.0, "b": 1.0}, weights={"a": 2.0}, bias=0.0, trained_on=2)
    # "ab": a and b weigh 1/√2 each, ab is unknown; z = 2/√2
    assert model.out_of_reach("ab") == pytest.approx(1 / (1 + math.exp(-math.sqrt(2))))
    assert model.out_of_reach("zz") == pytest.approx(0.5)  # nothing known: the bias alone


def test_model_file_round_trip(tmp_path):
    model = ReachModel(idf={"电梯": 1.5, "罚": 2.25}, weights={"电梯": -0.5, "罚": 0.75}, bias=0.125, trained_on=7,
                       examples_digest="abc")
    path = tmp_path / "reach_model.json"
    path.write_text(json.dumps(model.to_dict(), ensure_ascii=False), encoding="utf-8")
    assert load_reach_model(path) == model


@pytest.mark.parametrize("content", [None, "{not json", '{"format": 99, "ngram_sizes": [1, 2, 3]}',
                                     '{"format": 1, "ngram_sizes": [1, 2, 3], "bias": 0}', "[]"])
def test_a_missing_or_damaged_model_file_is_named(tmp_path, content):
    path = tmp_path / "reach_model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="reach_model.json.*retrain"):
        load_reach_model(path)


def _gold_lines() -> list[dict]:
    return [json.loads(line) for p in sorted((ROOT / "eval").glob("gold*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_training_reads_only_the_dev_halves_and_leaves_not_stated_out():
    examples = training_examples(ROOT / "eval")
    gold = _gold_lines()
    test_ids = {q["id"] for q in gold if q.get("split") != "dev"}
    assert examples and not {e.id for e in examples} & test_ids
    # refusals of a list compiler's personal contact stay out: the personal-data rule refuses them
    from assistant.answer.query import asks_list_compiler
    from assistant.policy import default_policy

    personal = [q for q in gold if q.get("split") == "dev" and q.get("expect_refused")
                and asks_list_compiler(q["question"], default_policy().query)]
    assert personal and not {e.id for e in examples} & {q["id"] for q in personal}
    assert len(examples) == sum(1 for q in gold if q.get("split") == "dev" and q["kind"] != "not_stated") - len(personal)
    assert {e.out_of_reach for e in examples if e.id == "YX027"} == {True}  # a refusal
    assert {e.out_of_reach for e in examples if e.id == "YX003"} <= {False}


def test_the_shipped_model_was_trained_on_the_current_dev_halves():
    # a gold file added or changed without retraining (scripts/train_reach.py) fails here
    model = load_reach_model(MODEL)
    assert model.examples_digest == digest(training_examples(ROOT / "eval"))


def test_wrapped_copies_are_answerable_and_keep_their_gold_file():
    examples = training_examples(ROOT / "eval")[:50]
    extra = wrapped(examples)[len(examples):]
    answerable = [e for e in examples if not e.out_of_reach]
    assert len(extra) == 2 * len(answerable)
    assert all(not e.out_of_reach for e in extra)
    original = {e.id: e.text for e in answerable}
    assert all(original[e.id.split("~")[0]] in e.text and e.text != original[e.id.split("~")[0]] for e in extra)
    assert {e.group for e in extra} <= {e.group for e in answerable}


def test_questions_made_from_the_lists_name_their_units_and_services(corpus):
    made = list_questions(corpus.records, {pl.bureau.file: pl.bureau.short_name for pl in corpus.lists})
    texts = [e.text for e in made]
    assert not any(e.out_of_reach for e in made)
    assert any("特种设备安全股管什么" in t for t in texts)
    assert any(t.endswith("的电话是多少？") for t in texts)
    assert any(t.endswith("罚多少？") for t in texts)
    assert len(texts) == len(set(texts))


# requests in wordings no rule of prompts/vocabulary.toml was written from, and look-alikes that ask
# what a list holds (written for this test, not taken from the gold files)
OUT_OF_REACH = [
    "你帮我给博山区质监局写封感谢信吧，他们帮我解决了电梯问题",
    "定安的鞭炮厂现在还招工吗？一个月多少钱？",
    "我在文安开个加油站一年能赚多少？",
    "我们小区电梯明天要维保，会停多久？",
    "衡水市场监管局罚我们的那五万块，能不能申请延期缴纳？",
]
WITHIN_REACH = [
    "能不能告诉我常德对伪造检验数据的检验机构怎么罚",
    "你好，衡水电梯出了事故谁负责调查处理？",
    "我家煤气罐漏气，定安该找哪个部门？",
    "麻烦问下，常德市质监局的计量测试检定所负责什么",
    "我们厂想办工业产品生产许可证，文安县找哪个股室？",
    "你帮我看看常德监督抽查的样品能不能让企业自己抽？",
    "定安县质监局对锅炉的监督检查多久一次？",
    "我在衡水，帮我查一下电梯困人该找哪个单位？",
    "麻烦你查查定安县质监局管气瓶的是哪个单位",
]


@pytest.mark.slow
def test_requests_out_of_reach_are_refused_by_the_model(answerer):
    bar = answerer.policy.scope.max_out_of_reach
    vocab = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
    scored = {q: answerer.res.reach.out_of_reach(as_read(q, vocab), answerer.place_names)
              for q in OUT_OF_REACH + WITHIN_REACH}
    assert [q for q in OUT_OF_REACH if scored[q] < bar] == []
    assert [q for q in WITHIN_REACH if scored[q] >= bar] == []
    assert [q for q in OUT_OF_REACH if not answerer.ask(q).answer.refused] == []
    assert [q for q in WITHIN_REACH if answerer.ask(q).answer.refused] == []
