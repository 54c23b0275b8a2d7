"""Places as a hierarchy and asking back which place the caller is in.

The tree and the matching on the real manifest (no index); filtering, ask-back and follow-ups on
a 20-list synthetic corpus in two provinces, with four county lists in one city of each (built
once per module: about 30 s on 2 cores), and on the real corpus where 廊坊市 has no list of its own."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answer.query import find_bureaus, find_unknown_places
from assistant.corpus.manifest import load_manifest
from assistant.corpus.places import CITY, COUNTY, PROVINCE, place_tree, stem
from assistant.evaluation.synthetic import generate
from assistant.policy import default_policy
from tests.conftest import CORPUS, ROOT

BUREAUS = load_manifest(CORPUS)
TREE = place_tree(BUREAUS)
F0, F1, F2, F3, F4 = (b.file for b in BUREAUS)
N, PER_PROVINCE, PER_CITY = 20, 10, 10
# questions the copies of several real lists can answer
SHOES = "在商场买的皮鞋掉底了找谁？"
TRAINING = "特种设备作业人员培训和发证的电话是多少？"
SUPERVISION = "没资格承揽设备监理业务罚多少？"
CHEMICALS = "危险化学品安全监督管理的综合工作由哪个部门负责？"
QUESTIONS = (SHOES, TRAINING, SUPERVISION, CHEMICALS)


# -- the tree of the real manifest ---------------------------------------------------------------

def test_the_real_manifest_forms_a_tree():
    keys = {p.key: p for p in TREE.places()}
    assert set(keys) == {"湖南省", "湖南省/常德市", "河北省", "河北省/廊坊市", "河北省/廊坊市/文安县", "河北省/衡水市",
                         "海南省", "海南省/定安县", "山东省", "山东省/淄博市", "山东省/淄博市/博山区"}
    assert [p.kind for p in (keys["河北省"], keys["河北省/廊坊市"], keys["河北省/廊坊市/文安县"])] == [PROVINCE, CITY, COUNTY]
    assert keys["海南省/定安县"].kind == COUNTY and keys["海南省/定安县"].parent is keys["海南省"]  # no city layer
    assert keys["河北省"].files() == [F1, F4] and keys["河北省/廊坊市"].files() == [F1]
    assert keys["河北省/衡水市"].own == [F4] and keys["河北省/廊坊市"].own == []
    # 廊坊市's own bureau has no list; 淄博市 is named by 博山区's manifest aliases
    assert not keys["河北省/廊坊市"].covered and keys["山东省/淄博市"].covered and not keys["河北省"].covered
    assert keys["河北省/衡水市"].aliases == ["衡水"] and keys["河北省"].aliases == ["河北"]


def test_stems_keep_two_characters():
    assert stem("衡水市") == "衡水" and stem("河北省") == "河北" and stem("泗县") == "" and stem("衡水") == ""


@pytest.mark.parametrize("text, files, named", [
    ("河北省衡水市重大案件", [F4], ["衡水市"]),  # the lower place only
    ("衡水市重大案件", [F4], ["衡水市"]),  # longest name first: not also 衡水
    ("淄博市博山区质监局电话", [F3], ["博山区质监局"]),
    ("河北的气瓶充装", [F1, F4], ["河北"]),
    ("廊坊市的气瓶充装归谁管", [F1], ["廊坊市"]),  # a city with county lists under it
    ("廊坊市质监局电话", [], []),  # … but its own bureau has no list
    ("文安和衡水的计量", [F1, F4], ["文安", "衡水"]),
    ("电梯归谁管", [], []),
])
def test_text_names_places(text, files, named):
    assert find_bureaus(text, BUREAUS) == (files, named)


def test_a_city_without_a_list_is_unknown_only_when_its_bureau_is_asked_about():
    policy = default_policy().query
    assert find_unknown_places("廊坊市质监局电话", BUREAUS, policy) == ["廊坊市"]
    assert find_unknown_places("廊坊市的气瓶充装归谁管", BUREAUS, policy) == []


def test_paths_and_option_labels():
    assert TREE.by_key("河北省/廊坊市/文安县").own == [F1]
    assert TREE.by_key("河北/衡水").own == [F4]  # stems work in a path too
    assert TREE.by_key("河北省/常德市") is None and TREE.by_key("") is None
    assert [TREE.option_label(p) for p in TREE.provinces()] == ["湖南省", "河北省", "海南省", "山东省"]


def test_a_name_shared_by_two_places_is_told_apart_by_the_place_above(tmp_path):
    from dataclasses import replace

    twin = replace(BUREAUS[1], file="twin.txt", bureau="另一文安县质量技术监督局", province="海南省", city="",
                   aliases=("文安县",))
    tree = place_tree([*BUREAUS, twin])
    wenan = [p for p in tree.places() if p.name == "文安县"]
    assert len(wenan) == 2
    labels = {tree.option_label(p) for p in wenan}
    assert labels == {"河北省廊坊市文安县", "海南省文安县"}
    for p in wenan:
        assert tree.files_of(tree.match(tree.option_label(p))) == p.files()


# -- a 20-list synthetic corpus ------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("places") / "corpus"
    generate(CORPUS, folder, N, per_province=PER_PROVINCE, per_city=PER_CITY)
    return folder


@pytest.fixture(scope="module")
def syn(synthetic, tmp_path_factory):
    from assistant.answer.pipeline import Answerer
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.resources import load_resources
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    index_dir = tmp_path_factory.mktemp("places-index")
    vocab = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
    build_index(load_corpus(synthetic), get_embedder(), index_dir, vocab.domain_words)
    return Answerer(load_resources(synthetic, index_dir))


def test_the_generator_default_is_unchanged_and_groups_counties_on_request(tmp_path):
    plain = generate(CORPUS, tmp_path / "plain", 10)
    assert len({c.bureau.city for c in plain if c.bureau.city}) == len([c for c in plain if c.bureau.city])
    grouped = generate(CORPUS, tmp_path / "grouped", 10, per_province=5, per_city=5)
    assert [c.bureau.file for c in grouped] == [c.bureau.file for c in plain]
    assert len({c.bureau.province for c in grouped}) == 2
    counties = [c.bureau for c in grouped if c.bureau.level in ("县", "区") and c.bureau.city]
    assert counties and all(b.city == grouped[(int(b.file[3:8]) // 5) * 5].bureau.city for b in counties)


def test_the_synthetic_tree(synthetic):
    tree = place_tree(load_manifest(synthetic))
    provinces = tree.provinces()
    assert len(provinces) == 2 and all(len(p.files()) == PER_PROVINCE for p in provinces)
    for p in provinces:
        cities = [c for c in p.children if c.kind == CITY]
        shared = [c for c in cities if len(c.children) >= 2]
        assert len(cities) >= 3 and len(shared) == 1 and len(shared[0].children) == 4
        assert shared[0].own and len(shared[0].files()) == 5  # the city's own list and its four counties
        assert [c for c in p.children if c.kind == COUNTY]  # counties directly under the province
    for place in tree.places():
        assert place.aliases[0] == stem(place.name)
        assert tree.files_of(tree.match(f"{place.name}的电梯")) == place.files()
        assert tree.files_of(tree.match(f"{stem(place.name)}的电梯")) == place.files()


def places_of(syn):
    tree = syn.places
    province = tree.provinces()[1]
    city = next(c for c in province.children if len(c.children) >= 2)
    county = city.children[0]
    return province, city, county


@pytest.mark.slow
@pytest.mark.parametrize("level", [0, 1, 2])
def test_a_named_place_limits_retrieval_and_citations_to_the_lists_under_it(syn, level):
    from assistant.text import normalize, simplified

    place = places_of(syn)[level]
    allowed = set(place.files())
    assert len(allowed) == (PER_PROVINCE, 5, 1)[level]
    answered = 0
    for question in QUESTIONS:
        for asked, chosen in ((f"{place.name}{question}", None), (question, place.key)):
            _, query = syn.understand(simplified(normalize(asked)), [], syn.resolve_bureau(chosen))
            assert set(query.bureaus) == allowed
            assert {h.chunk.source for h in syn.res.retriever.search(query, 30)} <= allowed
            result = syn.ask(asked, None, chosen)
            assert {c.source for c in result.answer.citations} <= allowed, (asked, chosen)
            answered += not result.answer.refused
    assert answered >= 4


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS)
def test_with_no_place_the_answer_comes_from_one_list_and_asks_which_place(syn, question):
    result = syn.ask(question)
    clarify = result.clarify
    assert not result.answer.refused and clarify is not None
    sources = {c.source for c in result.answer.citations}
    assert len(sources) == 1
    bureau = syn.ctx.bureaus[sources.pop()]
    assert bureau.bureau in clarify.question and ("市/县" in clarify.question or "省" in clarify.question)
    assert 2 <= len(clarify.options) <= default_policy().places.max_options
    labels = {syn.places.option_label(p) for p in syn.places.places()}
    assert set(clarify.options) <= labels
    # the place the answer comes from is among the options (at the level asked)
    home = syn.places.node_of[bureau.file]
    assert any(o in {syn.places.option_label(a) for a in (home, *home.ancestors())} for o in clarify.options)
    body = result.to_dict()
    assert body["clarify"] == {"question": clarify.question, "options": clarify.options}


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS)
def test_no_ask_back_when_the_place_is_named(syn, question):
    _, city, county = places_of(syn)
    assert syn.ask(f"{county.name}{question}").clarify is None
    assert syn.ask(question, None, county.key).clarify is None
    assert "clarify" not in syn.ask(question, None, county.key).to_dict()
    # a city: asked back only when the passages come from the counties under it, for one of them
    below = {syn.places.option_label(p) for p in city.walk() if p is not city}
    for result in (syn.ask(f"{city.name}{question}"), syn.ask(question, None, city.key)):
        assert result.clarify is None or set(result.clarify.options) <= below
        if result.clarify is not None:
            assert not any(c.source in city.own for c in result.answer.citations)


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS)
def test_every_option_sent_back_resolves_to_its_place(syn, question):
    first = syn.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": first.answer.text}]
    for option in first.clarify.options:
        place = next(p for p in syn.places.places() if syn.places.option_label(p) == option)
        result = syn.ask(option, history)
        assert not result.answer.refused, option
        assert {c.source for c in result.answer.citations} <= set(place.files()), option
        # the same answer as asking the question about that place
        assert result.answer.text == syn.ask(question, None, place.key).answer.text
        if result.clarify is not None:  # a province: asked again, now for a place in it
            assert place.kind == PROVINCE
            assert all(next(p for p in syn.places.places() if syn.places.option_label(p) == o) in
                       [d for d in place.walk()] for o in result.clarify.options)


@pytest.mark.slow
def test_a_place_in_a_follow_up_asks_the_earlier_question_for_that_place(syn):
    county = places_of(syn)[2]
    first = syn.ask(TRAINING)
    history = [{"role": "user", "content": TRAINING}, {"role": "assistant", "content": first.answer.text}]
    for follow_up in (f"我在{county.name}", f"在{stem(county.name)}呢？", f"我是{stem(county.name)}的"):
        result = syn.ask(follow_up, history)
        assert {c.source for c in result.answer.citations} == set(county.files()), follow_up
        assert result.answer.text == syn.ask(TRAINING, None, county.key).answer.text
        assert result.clarify is None
    # a follow-up that asks something new about the place is not the earlier question again
    other = syn.ask(f"{county.name}的罚款呢？", history)
    assert other.answer.text != syn.ask(TRAINING, None, county.key).answer.text


@pytest.mark.slow
def test_the_refusal_summarises_many_lists(syn):
    body = syn.refusals.refusal("not_found").body
    assert f"{N}份" in body and all(p.name in body for p in syn.places.provinces())
    assert not any(b.bureau in body for b in syn.bureaus) and len(body) < 200
    unknown = syn.ask("长沙市质监局的电话是多少")
    assert unknown.answer.refused and len(unknown.answer.text) < 250


# -- the real corpus: a city whose own bureau has no list -----------------------------------------

@pytest.mark.slow
def test_a_city_without_its_own_list_is_answered_from_the_lists_under_it_and_says_so(answerer):
    result = answerer.ask("廊坊市的气瓶充装归谁管？")
    assert not result.answer.refused and {c.source for c in result.answer.citations} == {F1}
    assert "廊坊市本级" in result.answer.text and "文安县质量技术监督局" in result.answer.text
    own = answerer.ask("廊坊市质监局的电话是多少？")
    assert own.answer.refused and "廊坊市本级" in own.answer.text and "文安县" in own.answer.text
    assert not re.search(r"\d{7}", own.answer.text)  # no phone of another bureau


@pytest.mark.slow
def test_the_real_lists_keep_their_answers_and_ask_back_on_shared_rules(answerer):
    assert answerer.refusals.refusal("not_found").body.count("质量技术监督局") == 4  # today's wording: every list named
    result = answerer.ask("质量月活动是每年几月份？")
    assert result.clarify is not None and "文安县" in result.clarify.options
    assert len({c.source for c in result.answer.citations}) == 1
    history = [{"role": "user", "content": "质量月活动是每年几月份？"}, {"role": "assistant", "content": result.answer.text}]
    dingan = answerer.ask("定安县", history)
    # 定安's row names the activity but no month: the answer says so, with 定安's row only (no other list's month)
    assert "没有写明月份" in dingan.answer.body.split("\n", 1)[0] and "9月" not in dingan.answer.text
    assert {c.source for c in dingan.answer.citations} == {F2}
    wenan = answerer.ask("文安县", history)
    assert "9月" in wenan.answer.text and {c.source for c in wenan.answer.citations} == {F1}
    hebei = answerer.ask("质量月活动是每年几月份？", None, "河北省")
    assert {c.source for c in hebei.answer.citations} <= {F1, F4}
    assert answerer.resolve_bureau("河北省/衡水市") == [F4] and answerer.resolve_bureau("衡水市市场监督管理局") == [F4]
    # a refusal stays a refusal: a place no list covers is never answered from the best-matching list
    for question in ("长沙市质量技术监督局的电话是多少？", "北京市质监局的投诉电话是多少？"):
        refused = answerer.ask(question)
        assert refused.answer.refused and refused.clarify is None and not refused.answer.citations
    # a question about every place sets the lists side by side and does not ask which place
    every = answerer.ask("销售未取得制造、修理计量器具许可的产品，各地罚多少？")
    assert every.clarify is None and len({c.source for c in every.answer.citations}) >= 2


@pytest.mark.slow
def test_ask_json_carries_clarify_only_when_asking_back(built_index):
    from tests.test_cli_ask import run_ask

    asked = run_ask(["质量月活动是每年几月份？", "--json"], built_index)
    assert asked.returncode == 0, asked.stderr
    clarify = json.loads(asked.stdout)["clarify"]
    assert clarify["question"].endswith("您在哪个市/县？") and "文安县" in clarify["options"]
    text = run_ask(["质量月活动是每年几月份？"], built_index)
    assert "您在哪个市/县？" in text.stdout and "可选：" in text.stdout
    named = run_ask(["质量月活动是每年几月份？", "--place", "河北省/廊坊市/文安县", "--json"], built_index)
    assert named.returncode == 0 and "clarify" not in json.loads(named.stdout)


# -- a thousand lists: the tree, the picker and the options stay short (manifest only, no index) --

@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    from assistant.evaluation.synthetic import manifest_text, plan

    folder = tmp_path_factory.mktemp("thousand")
    (folder / "manifest.toml").write_text(manifest_text(plan(1000, BUREAUS)), encoding="utf-8")
    return load_manifest(folder)


def test_the_picker_stays_short_with_a_thousand_lists(thousand):
    from assistant.web.page import ALL, intro, place_options

    provinces = place_options(thousand, None)
    assert provinces[0] == (ALL, "") and len(provinces) == 1 + 20
    for _, key in provinces[1:]:
        below = place_options(thousand, key)
        assert 2 <= len(below) <= 51  # fifty lists a province, each in its own city or county
        for _, child in below[1:]:
            assert len(place_options(thousand, child)) <= 51
    text = intro(thousand)
    assert "1000份" in text and "20个省" in text and len(text) < 400


def test_options_ask_for_the_province_first_when_many_places_match(thousand):
    from assistant.answer.clarify import option_places

    tree = place_tree(thousand)
    copies = [tree.node_of[b.file] for b in thousand if b.file.endswith("_001.txt")]  # 200 copies of 文安县
    options = option_places(copies, [], 6)
    assert len(options) == 6 and all(p.kind == PROVINCE for p in options)
    province = options[2]
    inside = [p for p in copies if province in p.ancestors()]
    options = option_places(inside, [province], 6)
    assert len(options) == 6 and all(p.parent is province for p in options)
    assert option_places(inside[:3], [province], 6) == inside[:3]  # few enough: the counties themselves
