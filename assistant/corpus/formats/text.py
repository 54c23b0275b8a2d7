"""Plain text and Markdown → the document model. The rendering is the file itself, so every
record cites real line numbers. Tables: Markdown pipe tables and one-row-per-line TAB tables
(cells in a pipe table may hold `<br>` for a line break); headings: `#` lines."""

from __future__ import annotations

import re

from assistant.corpus.formats.model import Document, Paragraph, Table, resolve_spans
from assistant.corpus.parse.source import SourceText

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HASH = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BR = re.compile(r"<br\s*/?>", re.I)


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [_BR.sub("\n", c.replace("\\|", "|")).strip() for c in cells]


def _is_pipe(line: str) -> bool:
    return line.strip().startswith("|") and line.count("|") >= 2


def _is_tab_row(line: str) -> bool:
    return "\t" in line.strip("\n") and len([c for c in line.split("\t") if c.strip()]) >= 2


def _line_locator(n: int) -> str:
    return f"第{n}行"


def read_text(src: SourceText, fmt: str) -> Document:
    lines = src.lines
    doc = Document(src.name, fmt, [], list(lines), [_line_locator(n) for n in range(1, len(lines) + 1)])
    n, tables = 1, 0
    while n <= len(lines):
        line = lines[n - 1]
        if not line.strip():
            n += 1
            continue
        if _is_pipe(line) or _is_tab_row(line):
            pipe = _is_pipe(line)
            rows, row_lines = [], []
            while n <= len(lines) and lines[n - 1].strip() and (_is_pipe(lines[n - 1]) if pipe else "\t" in lines[n - 1]):
                if not (pipe and _PIPE_RULE.match(lines[n - 1])):
                    cells = _pipe_cells(lines[n - 1]) if pipe else [c.strip() for c in lines[n - 1].split("\t")]
                    rows.append([(c, 1, 1) for c in cells])
                    row_lines.append(n)
                n += 1
            if len(rows) >= 2:
                tables += 1
                grid = resolve_spans(rows)
                doc.blocks.append(Table(tables, grid, row_lines, [_line_locator(k) for k in row_lines]))
            else:
                for k in row_lines:
                    doc.blocks.append(Paragraph(lines[k - 1].strip(), k, k, _line_locator(k)))
            continue
        m = _HASH.match(line)
        if m:
            doc.blocks.append(Paragraph(m.group(2).strip(), n, n, _line_locator(n), level=len(m.group(1))))
        else:
            doc.blocks.append(Paragraph(line.strip(), n, n, _line_locator(n)))
        n += 1
    return doc
