"""The gold set itself: well-formed, large and varied enough, and every `must` alternative
findable in its gold lines (so a grounded answer can satisfy it)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from tests.conftest import CORPUS, ROOT

MINIMUM = {"routing": 35, "contact": 20, "penalty": 30, "regime": 30, "duty": 20, "refusal": 15, "followup": 10}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def load(name: str = "gold.jsonl"):
    with open(ROOT / "eval" / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


GOLD_FILES = tuple(sorted(p.name for p in (ROOT / "eval").glob("gold*.jsonl")))


def test_gold_is_well_formed_and_covers_every_kind():
    gold = load()
    assert len(gold) >= 150 and len({g["id"] for g in gold}) == len(gold)
    kinds = Counter(g["kind"] for g in gold)
    assert all(kinds[k] >= n for k, n in MINIMUM.items()), kinds
    assert {g["split"] for g in gold} == {"dev", "test"}
    assert all(g.get("history") for g in gold if g["kind"] == "followup")
    files = {g["source"] for q in gold for g in q["gold"]}
    assert files == {p.name for p in CORPUS.glob("0*.txt")}


def test_users_questions_are_split_and_cover_every_kind():
    users = load("gold_users.jsonl")
    assert len(users) >= 60 and len({g["id"] for g in users}) == len(users)
    assert not {g["id"] for g in users} & {g["id"] for g in load()}
    kinds = Counter((g["kind"], g["split"]) for g in users)
    for kind in ("routing", "contact", "penalty", "regime", "duty", "followup", "refusal", "not_stated"):
        assert kinds[(kind, "dev")] >= 2 and kinds[(kind, "test")] >= 2, kind


@pytest.mark.parametrize("name", GOLD_FILES)
def test_spans_are_real_and_must_groups_stand_in_them(name):
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in CORPUS.glob("0*.txt")}
    for q in load(name):
        if q.get("expect_refused"):
            assert q["gold"] == [] and q["must"] == [], q["id"]
            continue
        texts = []
        for g in q["gold"]:
            start, end = g["lines"]
            assert 1 <= start <= end <= len(lines[g["source"]]) and end - start < 200, q["id"]
            texts.append(_norm("".join(lines[g["source"]][start - 1 : end])))
        for group in q["must"]:
            assert any(_norm(alt) in t for alt in group for t in texts), (q["id"], group)


@pytest.mark.parametrize("name", GOLD_FILES)
def test_no_gold_touches_personal_data(name):
    for q in load(name):
        for g in q["gold"]:
            s, e = g["lines"]
            assert not (g["source"].startswith("000") and s <= 15 and e >= 12), q["id"]
            assert not (g["source"].startswith("001") and s <= 335 <= e), q["id"]
