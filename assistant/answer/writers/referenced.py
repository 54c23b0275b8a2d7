"""An article a sentence hands a case over to ("按照《中华人民共和国产品质量法》第五十六条规定处理"), where the same
list quotes that article itself elsewhere (its legal-basis part): the quoted article says what the sentence
only points at ("…拒不改正的，责令停业整顿；情节特别严重的，吊销营业执照")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.parse.source import SourceText

_REFERENCE = re.compile(r"《([^》]{2,40})》\s*第([一二三四五六七八九十百零]+)条")
_STATE = "中华人民共和国"
_LAW_HEADING = re.compile(r"^(?:[（(]?[\d一二三四五六七八九十]+[）)、.．]\s*)?《[^》]+》(?:[（(][^）)]*[）)])?$")


@dataclass(frozen=True)
class QuotedArticle:
    """An article a list quotes on a line of its own, found from a sentence referring to it."""

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
            # the law named either way ("《产品质量法》" for "《中华人民共和国产品质量法》"): under the nearest line
            # naming a law alone ("（4）《中华人民共和国产品质量法》") when there is one, else anywhere above
            above = [source.line(k).strip().replace(_STATE, "") for k in range(max(1, n - within), n)]
            heading = next((line for line in reversed(above) if _LAW_HEADING.match(line)), None)
            if f"《{short}》" in (heading if heading is not None else "".join(above)):
                return QuotedArticle(law, article, n, text[len(article):].strip())
    return None


_LEAD_IN = re.compile(r"^(?:依照|依据|根据|按照)\s*(《[^》]{2,40}》(?:[（(][^）)]{0,20}[）)])?)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?[\u4e00-\u9fff、]{2,16}$")


def lead_in_basis(source: SourceText, start: int, within: int) -> tuple[int, str] | None:
    """The law the paragraphs holding a clause open with ("依照《设备监理单位资格管理办法》的规定，对违反法律法规的
    给以处罚：", "依据《特种设备事故报告和调查处理规定》（国家质检总局115号令），…"): a line starting so on one of
    the `within` lines above the clause, below the heading of its part; the line and the law as written, or None."""
    for n in range(start - 1, max(0, start - within - 1), -1):
        text = source.line(n).strip()
        if not text:
            continue
        if _HEADING.match(text):
            return None  # the part's heading: no law opens it
        found = _LEAD_IN.match(text)
        if found:
            return n, found.group(1)
    return None
