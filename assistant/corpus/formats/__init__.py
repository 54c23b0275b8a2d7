"""Reading a list in any supported format into the one document model (`model.Document`).

One reader per format, chosen by the file's suffix. A file that cannot be read yields no
document and a `CorpusProblem` naming the file and saying what to do (convert a legacy .doc,
run OCR on a scanned PDF, remove a password).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from assistant.corpus.formats.model import Document
from assistant.corpus.parse.source import CorpusProblem, SourceText

MAX_BYTES = 30 * 1024 * 1024  # a list is a few hundred kB; anything this large is not one

READERS = {  # suffix → module with `read(path) -> Document`
    ".docx": "assistant.corpus.formats.docx",
    ".xlsx": "assistant.corpus.formats.xlsx",
    ".xlsm": "assistant.corpus.formats.xlsx",
    ".html": "assistant.corpus.formats.html",
    ".htm": "assistant.corpus.formats.html",
    ".pdf": "assistant.corpus.formats.pdf",
    ".csv": "assistant.corpus.formats.csv",
}
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
LEGACY = {
    ".doc": "a legacy Word 97-2003 file; convert it first: `libreoffice --headless --convert-to docx FILE`",
    ".xls": "a legacy Excel 97-2003 file; convert it first: `libreoffice --headless --convert-to xlsx FILE`",
    ".wps": "a WPS file; save it as .docx first (or `libreoffice --headless --convert-to docx FILE`)",
    ".et": "a WPS spreadsheet; save it as .xlsx first (or `libreoffice --headless --convert-to xlsx FILE`)",
}
SUPPORTED = (*TEXT_SUFFIXES, *READERS)


class FormatError(Exception):
    """The file cannot be read as its format; the message says why and what to do."""


def decode_text(data: bytes, what: str) -> str:
    """Text published as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
    text") or GB18030; else a FormatError naming `what`."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FormatError(f"{what} is neither UTF-8 nor GB18030 text")


def read_binary(path: Path) -> tuple[Document | None, list[CorpusProblem]]:
    suffix = path.suffix.lower()
    if suffix in LEGACY:
        return None, [CorpusProblem(path.name, 0, f"cannot read {suffix}: {LEGACY[suffix]}")]
    if suffix not in READERS:
        return None, [CorpusProblem(path.name, 0, f"unsupported file type “{suffix}”; supported: {', '.join(SUPPORTED)}")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [CorpusProblem(path.name, 0, f"cannot read the file: {exc.strerror or exc}")]
    if size > MAX_BYTES:
        msg = f"the file is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB a list can be; not read"
        return None, [CorpusProblem(path.name, 0, msg)]
    if size == 0:
        return None, [CorpusProblem(path.name, 0, "the file is empty")]
    try:
        doc = importlib.import_module(READERS[suffix]).read(path)
    except FormatError as exc:
        return None, [CorpusProblem(path.name, 0, str(exc))]
    except Exception as exc:  # noqa: BLE001 — a damaged file can raise anything from deep inside a library
        msg = f"cannot read this {suffix} file ({type(exc).__name__}: {exc}); is it damaged?"
        return None, [CorpusProblem(path.name, 0, msg)]
    if not doc.lines:
        return None, [CorpusProblem(path.name, 0, f"no text found in this {suffix} file")]
    return doc, [CorpusProblem(path.name, 0, note, "warning") for note in doc.unread]


def rendering_source(doc: Document) -> SourceText:
    """The rendering as the `SourceText` every citation points into."""
    return SourceText(doc.name, list(doc.lines), locators=list(doc.locators))
