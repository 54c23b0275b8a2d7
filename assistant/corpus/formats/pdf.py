"""PDF with a text layer → the document model (pdfplumber): per page, the tables it finds and
the text lines outside them, in reading order. A page without a text layer is a scan; a file
made only of scans is refused with a message saying so. Locators: "第P页 表N 第M行", "第P页 第N行".

A merged cell is one ruled box over several grid slots; pdfplumber reports it at its top-left
slot and None at the others. Each box is placed over every slot it covers (as the docx and xlsx
readers do), so a 承办机构 cell merged down three rows applies to each of them."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.formats import FormatError
from assistant.corpus.formats.model import Cell, DocumentBuilder, clean

MAX_PAGES = 300


def merged_grid(table) -> list[list[Cell | None]]:
    """A pdfplumber table → the model's grid, each cell's box over every row and column it covers."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    xs = sorted({box[0] for row in boxes for box in row if box is not None})
    tops = sorted({box[1] for row in boxes for box in row if box is not None})
    width = len(xs)
    grid: list[list[Cell | None]] = [[None] * width for _ in boxes]
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is None:
                continue
            x0, top, x1, bottom = box
            cols = [k for k, x in enumerate(xs) if x0 - 0.5 <= x < x1 - 0.5]
            rows = [k for k, y in enumerate(tops) if top - 0.5 <= y < bottom - 0.5]
            cell = Cell(clean(texts[r][c] or ""), r, cols[0] if cols else c, len(rows) or 1, len(cols) or 1)
            for rr in rows or [r]:
                for cc in cols or [c]:
                    if rr < len(grid) and cc < width and grid[rr][cc] is None:
                        grid[rr][cc] = cell
    return grid


def read(path: Path):
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in str(exc):
            raise FormatError("this PDF is password-protected; remove the password first") from exc
        raise FormatError(f"cannot open this PDF ({name}: {exc}); is it damaged?") from exc
    out = DocumentBuilder(path.name, "pdf")
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise FormatError(f"the PDF has {len(pdf.pages)} pages, more than {MAX_PAGES}; not a list")
        text_pages = 0
        for p, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            items = []  # (top, kind, payload)
            for t in found:
                items.append((t.bbox[1], "table", merged_grid(t)))
            outside = page
            for box in boxes:
                outside = outside.outside_bbox(box)
            for line in outside.extract_text_lines() if page.chars else []:
                items.append((line["top"], "line", line["text"]))
            if page.chars:
                text_pages += 1
            items.sort(key=lambda x: (x[0], x[1] != "line"))
            lines = tables = 0
            for _, kind, payload in items:
                if kind == "line":
                    lines += 1
                    out.paragraph(payload, f"第{p}页 第{lines}行")
                else:
                    tables += 1
                    out.table(payload, lambda r, p=p, n=tables: f"第{p}页 表{n} 第{r + 1}行")
        if text_pages == 0:
            raise FormatError("this PDF has no text layer (a scan); run OCR on it first "
                              "(e.g. `ocrmypdf --language chi_sim FILE OUT.pdf`) or add the list as .docx")
    return out.doc
