"""Training the reach model (assistant/answer/reach.py) on the gold questions' dev halves.

The refusals (kind refusal or out_of_scope) are the positive class, the answerable kinds the
negative one. Not-stated questions stay out: they ask what a list could hold, in the words of
answerable ones, and only the list's text tells them apart. So do refusals a rule refuses with a
reason of its own, a list compiler's personal contact ("文安县质监局那张表是谁填的？电话给我"): dozens of
them would teach that a bureau's name beside 电话 is out of reach ("文安县质监局投诉电话多少？").
The test halves are never read.
The fit uses scikit-learn (imported here only, when training); answering needs none of it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.query import asks_list_compiler
from assistant.answer.reach import ReachModel, ngram_counts, tfidf
from assistant.policy import default_policy

OUT_OF_REACH_KINDS = ("refusal", "out_of_scope")
LEFT_OUT_KINDS = ("not_stated",)
LISTS = "lists"  # the group of the questions made from the lists' records
# polite wrappers and errand words that say nothing of what is asked: each answerable question is
# learnt again inside some of them, so that "帮我查一下电梯困人该找哪个单位" is judged by what it asks
# (a unit), not by the 帮我查一下 that "帮我查一下那家厂的许可证还有效吗" shares
_ASKERS = ("", "你", "请你", "麻烦你", "能不能", "你能不能", "可以", "劳驾", "拜托", "麻烦")
_ERRANDS = ("帮我查一下", "帮我看看", "帮我问问", "帮我找找", "帮我确认一下", "给我说说", "告诉我", "帮忙看下", "帮我查查")
WRAPPERS = tuple(f"{a}{e}，{{}}" for a in _ASKERS for e in _ERRANDS) + (
    "你好，我想问一下，{}", "{}帮我查查，谢谢", "急！{}", "{}麻烦尽快回复我", "我这边有个急事，{}", "想请你帮个忙，{}")
WRAPS_PER_QUESTION = 2


@dataclass(frozen=True)
class Example:
    id: str
    group: str  # the gold file: questions of one tester stay in one fold
    text: str
    out_of_reach: bool


def training_examples(eval_dir: Path, prepare: Callable[[str], str] = str) -> list[Example]:
    """The dev questions of every gold file in `eval_dir`, as `prepare` turns a question into
    the text the answerer analyses."""
    examples, rules = [], default_policy().query
    for path in sorted(eval_dir.glob("gold*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            if q.get("split") != "dev" or q.get("kind") in LEFT_OUT_KINDS:
                continue
            if q.get("kind") in OUT_OF_REACH_KINDS and asks_list_compiler(q["question"], rules):
                continue  # the personal-data rule refuses it, whatever the model says
            examples.append(Example(q["id"], path.name, prepare(q["question"]), q.get("kind") in OUT_OF_REACH_KINDS))
    return examples


def list_questions(records: list, short_names: dict[str, str]) -> list[Example]:
    """Answerable questions made from the lists' own records (a unit's duties, a service's phone,
    a boundary matter's department, a regime's rules, a conduct's fine, an article quoted), in the
    lists' words: the model learns that naming what a list holds (特种设备安全股, 业务科, 《…》第十五条)
    is no sign of a request out of reach. `short_names` maps a list file to its bureau's short name."""
    asked: list[str] = []
    for r in records:
        place = short_names.get(r.source, "")
        if r.kind == "duty_item":
            if r.responsible_unit:
                asked += [f"{place}{r.responsible_unit}管什么？", f"{place}{_clause(r.task or r.main_duty)}归哪个股室？"]
            if r.legal_basis:  # an article a list quotes is asked about as any other of its words
                asked += [f"{place}依据{_clause(r.legal_basis, 30)}负责什么？"]
        elif r.kind == "service_item" and r.name:
            asked += [f"{place}{r.name}找哪个单位？", f"{place}{r.name}的电话是多少？"]
        elif r.kind == "boundary_matter" and r.matter:
            asked += [f"{place}{r.matter}归谁管？", f"{place}{r.matter}找哪个部门？"]
        elif r.kind == "regime" and r.regime_title:
            asked += [f"{place}{r.regime_title}有什么规定？"]
            asked += [f"{place}{r.regime_title}的{s.heading}是什么？" for s in r.sections if s.heading][:3]
        elif r.kind == "penalty_clause" and r.violation:
            asked += [f"{place}{_clause(r.violation)}罚多少？"]
            if r.statute:
                asked += [f"{place}依据{r.statute}，{_clause(r.violation)}怎么处罚？"]
    return [Example(f"list{i}", LISTS, text, False) for i, text in enumerate(dict.fromkeys(asked))]


