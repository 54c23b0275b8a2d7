"""责任追究机制 (003) → `AccountabilitySection` records, one per numbered sub-section."""

from __future__ import annotations

import re

from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import AccountabilitySection
from assistant.text import join_cell_lines

_HEAD = re.compile(r"^\s*([一二三四五六七八九十]+)、\s*(\S{2,12})\s*$")


def parse_accountability(src: SourceText, start: int, end: int, bureau: str, path: list[str]) -> list[AccountabilitySection]:
    heads = [n for n in range(start, end + 1) if _HEAD.match(src.line(n))]
    out: list[AccountabilitySection] = []
    for i, n in enumerate(heads):
        stop = heads[i + 1] - 1 if i + 1 < len(heads) else end
        lines = [(k, src.line(k).strip()) for k in range(n, stop + 1) if src.line(k).strip()]
        heading = lines[0][1]
        out.append(
            AccountabilitySection(
                source=src.name, start_line=n, end_line=lines[-1][0], bureau=bureau,
                section_path=[*path, heading], heading=heading,
                # a paragraph broken inside a word ("追究国" / "家工作人员") is one paragraph again
                body=join_cell_lines([t for _, t in lines[1:]]),
            )
        )
    return out
