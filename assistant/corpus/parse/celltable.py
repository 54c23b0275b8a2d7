"""The table encodings of the lists (TAB-separated rows, and one cell per line).

* cell-per-line (000, 001, 002): every cell starts with a TAB at the start of a line; lines
  without a leading TAB continue the cell; rows are a fixed number of cells, except that a line
  starting with SPACE+TAB opens a new row whose 序号 cell is blank (002's unnumbered matters).
* row-per-line (003): one line per row, cells separated by TABs.

Both yield `Row`s of `Cell`s that carry their own line spans. A table ends at the first line
without a leading TAB that is a section heading or a note (注： / 填报人), so a table's last cell does not swallow what follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.parse.sections import is_section_heading
from assistant.corpus.parse.source import SourceText
from assistant.text import join_cell_lines, squash

_NEW_ROW = re.compile(r"^[ \u3000]+\t")
_NOTE = re.compile(r"^\s*(<p>)?\s*(注[：:]|填报人)")


@dataclass
class Cell:
    start: int
    end: int
    parts: list[str] = field(default_factory=list)
    opens_row: bool = False

    @property
    def text(self) -> str:
        return join_cell_lines(self.parts)

    @property
    def key(self) -> str:
        return squash(self.text)


@dataclass
class Row:
    cells: list[Cell]

    @property
    def start(self) -> int:
        return self.cells[0].start

    @property
    def end(self) -> int:
        return max(c.end for c in self.cells)

    def get(self, i: int) -> Cell | None:
        return self.cells[i] if 0 <= i < len(self.cells) else None

    def text(self, i: int | None) -> str:
        cell = self.get(i) if i is not None else None
        return cell.text if cell else ""

    def is_empty(self) -> bool:
        return not any(c.key for c in self.cells)


@dataclass
class Table:
    header: list[str]  # header labels, whitespace removed
    rows: list[Row]
    end: int  # last line that belongs to the table
    # cell-per-line tables also find columns by meaning; a row-per-line table whose labels are not
    # the known ones is left to the document-model builders, which also place notes under it
    by_meaning: bool = False

    def column(self, *labels: str, role: str = "") -> int | None:
        """Index of the first column whose header label matches one of `labels` (regex); failing
        that, of the first column whose label means `role` (prompts/headers.toml: 职责事项 for
        主要职责, 承办科室 for 责任股室, …)."""
        for i, h in enumerate(self.header):
            if any(re.fullmatch(label, h) for label in labels):
                return i
        if role and self.by_meaning:
            from assistant.corpus.headers import load_headers

            headers = load_headers()
            for i, h in enumerate(self.header):
                if headers.column_role(h) == role:
                    return i
        return None


def _ends_table(line: str) -> bool:
    return bool(line.strip()) and not line.startswith("\t") and (is_section_heading(line) or bool(_NOTE.match(line)))


def read_cells(src: SourceText, start: int, end: int) -> tuple[list[Cell], int]:
    cells: list[Cell] = []
    last = start - 1
    for n in range(start, end + 1):
        line = src.line(n)
        if _ends_table(line):
            break
        if line.startswith("\t"):
            cells.append(Cell(n, n, [line[1:]]))
        elif _NEW_ROW.match(line):
            cells.append(Cell(n, n, [], opens_row=True))
            cells.append(Cell(n, n, [line.split("\t", 1)[1]]))
        elif cells:
            cells[-1].parts.append(line)
            if line.strip():
                cells[-1].end = n
        elif line.strip():
            break  # text before the first cell: not a table
        last = n
    return cells, last


def parse_cell_table(src: SourceText, start: int, end: int) -> Table | None:
    """A cell-per-line table; the header is every cell before the first cell reading "1"."""
    cells, last = read_cells(src, start, end)
    first_data = next((i for i, c in enumerate(cells) if c.key == "1"), None)
    if not cells or not first_data:
        return None
    header = [c.key for c in cells[:first_data]]
    ncols = len(header)
    rows: list[Row] = []
    current: list[Cell] = []
    for cell in cells[first_data:]:
        if cell.opens_row and current:
            rows.append(Row(current))
            current = []
        current.append(cell)
        if len(current) == ncols:
            rows.append(Row(current))
            current = []
    if current:
        rows.append(Row(current))
    rows = [r for r in rows if not r.is_empty() and [c.key for c in r.cells] != header]
    return Table(header, rows, last, by_meaning=True)


def parse_row_table(src: SourceText, start: int, end: int) -> Table | None:
    """A row-per-line table (003): the first line with TABs is the header; repeats are dropped."""
    header: list[str] | None = None
    rows: list[Row] = []
    last = start - 1
    for n in range(start, end + 1):
        line = src.line(n)
        if "\t" not in line:
            if line.strip() and header is not None:
                if _ends_table(line):
                    break
                rows.append(Row([Cell(n, n, [line])]))  # a stray line: kept for the caller to place
            last = n if line.strip() else last
            continue
        parts = line.split("\t")
        keys = [squash(p) for p in parts]
        if header is None:
            header = keys
        elif keys != header and any(keys):
            rows.append(Row([Cell(n, n, [p]) for p in parts]))
        last = n
    if header is None:
        return None
    return Table(header, rows, last)


def detect_table(src: SourceText, start: int, end: int) -> Table | None:
    """Pick the encoding from the first non-blank line of the table region."""
    for n in range(start, end + 1):
        line = src.line(n)
        if not line.strip():
            continue
        if line.startswith("\t"):
            return parse_cell_table(src, n, end)
        if "\t" in line:
            return parse_row_table(src, n, end)
        if _ends_table(line):
            return None
    return None
