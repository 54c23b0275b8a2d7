"""Document model → records, the same for every format.

Sections are found by the meaning of their headings (prompts/headers.toml); each table is typed
by its header row; duty, boundary and service tables become typed records, regime paragraphs
become `Regime`s, 案例 paragraphs under a boundary table join the matter they name, and whatever
is left becomes `GenericRecord`s. A `Tracker` counts every cell and paragraph on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.build.generic import generic_paragraphs, generic_rows
from assistant.corpus.build.regimes import build_regimes
from assistant.corpus.build.tables import attach_notes, build_table, find_header
from assistant.corpus.coverage import GENERIC, Coverage, Tracker
from assistant.corpus.formats.model import Document, Paragraph, Table
from assistant.corpus.headers import Headers, load_headers
from assistant.corpus.parse.penalties import extract_penalties
from assistant.corpus.parse.source import CorpusProblem, SourceText
from assistant.corpus.records import Record

_REGIME_NUMBERING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]\s*")
FRONT = "（前言）"


@dataclass
class DocSection:
    kind: str  # duty | boundary | regimes | services | accountability | other | front
    heading: str
    level: int
    blocks: list[Paragraph | Table] = field(default_factory=list)

    @property
    def path(self) -> list[str]:
        return [_NUMERAL.sub("", self.heading)] if self.heading != FRONT else []


def split_sections(doc: Document, headers: Headers) -> list[DocSection]:
    sections = [DocSection("front", FRONT, 0)]
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not _REGIME_NUMBERING.match(block.text):
            kind = headers.section_kind(block.text) if len(block.text) <= 40 else None
            current = sections[-1]
            if kind and kind == current.kind and not any(isinstance(b, Table) for b in current.blocks) \
                    and all(isinstance(b, Paragraph) and b.level for b in current.blocks):
                current.blocks.append(Paragraph(block.text, block.line, block.end_line, block.locator, level=block.level or 9))
                continue  # a sheet name followed by the sheet's title: one section
            if kind:
                sections.append(DocSection(kind, block.text, block.level))
                continue
            if block.level and current.level and current.kind != "front" and (
                    block.level < current.level or (block.level == current.level and _NUMERAL.match(block.text))):
                # a heading of the sections' rank that names no known section ("五、附则");
                # an unnumbered heading of the same rank (a bold regime title) stays inside
                sections.append(DocSection("other", block.text, block.level))
                continue
        sections[-1].blocks.append(block)
    return [s for s in sections if s.blocks or s.kind != "front"]


def build_records(doc: Document, src: SourceText, bureau: str, headers: Headers | None = None
                  ) -> tuple[list[Record], list[CorpusProblem], Coverage]:
    headers = headers or load_headers()
    tracker = Tracker(doc.name)
    records: list[Record] = []
    problems: list[CorpusProblem] = []
    sections = split_sections(doc, headers)
    if not any(s.kind not in ("front", "other") for s in sections):
        kinds = "部门职责, 职责边界, 事中事后监管制度, 公共服务事项, 责任追究机制"
        problems.append(CorpusProblem(doc.name, 1, f"layout not recognised: no section heading ({kinds}) found; "
                                      "its text was kept as generic records", "warning"))
    for sec in sections:
        cov = tracker.section(sec.heading, sec.kind)
        path = sec.path
        for block in sec.blocks:
            if isinstance(block, Table):
                for r, row in enumerate(block.grid):
                    for cell in row:
                        if cell is not None and cell.text and block.starts_here(cell, r):
                            tracker.add(cov, cell, block.row_locators[r])
            elif not block.level:
                tracker.add(cov, block, block.locator)
        typed_tables: list[tuple[Table, list[Record]]] = []
        loose: list[Paragraph] = []
        for block in sec.blocks:
            if isinstance(block, Table):
                header = find_header(block, headers)
                built = None
                if header is not None:
                    built = build_table(src.name, bureau, path, block, header, headers, sec.kind, tracker)
                if built is None:
                    records += generic_rows(src.name, bureau, path, block, header, tracker)
                else:
                    records += built
                    typed_tables.append((block, built))
            else:
                loose.append(block)
        if sec.kind == "regimes":
            regimes, loose = build_regimes(src, bureau, path, loose, headers, tracker)
            records += regimes
        loose = attach_notes(loose, typed_tables, headers, tracker)
        records += generic_paragraphs(src.name, bureau, path, loose, tracker)
    records += extract_penalties(src, records, bureau)
    coverage = tracker.finish()
    dropped = coverage.totals()
    if dropped.dropped:
        problems.append(CorpusProblem(doc.name, 0, f"{dropped.dropped} cells/lines were not read into any record "
                                      f"(first at {dropped.dropped_at[0]})", "warning"))
    return records, problems, coverage


__all__ = ["build_records", "split_sections", "GENERIC"]
