"""Does a question ask for something a list can hold? A linear model over the question's character
n-grams, trained on the gold questions' dev halves (`scripts/train_reach.py`): the refusals there
against the answerable questions. The scope rules name what no list holds one wording at a time
(赔我多少钱, 帮我打个电话); the model carries what those wordings share to ones no rule was
written from ("帮我查下我们小区3号楼电梯这个月年检过没有").

Place names are blanked before the n-grams are counted, so what is learnt is the request, not
which bureau was asked about. The model file is read with the other resources
(`resources.load_resources`), never at import.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.scope import without_names

NGRAM_SIZES = (1, 2, 3)
FORMAT = 1
_SPACE = re.compile(r"\s+")


def ngram_counts(text: str, names: tuple[str, ...] = ()) -> Counter:
    """The character 1- to 3-grams of the question with place names blanked (runs of white
    space count as one space)."""
    text = _SPACE.sub(" ", without_names(text.lower(), names))
    return Counter(text[i:i + n] for n in NGRAM_SIZES for i in range(len(text) - n + 1))


def tfidf(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Sublinear term frequency times IDF, scaled to unit length; n-grams the model never saw drop out."""
    vector = {g: (1 + math.log(c)) * idf[g] for g, c in counts.items() if g in idf}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {g: v / norm for g, v in vector.items()} if norm else {}


@dataclass(frozen=True)
class ReachModel:
    idf: dict[str, float]
    weights: dict[str, float]
    bias: float
    trained_on: int  # questions it was trained on
    examples_digest: str = ""  # of their ids and classes (see evaluation.train_reach.digest)

    def out_of_reach(self, text: str, names: tuple[str, ...] = ()) -> float:
        """The probability that the question asks for something no list holds."""
        vector = tfidf(ngram_counts(text, names), self.idf)
        z = self.bias + sum(v * self.weights.get(g, 0.0) for g, v in vector.items())
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict:
        grams = sorted(self.idf)
        return {"format": FORMAT, "ngram_sizes": list(NGRAM_SIZES), "trained_on": self.trained_on,
                "examples_digest": self.examples_digest, "bias": round(self.bias, 6),
                "ngrams": {g: [round(self.idf[g], 6), round(self.weights.get(g, 0.0), 6)] for g in grams}}


def load_reach_model(path: Path) -> ReachModel:
    """The model of `path`; a ValueError naming the file when it is missing or not such a model."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or list(data.get("ngram_sizes", ())) != list(NGRAM_SIZES):
            raise ValueError(f"format {data.get('format')!r} with n-gram sizes {data.get('ngram_sizes')!r}, "
                             f"expected {FORMAT} with {list(NGRAM_SIZES)}")
        grams = data["ngrams"]
        return ReachModel(idf={g: float(v[0]) for g, v in grams.items()},
                          weights={g: float(v[1]) for g, v in grams.items()},
                          bias=float(data["bias"]), trained_on=int(data["trained_on"]),
                          examples_digest=str(data.get("examples_digest", "")))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"{path}: cannot read the reach model (retrain it with scripts/train_reach.py): "
                         f"{exc}") from exc
