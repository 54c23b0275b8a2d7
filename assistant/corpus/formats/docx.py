"""Word .docx → the document model: paragraphs and tables in body order; merged cells (vertical
vMerge and horizontal gridSpan) resolved; a paragraph whose runs are all bold, or that has a
Heading style, is a heading. Locators: "第N段" for paragraphs, "表N 第M行" for table rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.corpus.formats import FormatError
from assistant.corpus.formats.model import Cell, DocumentBuilder, clean


def _heading_level(paragraph) -> int:
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if style.lower().startswith("heading") or style.startswith("标题"):
        digits = "".join(ch for ch in style if ch.isdigit())
        return int(digits) if digits else 1
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(paragraph.text.strip()) <= 40:
        return 2
    return 0


def _grid(table) -> list[list[Cell | None]]:
    """python-docx gives every grid slot of a merged cell the same underlying <w:tc>."""
    seen: dict[int, Cell] = {}
    alive = []  # lxml proxies must stay alive, or their ids are reused
    grid: list[list[Cell | None]] = []
    for r, row in enumerate(table.rows):
        line: list[Cell | None] = []
        for c, cell in enumerate(row.cells):
            alive.append(cell._tc)
            key = id(cell._tc)
            if key not in seen:
                seen[key] = Cell(clean(cell.text), r, c)
            line.append(seen[key])
        grid.append(line)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid]


def read(path: Path):
    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FormatError("this .docx is an encrypted (password-protected) or legacy Word file; "
                              "remove the password, or save it as .docx again")
        raise FormatError("this .docx is not a Word document (not a zip package); is it damaged?")
    from docx import Document as open_docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = open_docx(str(path))
    except Exception as exc:
        raise FormatError(f"cannot open this .docx ({type(exc).__name__}: {exc}); is it damaged?") from exc
    out = DocumentBuilder(path.name, "docx")
    paragraphs = tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            paragraphs += 1
            out.paragraph(item.text, f"第{paragraphs}段", _heading_level(item))
        elif isinstance(item, DocxTable):
            tables += 1
            n = tables
            out.table(_grid(item), lambda r, n=n: f"表{n} 第{r + 1}行")
    _check_unread(document, out.doc)
    return out.doc


def _check_unread(document, doc) -> None:
    """Text in the body that is neither a paragraph nor a table cell (text boxes, frames, nested
    content controls) is not read: say how much, so that nothing is lost silently."""
    from docx.oxml.ns import qn

    def chars(text: str) -> int:
        return sum(1 for ch in text if not ch.isspace())

    in_body = sum(chars(t.text or "") for t in document.element.body.iter(qn("w:t")))
    read = sum(chars(line) for line in doc.lines)
    if in_body - read > 10:
        doc.unread.append(f"{in_body - read} characters of text outside paragraphs and tables "
                          "(text boxes, frames) were not read; copy them into the body to include them")
