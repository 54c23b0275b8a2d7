"""Penalty sentences → `PenaltyClause` records, with statute text quoted inside regimes and
boundary cells flagged as quoted.

Every line inside a regime sub-section, a boundary entry (its 相关依据 quotes statutes), a 003
duty row (its 追责 column) or an accountability sub-section is split into sentences; a sentence
that sets a fine, or names a penalty measure for a condition ("…的，"), becomes a clause. The
sentence is kept word for word and cites the one line it stands on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import Fine, PenaltyClause, Record
from assistant.kinds import kind_of
from assistant.text import chinese_number, squash, strip_tags

MEASURES = (
    "警告", "通报批评", "罚款", "没收", "吊销", "撤销", "责令限期改正", "责令改正", "责令停止", "责令停产停业",
    "停产停业", "停业整顿", "封存", "查封", "扣押", "暂停", "取消", "行政处分",
)
_NUM = r"(?:\d+(?:\.\d+)?[十百千万亿]*|[零〇一二两三四五六七八九十百千万亿]+)"
_FINE = re.compile(
    rf"百分之(?P<pa>{_NUM})(?:以上)?(?:至|到)百分之(?P<pb>{_NUM})(?:以下)?的?罚款"
    rf"|(?P<ra>{_NUM}|等值)(?P<rua>元|倍|%)?(?:以上|至|到)(?P<rb>{_NUM})(?P<rub>元|倍|%)(?:以下)?的?罚款"
    rf"|百分之(?P<pc>{_NUM})以下的?罚款"
    rf"|(?P<cb>{_NUM})(?P<cub>元|倍|%)以下的?罚款"
    rf"|处以?(?P<fa>{_NUM})(?P<fua>元)的?罚款"
)
_BASIS = re.compile(r"违法所得|违法收入|货值金额|销售额|销售收入|货值")
_CONDITION = re.compile(r"的[，,]")
_STATUTE = re.compile(r"《([^《》]{2,60})》")
_STATUTE_LINE = re.compile(r"^\s*(?:[（(]?\d+[）)]|\d+[.、．])?\s*《[^》]+》\s*(?:第[一二三四五六七八九十百零]+条)?")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零]+条")
_LEAD = re.compile(
    r"^(?:\s|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[①-⑳]|-"
    r"|(?:\d+[.、．]\s*)?《[^》]+》(?:[（(][^）)]*[）)])?|第[一二三四五六七八九十百零]+条[：:]?)+"
)


def _value(text: str) -> float | None:
    return 1.0 if text == "等值" else chinese_number(text)


def parse_fines(sentence: str) -> list[Fine]:
    norm = unicodedata.normalize("NFKC", sentence)
    fines: list[Fine] = []
    for m in _FINE.finditer(norm):
        g = m.groupdict()
        if g["pa"]:
            fine = Fine(form="range", minimum=_value(g["pa"]), maximum=_value(g["pb"]), unit="%")
        elif g["ra"]:
            fine = Fine(form="range", minimum=_value(g["ra"]), maximum=_value(g["rb"]), unit=g["rub"])
        elif g["pc"]:
            fine = Fine(form="cap", maximum=_value(g["pc"]), unit="%")
        elif g["cb"]:
            fine = Fine(form="cap", maximum=_value(g["cb"]), unit=g["cub"])
        else:
            fine = Fine(form="fixed", minimum=_value(g["fa"]), maximum=_value(g["fa"]), unit="元")
        if fine.unit in ("倍", "%"):
            before = _BASIS.findall(norm[max(0, m.start() - 30) : m.start() + 6])
            fine.basis = before[-1] if before else ""
        fines.append(fine)
    return fines


def is_penalty(sentence: str) -> bool:
    if "罚款" in sentence:
        return True
    return any(m in sentence for m in MEASURES) and bool(_CONDITION.search(sentence))


def _violation(sentence: str) -> str:
    body = _LEAD.sub("", sentence, count=1)
    m = _CONDITION.search(body)
    return body[: m.start() + 1].strip() if m else ""


def _measures(sentence: str) -> list[str]:
    found = sorted((sentence.find(m), m) for m in MEASURES if m in sentence)
    out: list[str] = []
    for _, m in found:
        if not any(m in o for o in out):
            out.append(m)
    return out


# "有下列行为之一的", and "有下列违反法律、法规规定和有关纪律要求的情形，由…处分：" with its cases on the numbered lines after it
_LIST_HEAD = re.compile(r"下列[^，,。；]{0,12}之一|下列[^，,。；]{0,20}(?:情形|行为)")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[①-⑳])")


def _listed_items(src: SourceText, n: int, end: int) -> tuple[list[str], int]:
    """The numbered lines that follow a "有下列行为之一的" clause on line n, and the last one's line."""
    items, last, style = [], n, None
    for k in range(n + 1, end + 1):
        line = strip_tags(src.line(k)).strip()
        if not line:
            continue
        m = _LIST_ITEM.match(line)
        kind = _marker_style(m.group(0)) if m else None
        if kind is None or is_penalty(line) or (style is not None and kind != style):
            break
        style = kind
        items.append(line)
        last = k
    return items, last


