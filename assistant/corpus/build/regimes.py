"""事中事后监管制度 paragraphs → `Regime` records on the document model.

A regime title is a paragraph numbered （一）, （二）, … in sequence (or, where no such title
exists, 一、, 二、, … whose text is not a sub-heading word), or a heading deeper than the
section's. A sub-heading is a short paragraph whose words mean one of the regime fields in
prompts/headers.toml (监管对象, 监管内容, 监管方式, 监管措施, 违法行为处理, 处理措施, …), with or
without numbering, or such a word followed by "：" and its text on the same line.
"""

from __future__ import annotations

import re

from assistant.corpus.coverage import TYPED, Tracker
from assistant.corpus.formats.model import Paragraph
from assistant.corpus.headers import Headers
from assistant.corpus.parse.source import SourceText
from assistant.text import chinese_number
from assistant.corpus.records import Regime, RegimeSection

_CN = "一二三四五六七八九十"
_PAREN = re.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[）)]\s*(\S.*)$")
_PLAIN = re.compile(rf"^\s*([{_CN}]+)[、.．]\s*(\S.*)$")
_END_PUNCT = ("。", "；", "：", ";", ":", "，", ",", "、")


def _field(p: Paragraph, headers: Headers) -> str | None:
    text = p.text.strip()
    head, sep, _ = text.partition("：")
    if not sep:
        head, sep, _ = text.partition(":")
    if sep and len(head) <= 16 and head.strip():
        return headers.regime_field(head)
    return headers.regime_field(text) if len(text) <= 24 else None


def _titles(paragraphs: list[Paragraph], headers: Headers) -> list[int]:
    for pattern in (_PAREN, _PLAIN):
        found, expect = [], 1
        for i, p in enumerate(paragraphs):
            m = pattern.match(p.text)
            if not m or len(p.text) > 50 or p.text.endswith(_END_PUNCT) or _field(p, headers):
                continue
            value = chinese_number(m.group(1))
            if value is None:
                continue
            number = int(value)
            if number == expect:
                found.append(i)
                expect += 1
        if found:
            return found
    return []


def _close(sections: list[RegimeSection], body: list[Paragraph], name: str, heading: str) -> None:
    body = [p for p in body if p.text]
    if body:
        sections.append(RegimeSection(start_line=body[0].line, end_line=body[-1].end_line, field=name,
                                      heading=heading, text="\n".join(p.text for p in body)))


def build_regimes(src: SourceText, bureau: str, path: list[str], paragraphs: list[Paragraph], headers: Headers,
                  tracker: Tracker) -> tuple[list[Regime], list[Paragraph]]:
    """Regimes from the section's paragraphs; returns them and the paragraphs before the first."""
    starts = _titles(paragraphs, headers)
    if not starts:
        levels = sorted({p.level for p in paragraphs if p.level})
        starts = [i for i, p in enumerate(paragraphs) if levels and p.level == levels[0] and not _field(p, headers)]
        # a heading with nothing under it (a sheet's title above a regime table) is no regime
        starts = [i for k, i in enumerate(starts) if (starts[k + 1] if k + 1 < len(starts) else len(paragraphs)) > i + 1]
    if not starts:
        return [], paragraphs
    regimes: list[Regime] = []
    for k, i in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(paragraphs)
        title = paragraphs[i]
        tracker.mark(title, TYPED)
        sections: list[RegimeSection] = []
        current: list[Paragraph] = []
        name, heading = "preamble", ""
        for p in paragraphs[i + 1 : stop]:
            tracker.mark(p, TYPED)
            f = _field(p, headers)
            if f:
                _close(sections, current, name, heading)
                current = [p]
                head = p.text.partition("：")[0] if "：" in p.text else p.text.partition(":")[0]
                name, heading = f, head.strip()
                continue
            current.append(p)
        _close(sections, current, name, heading)
        end = max([title.end_line, *(s.end_line for s in sections)])
        number = _PAREN.match(title.text) or _PLAIN.match(title.text)
        regimes.append(Regime(
            source=src.name, start_line=title.line, end_line=end, bureau=bureau, section_path=[*path, title.text],
            number=int(chinese_number(number.group(1)) or k + 1) if number else k + 1, regime_title=title.text, sections=sections,
        ))
    return regimes, paragraphs[: starts[0]]
