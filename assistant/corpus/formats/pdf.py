"""PDF with a text layer → the document model (pdfplumber): per page, the tables it finds and
the text lines outside them, in reading order. A page without a text layer is a scan; a file
made only of scans is refused with a message saying so. Locators: "第P页 表N 第M行", "第P页 第N行"."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.formats import FormatError
from assistant.corpus.formats.model import DocumentBuilder, resolve_spans

MAX_PAGES = 300


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
                items.append((t.bbox[1], "table", t.extract()))
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
                    rows = [[(c or "", 1, 1) for c in row] for row in payload]
                    out.table(resolve_spans(rows), lambda r, p=p, n=tables: f"第{p}页 表{n} 第{r + 1}行")
        if text_pages == 0:
            raise FormatError("this PDF has no text layer (a scan); run OCR on it first "
                              "(e.g. `ocrmypdf --language chi_sim FILE OUT.pdf`) or add the list as .docx")
    return out.doc
