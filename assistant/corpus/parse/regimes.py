"""事中事后监管制度 → `Regime` records with sub-sections mapped to canonical fields
Hazards handled: section numerals that collide with sub-heading numerals, regime headings versus
（一） list items, sub-heading numbering styles that differ, text under no heading, headings with no
blank line before them.

Regime titles are found by a state machine: a （N） title (or, in a list whose regimes are
numbered N、, an N、 title) counts only if N is the previous regime's number + 1, the line is
short, ends in no sentence punctuation, and is not a known sub-heading label. Where the first
regime title is followed by a "单位：" line (001), every title must be. Sub-headings are matched
by their label text, never by their numeral.
"""

from __future__ import annotations

import re

from assistant.corpus.parse.source import CorpusProblem, SourceText
from assistant.corpus.records import Regime, RegimeSection
from assistant.text import chinese_number

_CN = "一二三四五六七八九十"
_PAREN_TITLE = re.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[）)]\s*(\S.*?)\s*$")
_NUM_TITLE = re.compile(rf"^\s*([{_CN}]+)、\s*(\S.*?)\s*$")
_SUBHEAD = re.compile(rf"^\s*(?:-\s*)?(?:[{_CN}]+、|\d+[、.．])\s*(\S.*?)\s*$")
_END_PUNCT = ("。", "；", "：", ";", ":", "，", ",", "、")

# canonical field ← label variants (the lists word and number their sub-headings differently); the first match wins
FIELD_LABELS: list[tuple[str, str]] = [
    ("measures_handling", r"监督检查措施及处理"),
    ("method_procedure", r"监督检查方式及程序"),
    ("object", r"(监督检查|监督管理|执法)对象|(重大)?案件(查处)?范围|重大[（(]特殊[）)]案件的范围"),
    ("content", r"(监督检查|监督管理|执法)内容|主要内容"),
    ("procedure", r"(监督检查|监督管理|执法)程序|(重大案件)?报告程序|(重大案件的)?查处流程|案件办理程序|(重大[（(]特殊[）)]案件的?)?调查处理方式"),
    ("method", r"(监督检查|监督管理|执法)方式"),
    ("measures", r"(监督检查|监督管理|执法)措施|有关措施"),
    ("handling", r"(监督检查|监督评审|监督管理|执法)处理"),
    ("assessment", r"考核办法|(重大案件)?查办考核|(重大[（(]特殊[）)]案件)?调查处理考核"),
    ("standards", r"标准规范"),
    ("authority", r"职责权限"),
]


def field_of(label: str) -> str | None:
    for name, pattern in FIELD_LABELS:
        if re.fullmatch(pattern, label):
            return name
    return None


def subheading(line: str) -> tuple[str, str] | None:
    """(field, heading) if the line is a regime sub-heading such as "五、监督检查措施及处理"."""
    m = _SUBHEAD.match(line)
    if not m:
        return None
    name = field_of(m.group(1).replace(" ", ""))
    return (name, line.strip().lstrip("- ").strip()) if name else None


def _next_nonblank(src: SourceText, n: int, end: int) -> str:
    for k in range(n + 1, end + 1):
        if src.line(k).strip():
            return src.line(k).strip()
    return ""


def _find_titles(src: SourceText, start: int, end: int) -> list[tuple[int, int, str]]:
    first = next((src.line(n) for n in range(start, end + 1) if src.line(n).strip()), "")
    pattern = _PAREN_TITLE if _PAREN_TITLE.match(first) else _NUM_TITLE
    titles: list[tuple[int, int, str]] = []
    needs_unit: bool | None = None
    for n in range(start, end + 1):
        m = pattern.match(src.line(n))
        if not m or "\t" in src.line(n):
            continue
        value = chinese_number(m.group(1))
        if value is None:
            continue
        number = int(value)
        title = m.group(2).strip()
        if number != len(titles) + 1 or len(title) > 40 or title.endswith(_END_PUNCT) or field_of(title.replace(" ", "")):
            continue
        has_unit = _next_nonblank(src, n, end).startswith("单位：")
        if needs_unit is None:
            needs_unit = has_unit
        elif needs_unit and not has_unit:
            continue
        titles.append((n, number, src.line(n).strip()))
    return titles


def _trim(src: SourceText, start: int, end: int) -> tuple[int, int]:
    while end > start and not src.line(end).strip():
        end -= 1
    while start < end and not src.line(start).strip():
        start += 1
    return start, end


def _section(src: SourceText, name: str, heading: str, start: int, end: int) -> RegimeSection | None:
    lines = [(k, src.line(k).strip()) for k in range(start, end + 1)]
    lines = [(k, t) for k, t in lines if t and not t.startswith("单位：")]
    if not lines:
        return None
    text = "\n".join(t for _, t in lines)
    return RegimeSection(start_line=lines[0][0], end_line=lines[-1][0], field=name, heading=heading, text=text)


def parse_regimes(
    src: SourceText, start: int, end: int, bureau: str, path: list[str]
) -> tuple[list[Regime], list[CorpusProblem]]:
    problems: list[CorpusProblem] = []
    titles = _find_titles(src, start, end)
    if not titles:
        return [], [CorpusProblem(src.name, start, "no regime title found in the 事中事后监管制度 section")]
    regimes: list[Regime] = []
    for i, (line, number, title) in enumerate(titles):
        stop = titles[i + 1][0] - 1 if i + 1 < len(titles) else end
        _, stop = _trim(src, line, stop)
        sections: list[RegimeSection] = []
        field_name, heading, sec_start = "preamble", "", line + 1
        for k in range(line + 1, stop + 2):
            sub = subheading(src.line(k)) if k <= stop else None
            if k > stop or sub:
                section = _section(src, field_name, heading, sec_start, k - 1)
                if section:
                    sections.append(section)
                if sub:
                    field_name, heading = sub
                    sec_start = k
        regimes.append(
            Regime(
                source=src.name, start_line=line, end_line=stop, bureau=bureau,
                section_path=[*path, title], number=number, regime_title=title, sections=sections,
            )
        )
    return regimes, problems
