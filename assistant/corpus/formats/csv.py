"""CSV → the document model: one table (title rows above the header become paragraphs).
UTF-8 (with or without a BOM), UTF-16 with a BOM or GB18030; comma-separated, or tab-separated
when the file's lines hold tabs and no commas (Excel's "Unicode text"). Locators: 第N行 of the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.corpus.formats import decode_text
from assistant.corpus.formats.model import DocumentBuilder, resolve_spans


def read(path: Path):
    text = decode_text(path.read_bytes(), "this .csv")
    head = text[:4096]
    delimiter = "\t" if "\t" in head and "," not in head else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    out = DocumentBuilder(path.name, "csv")
    out.table(resolve_spans([[(c, 1, 1) for c in row] for row in rows]), lambda r: f"第{r + 1}行")
    return out.doc
