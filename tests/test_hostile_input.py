"""Hostile input, in process, on the real corpus, index and models: text cleaning at the door,
the work caps (question length, tagging budget, history), and the worst answer time the caps
allow."""

from __future__ import annotations

import json
import random
import time

import pytest

from assistant.answer.chat import (
    MAX_ASSISTANT_CHARS,
    MAX_CONTEXT_CHARS,
    MAX_HISTORY_MESSAGES,
    HistoryError,
    resolve,
    validate_history,
)
from assistant.answer.inputs import MAX_STORY_CHARS, MAX_TAGGING_COST, InputError, validate_question
from assistant.text import clean_input, tagging_cost
from tests.conftest import CORPUS, ROOT

SHOES = "皮鞋掉底找谁"
HIDDEN = "皮\u200b鞋\u202e掉\u2066底找\ufeff谁\u200d"


def test_clean_input_exact():
    assert clean_input("\ud800皮鞋\x00掉底\x07找谁\udfff") == SHOES
    assert clean_input(HIDDEN) == SHOES
    assert clean_input("a\tb\nc\r\n") == "a\tb\nc\r\n"  # white space is left to normalize()
    assert clean_input("\u00ad\u061c\u180e\u2060\u2066\u2069\ufe0f\u3164x") == "x"
    assert clean_input("常德市 12365") == "常德市 12365"


def test_validate_question_cleans_and_caps():
    assert validate_question(f"  {HIDDEN}\x00 ") == SHOES
    with pytest.raises(InputError, match="empty"):
        validate_question("\ud800\x00\u200b")
    with pytest.raises(InputError, match=str(MAX_STORY_CHARS)):
        validate_question("皮" * (MAX_STORY_CHARS + 1))
    assert validate_question("皮" * MAX_STORY_CHARS)
    rare = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(40))
    assert tagging_cost(rare) > MAX_TAGGING_COST
    with pytest.raises(InputError, match="rare characters"):
        validate_question(rare)


def test_tagging_budget_keeps_every_gold_question():
    """The budget refuses runs of rare characters, never a real question (traditional ones too)."""
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for g in gold:
        validate_question(g["question"])
        validate_history(g.get("history"))
    worst = max(tagging_cost(g["question"]) for g in gold)
    assert worst * 3 < MAX_TAGGING_COST, worst


def test_tagging_cost_is_cheap_and_tracks_the_tagger():
    import jieba.posseg

    rnd = random.Random(7)
    rare = "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(2000))
    tagging_cost("皮鞋")  # loads jieba's dictionary once
    list(jieba.posseg.cut("皮鞋"))
    t0 = time.perf_counter()
    cost = tagging_cost(rare)
    assert time.perf_counter() - t0 < 0.1
    assert cost > 100 * MAX_TAGGING_COST
    short = rare[:12]
    t0 = time.perf_counter()
    list(jieba.posseg.cut(short))
    tagged = time.perf_counter() - t0
    assert tagging_cost(short) > MAX_TAGGING_COST and tagged > 0.005  # what the budget protects against


def test_history_caps():
    turn = [{"role": "user", "content": SHOES}, {"role": "assistant", "content": "找工商。"}]
    assert validate_history(turn * (MAX_HISTORY_MESSAGES // 2)) == turn * (MAX_HISTORY_MESSAGES // 2)
    with pytest.raises(HistoryError, match="limit is 20"):
        validate_history(turn * (MAX_HISTORY_MESSAGES // 2) + turn[:1])
    with pytest.raises(HistoryError, match="history\\[0\\].*limit for a question"):
        validate_history([{"role": "user", "content": "皮" * (MAX_STORY_CHARS + 1)}])
    with pytest.raises(HistoryError, match="history\\[1\\].*limit for an answer"):
        validate_history([turn[0], {"role": "assistant", "content": "答" * (MAX_ASSISTANT_CHARS + 1)}])
    assert validate_history([{"role": "user", "content": "\ud800" + HIDDEN}]) == [{"role": "user", "content": SHOES}]


def test_followup_borrows_a_capped_context(answerer):
    long_turn = "问" * 150 + "，在商场买的皮鞋掉底了找谁？" + "嗯" * 150
    history = [{"role": "user", "content": long_turn}, {"role": "user", "content": "电话呢？"}]
    turn = resolve("那罚款呢？", history, answerer.bureaus)
    # the sentence that asks is borrowed, cut to its last clauses within the cap
    assert turn.context == "在商场买的皮鞋掉底了找谁？ 电话呢？"
    assert len(turn.search_text) <= 2 * MAX_CONTEXT_CHARS + len("那罚款呢？") + 2
    turn = resolve("那罚款呢？", [{"role": "user", "content": "嗯" * 300}], answerer.bureaus)
    assert turn.context == "嗯" * MAX_CONTEXT_CHARS


def test_hidden_characters_answer_like_the_plain_question(answerer):
    plain = answerer.ask(SHOES)
    hidden = answerer.ask(f"\ud800{HIDDEN}\x00")
    assert not plain.answer.refused and "工商" in plain.answer.text
    assert hidden.answer.text == plain.answer.text
    assert hidden.answer.citations == plain.answer.citations


def largest_allowed(n: int, seed: int = 0) -> list[tuple[str, list]]:
    """Maximal questions cut from the lists, repeated words, and full-history follow-ups."""
    rnd = random.Random(seed)
    text = "".join(p.read_text(encoding="utf-8").replace("\n", "").replace(" ", "") for p in sorted(CORPUS.glob("*.txt")))
    out = []
    for _ in range(n):
        s = rnd.randrange(0, len(text) - MAX_STORY_CHARS)
        out.append((text[s:s + MAX_STORY_CHARS], []))
    for word in ("皮鞋掉底找谁", "质量监督", "罚款"):
        out.append(((word * MAX_STORY_CHARS)[:MAX_STORY_CHARS], []))
    history = []
    for _ in range(MAX_HISTORY_MESSAGES // 2):
        s = rnd.randrange(0, len(text) - MAX_ASSISTANT_CHARS)
        history += [{"role": "user", "content": text[s:s + MAX_STORY_CHARS]},
                    {"role": "assistant", "content": text[s:s + MAX_ASSISTANT_CHARS]}]
    out.append(("那罚款呢？", history))
    s = rnd.randrange(0, len(text) - MAX_STORY_CHARS)
    out.append((text[s:s + MAX_STORY_CHARS - 1] + "呢", history))
    return out


@pytest.mark.slow
def test_largest_allowed_requests_are_answered(answerer):
    """The largest requests the caps allow are answered (or refused) like any other; how long
    they hold the lock is measured by scripts/hostile_bench.py, not asserted here."""
    for question, history in largest_allowed(10):
        result = answerer.ask(question, history)
        assert result.answer.refused or result.answer.citations