_REFERS_BACK = re.compile(r"有(?:前款|上款|前两款|前述|上述)所列[^，,。；]{0,8}的")
# where a paragraph's measures start: "…的情形，由组织监督抽查的部门…责令改正"
_BEFORE_MEASURES = re.compile(r"[，,](?=由|责令|处以?|予以|给予|依法给予)")


def _prior_paragraph(src: SourceText, n: int, start: int) -> tuple[str, int]:
    """The conduct a "有前款所列行为的" sentence on line n refers to, and the line it starts on: the
    paragraph before it within the region, a numbered list with its head."""
    k = n - 1
    while k >= start and not strip_tags(src.line(k)).strip():
        k -= 1
    items: list[str] = []
    style = None
    while k >= start:
        line = strip_tags(src.line(k)).strip()
        m = _LIST_ITEM.match(line)
        if line and (m is None or style not in (None, _marker_style(m.group(0)))):
            break  # the head: a line that is no item, or an item of an outer list ("10、…有下列情形" before "（1）")
        if line:
            style = _marker_style(m.group(0))
            items.insert(0, line)
        k -= 1
    if k < start:
        return "", n
    head = _LEAD.sub("", strip_tags(src.line(k)).strip(), count=1)
    conduct = _BEFORE_MEASURES.split(head, maxsplit=1)[0] if _BEFORE_MEASURES.search(head) else _violation(head) or head
    return " ".join([conduct, *items]).strip(), k


def _marker_style(marker: str) -> str:
    """1、 / （一） / ① are different lists: a list ends where the marker style changes."""
    marker = marker.strip()
    if marker[0] in "（(":
        return "paren"
    if "①" <= marker[0] <= "⑳":
        return "circled"
    return "number"


def extract_penalties(src: SourceText, records: Iterable[Record], bureau: str) -> list[PenaltyClause]:
    clauses: list[PenaltyClause] = []
    seen: set[tuple[int, str]] = set()
    for record in records:
        for start, end, path, quoted_region in kind_of(record).penalty_regions(record):
            statute = ""
            for n in range(start, end + 1):
                line = strip_tags(src.line(n))
                named_here = _STATUTE.search(line) if _STATUTE_LINE.match(line) else None
                if named_here:
                    statute = named_here.group(1)
                quoted_line = quoted_region or bool(_STATUTE_LINE.match(line) or _ARTICLE.match(line))
                for sentence in re.findall(r"[^。]+。?", line):
                    sentence = sentence.strip()
                    key = (n, squash(sentence))
                    if not sentence or key in seen or not is_penalty(sentence):
                        continue
                    seen.add(key)
                    named = _STATUTE.findall(line[: line.find(sentence) + len(sentence)])
                    items, last = _listed_items(src, n, end) if _LIST_HEAD.search(sentence) else ([], n)
                    prior, first = (_prior_paragraph(src, n, start) if _REFERS_BACK.search(_violation(sentence))
                                    else ("", n))
                    clauses.append(
                        PenaltyClause(
                            source=src.name, start_line=first, end_line=last, bureau=bureau, section_path=path,
                            items=items, prior_conduct=prior,
                            sentence=sentence, violation=_violation(sentence), measures=_measures(sentence),
                            fines=parse_fines(sentence), quoted_statute=quoted_line,
                            statute=(named[-1] if named and quoted_line else statute if quoted_line else ""),
                        )
                    )
    return clauses
