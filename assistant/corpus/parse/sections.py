"""Finding the top-level sections of a list. Hazards handled: a misplaced or empty heading at the
top of a file, headings whose wording, numerals and order vary, section numerals that collide with
regime sub-heading numerals, and 003's table of contents.

A line is a section heading only if it matches a section keyword as a whole line with no TAB
(so table cells and the 003 table of contents never count); the numeral is a hint, never
trusted. A heading with no content before the next heading (002 line 1) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.parse.source import CorpusProblem, SourceText

_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、)?\s*"
    r"(?P<label>(?:与相关部门的)?部门职责边界(?:登记表)?|与相关部门的职责边界(?:登记表)?"
    r"|部门(?:主要)?职责(?:登记表)?|事中事后监(?:督)?管(?:理)?制度|公共服务事项(?:登记表)?|责任追究机制)\s*$"
)
_KINDS = (("boundary", "职责边界"), ("duty", "职责"), ("regimes", "事中事后"), ("services", "公共服务"), ("accountability", "责任追究"))
_NUMBERED_TITLE = re.compile(r"^\s*一、\S")


@dataclass
class Section:
    kind: str  # duty | boundary | regimes | services | accountability
    heading: str  # as written, stripped
    heading_line: int  # 0 where the section has no heading line of its own (004)
    start: int  # first line after the heading
    end: int  # last line of the section


def is_section_heading(line: str) -> bool:
    return "\t" not in line and bool(_HEADING.match(line))


def _kind_of(label: str) -> str:
    for kind, key in _KINDS:
        if key in label:
            return kind
    raise AssertionError(label)


def find_sections(src: SourceText) -> tuple[list[Section], list[CorpusProblem]]:
    problems: list[CorpusProblem] = []
    heads = [(n, src.line(n).strip()) for n in range(1, len(src) + 1) if is_section_heading(src.line(n))]
    if not heads:
        return _title_only_regimes(src)
    sections: list[Section] = []
    for i, (n, heading) in enumerate(heads):
        end = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(src)
        if not any(src.line(k).strip() for k in range(n + 1, end + 1)):
            problems.append(CorpusProblem(src.name, n, f"heading “{heading}” has no content before the next heading; ignored", "notice"))
            continue
        label = _HEADING.match(src.line(n)).group("label")
        sections.append(Section(_kind_of(label), heading, n, n + 1, end))
    return sections, problems


def _title_only_regimes(src: SourceText) -> tuple[list[Section], list[CorpusProblem]]:
    """A list that is one regime collection under its title (004): the title names 事中事后 and
    the regimes start at the first line numbered 一、."""
    first = next((n for n in range(1, len(src) + 1) if _NUMBERED_TITLE.match(src.line(n))), None)
    title = "".join(src.line(n).strip() for n in range(1, (first or 1)))
    if first is None or "事中事后" not in title:
        msg = "layout not recognised: no section heading (部门职责, 职责边界, 事中事后监管制度, 公共服务事项, 责任追究机制) found"
        return [], [CorpusProblem(src.name, 1, msg)]
    return [Section("regimes", title, 0, first, len(src))], []
