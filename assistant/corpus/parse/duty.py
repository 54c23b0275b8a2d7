"""部门职责 tables → `DutyItem` records. Hazards handled: header rows repeated mid-table, rows split
across page breaks and duplicated (003), cells shifted into the wrong column, literal `<p>` tags (003)."""

from __future__ import annotations

import re

from assistant.corpus.parse.celltable import Table
from assistant.corpus.parse.source import CorpusProblem, SourceText
from assistant.corpus.records import DutyItem
from assistant.text import squash, strip_tags

_UNIT = re.compile(r"(所|局|中心|科|股|站|队|室)$")
_P_SPLIT = re.compile(r"</p>\s*<p>")
_SPACE_SPLIT = re.compile(r"(?<=[\u3400-\u9fff）)。])\s+(?=[\u3400-\u9fff（(“])")


class _Columns:
    def __init__(self, table: Table):
        self.seq = table.column("序号", role="seq")
        self.main = table.column("主要职责", role="main_duty")
        self.task = table.column("具体(工作|责任)事项", role="task")
        self.basis = table.column("法律依据", role="legal_basis")
        self.unit = table.column("责任股室", role="unit")
        self.note = table.column("备注", role="note")
        self.accountability = table.column("追责依据及追责情形", role="accountability")


def _short_title(seq: str, main: str, limit: int = 30) -> str:
    """A 主要职责 as a section-path step: "5、负责计量工作，推行法定计量单位…"."""
    main = main.replace("\n", "")
    title = main if len(main) <= limit else main[:limit] + "…"
    return f"{seq}、{title}" if seq else title


def _dedupe_lines(text: str) -> str:
    seen: list[str] = []
    for part in (p.strip() for p in text.split("\n")):
        if part and part not in seen:
            seen.append(part)
    return "、".join(seen)


def parse_duty_cell_table(src: SourceText, table: Table, bureau: str, path: list[str]) -> list[DutyItem]:
    """One record per sub-row (000, 001, 002): a row with a 序号 opens a new 主要职责."""
    cols = _Columns(table)
    items: list[DutyItem] = []
    seq, main = "", ""
    for row in table.rows:
        if squash(row.text(cols.seq)) or squash(row.text(cols.main)):
            seq, main = squash(row.text(cols.seq)), row.text(cols.main)
        unit_cell = row.get(cols.unit) if cols.unit is not None else None
        unit = _dedupe_lines("\n".join(unit_cell.parts)) if unit_cell else ""
        note = row.text(cols.note)
        if note and not unit and _UNIT.search(note.strip()):
            unit, note = note.strip(), ""
        items.append(
            DutyItem(
                source=src.name, start_line=row.start, end_line=row.end, bureau=bureau,
                section_path=[*path, _short_title(seq, main)],
                seq=seq, main_duty=main, task=row.text(cols.task),
                legal_basis=row.text(cols.basis), responsible_unit=unit, note=note,
            )
        )
    return items


def _split_items(text: str) -> list[str]:
    if "<p>" in text:
        parts = _P_SPLIT.split(text)
    elif _SPACE_SPLIT.search(text):
        parts = _SPACE_SPLIT.split(text)
    else:
        parts = re.findall(r"[^。]+。?", text)
    return [strip_tags(p).strip() for p in parts if strip_tags(p).strip()]


def parse_duty_row_table(
    src: SourceText, table: Table, bureau: str, path: list[str]
) -> tuple[list[DutyItem], list[CorpusProblem]]:
    """003: one line per row, rows continued over page breaks and one row repeated (H8).

    Rows with an empty 序号 continue the previous numbered row; a row repeating the previous
    序号 and 主要职责 adds only its 追责 text; a long text in the 序号 column is a misplaced item
    (H9); the footnote row is skipped. Every item of a merged row cites the whole row's lines.
    """
    cols = _Columns(table)
    problems: list[CorpusProblem] = []
    groups: list[dict] = []
    for row in table.rows:
        first = row.text(0).strip()
        if re.match(r"^(<p>)?\s*注", first):
            continue
        seq_key = squash(row.text(cols.seq))
        if seq_key.isdigit():
            main = row.text(cols.main)
            if groups and groups[-1]["seq"] == seq_key and squash(groups[-1]["main"]) == squash(main):
                groups[-1]["acc"].append(row.text(cols.accountability))
                groups[-1]["end"] = row.end
                continue
            groups.append({"seq": seq_key, "main": main, "items": [], "acc": [], "start": row.start, "end": row.end})
            tasks = row.text(cols.task)
        elif groups and len(row.cells) > 1 and not seq_key:
            tasks = row.text(cols.task)
        elif groups:
            # an item misplaced into the 序号 column (H9): one item per line, never split
            groups[-1]["items"].append(strip_tags(first))
            groups[-1]["end"] = row.end
            continue
        else:
            problems.append(CorpusProblem(src.name, row.start, "a duty row before the first numbered row; skipped", "warning"))
            continue
        group = groups[-1]
        group["items"].extend(_split_items(tasks))
        if len(row.cells) > 1:
            group["acc"].append(row.text(cols.accountability))
        group["end"] = row.end
    items: list[DutyItem] = []
    for g in groups:
        accountability = "".join(strip_tags(_P_SPLIT.sub("\n", a)) for a in g["acc"] if a)
        for task in g["items"] or [""]:
            items.append(
                DutyItem(
                    source=src.name, start_line=g["start"], end_line=g["end"], bureau=bureau,
                    section_path=[*path, _short_title(g["seq"], g["main"])],
                    seq=g["seq"], main_duty=g["main"], task=task, accountability=accountability,
                )
            )
    return items, problems
