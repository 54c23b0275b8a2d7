"""All lists of a corpus folder → records, with every problem named by file and line.

A broken file never stops the others from loading; callers decide (with `--strict`) whether
any problem is fatal.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.manifest import Bureau, load_manifest
from assistant.corpus.parse.accountability import parse_accountability
from assistant.corpus.parse.boundary import parse_boundary_table
from assistant.corpus.parse.celltable import detect_table
from assistant.corpus.parse.duty import parse_duty_cell_table, parse_duty_row_table
from assistant.corpus.parse.penalties import extract_penalties
from assistant.corpus.parse.regimes import parse_regimes
from assistant.corpus.parse.sections import find_sections
from assistant.corpus.parse.services import parse_service_table
from assistant.corpus.parse.source import CorpusProblem, SourceText, read_source
from assistant.corpus.records import RECORD_TYPES, Record

_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]+、\s*")


@dataclass
class ParsedList:
    bureau: Bureau
    source: SourceText | None
    records: list[Record] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(r.kind for r in self.records)
        return {kind: c.get(kind, 0) for kind in RECORD_TYPES}


@dataclass
class Corpus:
    lists: list[ParsedList]
    problems: list[CorpusProblem]  # problems of the folder itself (manifest, unlisted files)
    digest: str  # sha256 over the manifest and every listed file, as bytes

    @property
    def records(self) -> list[Record]:
        return [r for pl in self.lists for r in pl.records]

    @property
    def all_problems(self) -> list[CorpusProblem]:
        return [*self.problems, *(p for pl in self.lists for p in pl.problems)]

    def source(self, name: str) -> SourceText | None:
        return next((pl.source for pl in self.lists if pl.bureau.file == name), None)

    def bureau(self, name: str) -> Bureau | None:
        return next((pl.bureau for pl in self.lists if pl.bureau.file == name or pl.bureau.bureau == name), None)


def parse_list(src: SourceText, bureau: Bureau) -> tuple[list[Record], list[CorpusProblem]]:
    sections, problems = find_sections(src)
    records: list[Record] = []
    name = bureau.bureau
    for sec in sections:
        path = [_NUMERAL.sub("", sec.heading)]
        if sec.kind == "regimes":
            regimes, more = parse_regimes(src, sec.start, sec.end, name, path)
            records += regimes
            problems += more
            continue
        if sec.kind == "accountability":
            records += parse_accountability(src, sec.start, sec.end, name, path)
            continue
        table = detect_table(src, sec.start, sec.end)
        if table is None or table.column("序号") is None:
            problems.append(CorpusProblem(src.name, sec.heading_line, f"layout not recognised: no table with a 序号 header under “{sec.heading}”"))
            continue
        if sec.kind == "duty":
            if table.column("主要职责") is None:
                problems.append(CorpusProblem(src.name, sec.heading_line, "duty table has no 主要职责 column"))
                continue
            if src.line(table.rows[0].start if table.rows else sec.start).startswith("\t"):
                records += parse_duty_cell_table(src, table, name, path)
            else:
                items, more = parse_duty_row_table(src, table, name, path)
                records += items
                problems += more
        elif sec.kind == "boundary":
            records += parse_boundary_table(src, table, name, path)
        elif sec.kind == "services":
            records += parse_service_table(src, table, name, path)
    records += extract_penalties(src, records, name)
    return records, problems


def load_corpus(corpus_dir: Path) -> Corpus:
    bureaus = load_manifest(corpus_dir)
    hasher = hashlib.sha256((corpus_dir / "manifest.toml").read_bytes())
    problems: list[CorpusProblem] = []
    listed = {b.file for b in bureaus}
    for path in sorted(corpus_dir.glob("*.txt")):
        if path.name not in listed:
            problems.append(CorpusProblem(path.name, 0, "not listed in manifest.toml; skipped", "warning"))
    lists: list[ParsedList] = []
    for bureau in bureaus:
        path = corpus_dir / bureau.file
        if not path.is_file():
            lists.append(ParsedList(bureau, None, [], [CorpusProblem(bureau.file, 0, "listed in manifest.toml but the file is missing")]))
            continue
        hasher.update(bureau.file.encode("utf-8") + b"\0" + path.read_bytes())
        src, file_problems = read_source(path)
        records: list[Record] = []
        if src is not None:
            records, more = parse_list(src, bureau)
            file_problems += more
        lists.append(ParsedList(bureau, src, records, file_problems))
    return Corpus(lists, problems, hasher.hexdigest())
