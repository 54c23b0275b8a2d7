"""The one document model every format is read into: paragraphs with their heading level and
tables with row/column spans resolved, each element knowing where it stands in the original.

Alongside the elements, a document carries a plain-text rendering, one line per paragraph line
and one line per table row (cells separated by TAB), with a locator for every line. Records cite
lines of that rendering (`start_line`/`end_line`), so the answer stage's checks read the same
text for every format; the locator ("表2 第5行", "工作表“职责边界” 第7行", "第3页 表1 第4行") is
what a person uses to find the place in the original file. For .txt/.md files the rendering is
the file itself and the locator is its line range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLANK = re.compile(r"\s+")


def clean(text: str) -> str:
    """A cell's or paragraph's text as written, with runs of blanks inside a line folded."""
    lines = [_BLANK.sub(" ", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)


@dataclass(eq=False)
class Cell:
    """One cell of the original; every grid slot a merged cell covers holds the same object."""

    text: str
    row: int  # grid position of the cell's top-left slot, 0-based
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(eq=False)
class Table:
    number: int  # 表N, 1-based in document order (per sheet for workbooks)
    grid: list[list[Cell | None]]
    row_lines: list[int]  # rendering line of each grid row
    row_locators: list[str]
    first_row: int = 0  # grid row 0 is this row of the original (rows above it were a title)

    def starts_here(self, cell: Cell | None, r: int) -> bool:
        """True where the (possibly merged) cell begins at row r rather than continuing from above."""
        return cell is not None and cell.row == self.first_row + r

    def distinct(self, r: int) -> list[Cell]:
        """The cells of row r with text, each merged cell once, left to right."""
        out: list[Cell] = []
        for cell in self.grid[r]:
            if cell is not None and cell.text and cell not in out:
                out.append(cell)
        return out

    @property
    def width(self) -> int:
        return max((len(r) for r in self.grid), default=0)


@dataclass(eq=False)
class Paragraph:
    text: str
    line: int
    end_line: int
    locator: str
    level: int = 0  # 1..6 for a heading the format marks as such (#, <h2>, a bold paragraph); 0 body


Block = Paragraph | Table


@dataclass
class Document:
    name: str
    format: str  # txt | md | docx | xlsx | html | pdf | csv
    blocks: list[Block] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the rendering (the file itself for txt/md)
    locators: list[str] = field(default_factory=list)  # one per rendering line
    unread: list[str] = field(default_factory=list)  # what the reader saw but could not place

    @property
    def is_text(self) -> bool:
        return self.format in ("txt", "md")


def resolve_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[Cell | None]]:
    """HTML-style rows of (text, rowspan, colspan) → a grid where a merged cell fills every slot
    it covers (the rowspan/colspan placement rule of HTML tables)."""
    grid: list[list[Cell | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            # a rowspan past the last row is cut here, as browsers do, not allocated and cut later
            cell = Cell(clean(text), r, c, min(max(rowspan, 1), len(rows) - r), max(colspan, 1))
            for dr in range(cell.rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                line = grid[r + dr]
                while len(line) < c + cell.colspan:
                    line.append(None)
                for dc in range(cell.colspan):
                    line[c + dc] = cell
            c += cell.colspan
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid]


class DocumentBuilder:
    """Collects blocks of a binary format and writes the rendering as it goes."""

    def __init__(self, name: str, fmt: str):
        self.doc = Document(name, fmt)
        self.tables = 0

    def _add_line(self, text: str, locator: str) -> int:
        self.doc.lines.append(text)
        self.doc.locators.append(locator)
        return len(self.doc.lines)

    def paragraph(self, text: str, locator: str, level: int = 0) -> None:
        text = clean(text)
        if not text:
            return
        lines = [self._add_line(part, locator) for part in text.split("\n")]
        self.doc.blocks.append(Paragraph(text, lines[0], lines[-1], locator, level))

    def table(self, grid: list[list[Cell | None]], row_locator) -> None:
        """Add a table; `row_locator(r)` names grid row r in the original. A grid that holds
        several tables (all sections in one sheet) is cut before a row holding only a section
        heading, and before a header row that follows a blank row."""
        from assistant.corpus.headers import load_headers

        headers = load_headers()
        texts = [[c for c in dict.fromkeys(c for c in row if c is not None and c.text)] for row in grid]
        cuts = [0]
        for r in range(1, len(grid)):
            if len(texts[r]) == 1 and texts[r][0].row == r and headers.section_kind(texts[r][0].text):
                cuts.append(r)
            elif len(texts[r]) > 1 and not texts[r - 1] and \
                    len({headers.column_role(c.text) for c in texts[r] if len(c.text) <= 20} - {None}) >= 2:
                cuts.append(r)
        cuts.append(len(grid))
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a < b:
                self._table_part(grid, a, b, row_locator)

    def _table_part(self, grid: list[list[Cell | None]], start: int, end: int, row_locator) -> None:
        """Rows start..end-1 of a grid. Leading rows that hold one text only (a title above the
        header) become paragraphs, and so does a part that never has two texts in a row."""
        rows = [r for r in range(start, end) if any(c is not None and c.text for c in grid[r])]
        multi = [r for r in rows if len({id(c) for c in grid[r] if c is not None and c.text}) > 1]
        if not multi:
            for r in rows:
                cell = next(c for c in grid[r] if c is not None and c.text)
                if cell.row == r:
                    self.paragraph(cell.text, row_locator(r), level=0)
            return
        first = multi[0]
        for r in rows:
            if r >= first:
                break
            cell = next(c for c in grid[r] if c is not None and c.text)
            if cell.row == r:
                self.paragraph(cell.text, row_locator(r), level=0)
        self.tables += 1
        body = grid[first:end]
        table = Table(self.tables, body, [], [], first)
        for r, row in enumerate(body):
            seen: list[Cell] = []
            parts = []
            for cell in row:
                if cell is None or cell in seen:
                    continue
                seen.append(cell)
                parts.append(cell.text.replace("\n", " ") if cell.row == first + r else "")
            table.row_lines.append(self._add_line("\t".join(parts), row_locator(first + r)))
            table.row_locators.append(row_locator(first + r))
        self.doc.blocks.append(table)
