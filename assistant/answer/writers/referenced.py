"""An article a sentence hands a case over to ("按照《中华人民共和国产品质量法》第五十六条规定处理"), where the same
list quotes that article itself elsewhere (its legal-basis part): the quoted article says what the sentence
only points at ("…拒不改正的，责令停业整顿；情节特别严重的，吊销营业执照")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.parse.source import SourceText

_REFERENCE = re.compile(r"《([^》]{2,40})》\s*第([一二三四五六七八九十百零]+)条")
_STATE = "中华人民共和国"


@dataclass(frozen=True)
class QuotedArticle:
    law: str  # as the sentence names it ("中华人民共和国产品质量法")
    article: str  # "第五十六条"
    line: int  # the line of the list quoting it
    text: str  # the article as the list quotes it, its number left out


def referenced_article(sentence: str, source: SourceText, within: int) -> QuotedArticle | None:
    """The first article the sentence refers to that the list quotes on a line of its own ("第五十六条　拒绝…"),
    under a heading naming the law no more than `within` lines above it; None when the list quotes none."""
    for m in _REFERENCE.finditer(sentence):
        law, article = m.group(1), f"第{m.group(2)}条"
        short = law.removeprefix(_STATE)
        for n in range(1, len(source.lines) + 1):
            text = source.line(n).strip()
            if not text.startswith(article) or len(text) <= len(article) + 2:
                continue
            above = "".join(source.line(k) for k in range(max(1, n - within), n))
            named = [f"《{law}》", f"《{short}》"]
            if any(name in above for name in named):
                return QuotedArticle(law, article, n, text[len(article):].strip())
    return None