def _clause(text: str, most: int = 24) -> str:
    """The first clause of a record's text, at most `most` characters."""
    return re.split(r"[，。；;,]", text, maxsplit=1)[0][:most]


def digest(examples: list[Example]) -> str:
    """A fingerprint of the examples' ids and classes: a model whose digest differs from that of
    the gold files' dev halves was trained on other questions (retrain it)."""
    ids = "\n".join(sorted(f"{e.id}\t{int(e.out_of_reach)}" for e in examples))
    return hashlib.sha256(ids.encode("utf-8")).hexdigest()[:16]


def wrapped(examples: list[Example]) -> list[Example]:
    """The examples, and each answerable one again inside WRAPS_PER_QUESTION wrappers (dealt in turn)."""
    answerable = [e for e in examples if not e.out_of_reach]
    extra = [Example(f"{e.id}~{k}", e.group, WRAPPERS[(i * WRAPS_PER_QUESTION + k) % len(WRAPPERS)].format(e.text), False)
             for i, e in enumerate(answerable) for k in range(WRAPS_PER_QUESTION)]
    return [*examples, *extra]


def train(examples: list[Example], names: tuple[str, ...], c: float, min_df: int) -> ReachModel:
    """A logistic regression on the examples' TF-IDF n-gram vectors, wrapped answerable ones
    added (n-grams in fewer than `min_df` questions left out; the classes weighed as if equally
    many)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    fingerprint, questions = digest([e for e in examples if e.group != LISTS]), len(examples)
    examples = wrapped(examples)
    counts = [ngram_counts(e.text, names) for e in examples]
    df = Counter(g for cs in counts for g in cs)
    n = len(examples)
    idf = {g: math.log((1 + n) / (1 + d)) + 1 for g, d in df.items() if d >= min_df}
    column = {g: i for i, g in enumerate(sorted(idf))}
    rows, cols, values = [], [], []
    for i, cs in enumerate(counts):
        for g, v in tfidf(cs, idf).items():
            rows.append(i)
            cols.append(column[g])
            values.append(v)
    x = csr_matrix((values, (rows, cols)), shape=(n, len(column)))
    y = np.array([e.out_of_reach for e in examples])
    fit = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(x, y)
    weights = {g: float(fit.coef_[0][i]) for g, i in column.items()}
    return ReachModel(idf=idf, weights=weights, bias=float(fit.intercept_[0]), trained_on=questions,
                      examples_digest=fingerprint)


def cross_validated(examples: list[Example], names: tuple[str, ...], c: float, min_df: int,
                    folds: int = 8, always: list[Example] = ()) -> list[float]:
    """Each example's probability from a model trained without its gold file (files dealt
    round the folds), as an estimate of how the model does on a new tester's wording. The
    `always` examples are in every fold's training, and scored in none."""
    groups = sorted({e.group for e in examples})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    probabilities = [0.0] * len(examples)
    for k in range(folds):
        model = train([e for e in examples if fold_of[e.group] != k] + list(always), names, c, min_df)
        for i, e in enumerate(examples):
            if fold_of[e.group] == k:
                probabilities[i] = model.out_of_reach(e.text, names)
    return probabilities
