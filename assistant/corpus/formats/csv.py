"""CSV → the document model: one table (title rows above the header become paragraphs).
UTF-8 (with or without a BOM) or GB18030. Locators: 第N行 of the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.corpus.formats import decode_text
from assistant.corpus.formats.model import DocumentBuilder, resolve_spans


def read(path: Path):
    text = decode_text(path.read_bytes(), "this .csv")
    rows = list(csv.reader(io.StringIO(text)))
    out = DocumentBuilder(path.name, "csv")
    out.table(resolve_spans([[(c, 1, 1) for c in row] for row in rows]), lambda r: f"第{r + 1}行")
    return out.doc
