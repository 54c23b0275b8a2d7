"""Excel .xlsx → the document model: one table per sheet (the sheet name is a heading),
merged ranges resolved, title rows above the header kept as paragraphs, and a sheet that never
has two texts in a row read as paragraphs. Locators: 工作表“名称” 第N行 (the sheet's row number)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.corpus.formats import FormatError
from assistant.corpus.formats.model import Cell, DocumentBuilder, clean

MAX_CELLS = 200_000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def read(path: Path):
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FormatError("this .xlsx is an encrypted (password-protected) or legacy Excel file; "
                              "remove the password, or save it as .xlsx again")
        raise FormatError("this .xlsx is not an Excel workbook (not a zip package); is it damaged?")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(str(path), data_only=True)  # read-only mode would hide merged ranges
    except Exception as exc:
        raise FormatError(f"cannot open this .xlsx ({type(exc).__name__}: {exc}); is it damaged?") from exc
    out = DocumentBuilder(path.name, "xlsx")
    cells_seen = 0
    for ws in wb.worksheets:
        rows, cols = ws.max_row or 0, ws.max_column or 0
        cells_seen += rows * cols
        if cells_seen > MAX_CELLS:
            raise FormatError(f"the workbook has more than {MAX_CELLS} cells; not a list")
        cells = ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)
        values = [[_text(v) for v in row] for row in cells]
        if not any(any(v for v in row) for row in values):
            continue  # an empty sheet adds nothing
        grid: list[list[Cell | None]] = [
            [Cell(v, r, c) if v else None for c, v in enumerate(row)] for r, row in enumerate(values)]
        for rng in ws.merged_cells.ranges:
            r0, c0 = rng.min_row - 1, rng.min_col - 1
            if r0 >= rows or c0 >= cols:
                continue
            top = grid[r0][c0] or Cell("", r0, c0)
            top.rowspan, top.colspan = rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1
            for r in range(r0, min(rng.max_row, rows)):
                for c in range(c0, min(rng.max_col, cols)):
                    grid[r][c] = top
        sheet = ws.title
        out.paragraph(sheet, f"工作表“{sheet}”", level=1)
        out.table(grid, lambda r, sheet=sheet: f"工作表“{sheet}” 第{r + 1}行")
    return out.doc
