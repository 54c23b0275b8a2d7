"""A long question → the part of it that is analysed: the sentence that asks, with as much of
the story just before it as the analysis limit holds.

Callers paste stories of several sentences with the question last ("…现在鲜茧一斤二十多块。请问在常德，
鲜茧收购资格证书到底是哪个部门认定发放的？"). The work one question may cost is bounded by the
characters analysed, not by the characters sent, so a story longer than the limit is answered from
its asking sentence and the sentences before it that fit; places named only in the part left out
are put in front, so the question keeps its bureau. The answer says which part it read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_SENTENCES = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_CLAUSES = re.compile(r"[^，,、：:]+[，,、：:]*")
_ASKS = re.compile(r"[？?]")


@dataclass
class Condensed:
    text: str  # what is analysed: the whole question when it is short enough
    asking: str = ""  # the sentence that asks, when the question was cut ("" when it was not)

    @property
    def cut(self) -> bool:
        return bool(self.asking)

    def asking_shown(self, limit: int) -> str:
        """The asking sentence as a note quotes it: its last `limit` characters."""
        return self.asking if len(self.asking) <= limit else "…" + self.asking[-limit:]


def _asks(sentence: str, asking_words: tuple[str, ...]) -> bool:
    return bool(_ASKS.search(sentence)) or any(w in sentence for w in asking_words)


def asking_sentence_spans(text: str, asking_words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the sentences of a question that ask (a question mark or an asking word) begin and end."""
    spans, at = [], 0
    for s in _SENTENCES.findall(text):
        if s.strip() and _asks(s, asking_words):
            spans.append((at, at + len(s)))
        at += len(s)
    return spans


def asking_sentences(text: str, asking_words: tuple[str, ...]) -> str:
    """The sentences of a question that ask (a question mark or an asking word); all of it when
    none does. "我嫂子又说是商务局，吵了一晚上。请问…是哪个部门认定发放的？" asks about no 商务局."""
    asking = [s for s in _SENTENCES.findall(text) if s.strip() and _asks(s, asking_words)]
    return "".join(asking) or text


def _tail(text: str, limit: int) -> str:
    """The last clauses of one over-long sentence that fit, or its last `limit` characters."""
    clauses = _CLAUSES.findall(text)
    kept = ""
    for clause in reversed(clauses):
        if len(kept) + len(clause) > limit:
            break
        kept = clause + kept
    return kept or text[-limit:]


def condense(text: str, limit: int, asking_words: tuple[str, ...],
             places: Callable[[str], list[str]] = lambda _: []) -> Condensed:
    """`text` itself when it has at most `limit` characters; else its last sentence that asks (a
    question mark or one of `asking_words`), the sentences before it that fit, then those after
    it that fit ("谢谢！"), with the `places` named only in the rest in front."""
    if len(text) <= limit:
        return Condensed(text)
    sentences = [s for s in _SENTENCES.findall(text) if s.strip()] or [text]
    asking = [i for i, s in enumerate(sentences) if _asks(s, asking_words)]
    at = asking[-1] if asking else len(sentences) - 1
    first = last = at
    kept, cut_off = sentences[at], ""
    if len(kept) > limit:
        kept = _tail(kept, limit)
        cut_off = sentences[at][: len(sentences[at]) - len(kept)]
    else:
        while first > 0 and len(kept) + len(sentences[first - 1]) <= limit:
            first -= 1
            kept = sentences[first] + kept
        while last + 1 < len(sentences) and len(kept) + len(sentences[last + 1]) <= limit:
            last += 1
            kept += sentences[last]
    left_out = "".join([*sentences[:first], cut_off, *sentences[last + 1:]])
    named = [p for p in dict.fromkeys(places(left_out)) if p not in kept]
    prefix = f"{'、'.join(named[:2])}：" if named else ""
    return Condensed(f"{prefix}{kept.strip()}", asking=sentences[at].strip())
