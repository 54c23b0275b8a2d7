"""职责边界 tables → `BoundaryMatter` records. Hazards handled: row numbers that stand alone or are
missing (002), sub-rows with no department (vertically merged cells), multi-line cells with blank
lines inside and words broken mid-cell.

A matter starts at every row whose 管理事项 cell is filled; rows without a department keep
their 职责分工 as an unattributed entry instead of being pinned on the first department.
"""

from __future__ import annotations

from assistant.corpus.parse.celltable import Table
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import BoundaryMatter, DepartmentDuty
from assistant.text import squash

_NONE = {"无", "无。"}


def parse_boundary_table(src: SourceText, table: Table, bureau: str, path: list[str]) -> list[BoundaryMatter]:
    c_seq = table.column("序号", role="seq")
    c_matter = table.column("管理事项", role="matter")
    c_dept = table.column("相关部门", role="department")
    c_duty = table.column("职责分工.*", role="division")
    c_basis = table.column("相关依据", role="basis")
    c_case = table.column("案例", "事例", role="case")
    matters: list[BoundaryMatter] = []
    for row in table.rows:
        matter_text = row.text(c_matter).replace("\n", "")
        if squash(matter_text):
            if squash(matter_text) in _NONE and not any(squash(row.text(i)) for i in (c_dept, c_duty)):
                continue  # 003: the table says 无
            matters.append(
                BoundaryMatter(
                    source=src.name, start_line=row.start, end_line=row.end, bureau=bureau,
                    section_path=[*path, matter_text], seq=len(matters) + 1,
                    source_seq=squash(row.text(c_seq)), matter=matter_text,
                )
            )
        if not matters:
            continue
        matter = matters[-1]
        matter.end_line = max(matter.end_line, row.end)
        dept, duty, basis = row.text(c_dept).replace("\n", ""), row.text(c_duty), row.text(c_basis)
        if squash(dept) or squash(duty):
            cells = [row.get(i) for i in (c_seq, c_matter, c_dept, c_duty, c_basis) if row.get(i) is not None]
            start = min(c.start for c in cells if c.key) if any(c.key for c in cells) else row.start
            end = max(c.end for c in cells)
            matter.entries.append(DepartmentDuty(start_line=start, end_line=end, department=dept, duty=duty, basis=basis))
        case_cell = row.get(c_case) if c_case is not None else None
        if case_cell is not None and case_cell.key:
            matter.case = (matter.case + "\n" + case_cell.text).strip()
            matter.case_start = matter.case_start or case_cell.start
            matter.case_end = case_cell.end
    return matters
