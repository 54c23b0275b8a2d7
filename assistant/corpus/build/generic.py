"""Whatever the typed builders leave → `GenericRecord`s: a table row with its header labels, or
a run of paragraphs under one heading. Nothing read is dropped."""

from __future__ import annotations

from assistant.corpus.coverage import GENERIC, Tracker
from assistant.corpus.formats.model import Paragraph, Table
from assistant.corpus.records import GenericRecord

MAX_CHARS = 600


def row_values(table: Table, r: int) -> list[tuple[int, str]]:
    """(column, text) of the cells that start in row r, each merged cell once."""
    out, seen = [], []
    for c, cell in enumerate(table.grid[r]):
        if cell is None or cell in seen:
            continue
        seen.append(cell)
        if cell.text and table.starts_here(cell, r):
            out.append((c, cell.text))
    return out


def generic_row(source: str, bureau: str, path: list[str], table: Table, r: int, labels: list[str],
                tracker: Tracker) -> GenericRecord | None:
    values = row_values(table, r)
    if not values:
        return None
    for cell in table.grid[r]:
        if cell is not None and table.starts_here(cell, r):
            tracker.mark(cell, GENERIC)
    line = table.row_lines[r]
    return GenericRecord(
        source=source, start_line=line, end_line=line, bureau=bureau,
        section_path=[*path, f"表{table.number} 第{r + 1}行" if not table.row_locators else table.row_locators[r]],
        labels=[labels[c] if c < len(labels) and _one_column(table, r, c) else "" for c, _ in values],
        values=[v for _, v in values],
    )


def _one_column(table: Table, r: int, c: int) -> bool:
    """A cell merged across several columns (a note row) has no one header label."""
    cell = table.grid[r][c]
    return cell is not None and cell.colspan == 1 and (c + 1 >= len(table.grid[r]) or table.grid[r][c + 1] is not cell)


def generic_rows(source: str, bureau: str, path: list[str], table: Table, header,
                 tracker: Tracker) -> list[GenericRecord]:
    """An untyped table: every row after the header (a tables.Header, or None) with the header's
    labels. Where no header was recognised, a first row of short texts is taken as the labels."""
    if header is None and len(table.grid) > 1 and all(len(c.text) <= 12 for c in table.distinct(0)) \
            and len(table.distinct(0)) > 1:
        first, last = 0, 0
        labels = [c.text.replace("\n", "") if c else "" for c in table.grid[0]]
    elif header is None:
        first, last, labels = 0, -1, []
    else:
        first, last, labels = header.first, header.row, header.labels
    for r in range(first, last + 1):
        for cell in table.grid[r]:
            if cell is not None:
                tracker.mark(cell, GENERIC)
    start = last + 1
    out = []
    for r in range(start, len(table.grid)):
        record = generic_row(source, bureau, path, table, r, labels, tracker)
        if record:
            out.append(record)
    return out


def generic_paragraphs(source: str, bureau: str, path: list[str], paragraphs: list[Paragraph],
                       tracker: Tracker) -> list[GenericRecord]:
    """Runs of body paragraphs under one heading, cut at about MAX_CHARS."""
    out: list[GenericRecord] = []
    run: list[Paragraph] = []
    heading = ""

    def flush() -> None:
        if run:
            out.append(GenericRecord(
                source=source, start_line=run[0].line, end_line=run[-1].end_line, bureau=bureau,
                section_path=[*path, *([heading] if heading else [])], body="\n".join(p.text for p in run),
            ))
            for p in run:
                tracker.mark(p, GENERIC)
            run.clear()

    for p in paragraphs:
        if p.level:
            flush()
            heading = p.text
            continue
        if run and (sum(len(q.text) for q in run) + len(p.text) > MAX_CHARS or p.line > run[-1].end_line + 2):
            flush()
        run.append(p)
    flush()
    return out
