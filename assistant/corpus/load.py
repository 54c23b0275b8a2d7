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

from assistant.corpus.build import build_records
from assistant.corpus.cache import ParseCache
from assistant.corpus.coverage import Coverage, SectionCoverage
from assistant.corpus.formats import SUPPORTED, TEXT_SUFFIXES, read_binary, rendering_source
from assistant.corpus.formats.text import read_text
from assistant.corpus.manifest import Bureau, load_manifest
from assistant.corpus.parse.accountability import parse_accountability
from assistant.corpus.parse.boundary import parse_boundary_table
from assistant.corpus.parse.celltable import detect_table
from assistant.corpus.parse.duty import parse_duty_cell_table, parse_duty_row_table
from assistant.corpus.parse.penalties import extract_penalties
from assistant.corpus.parse.regimes import parse_regimes
from assistant.corpus.parse.sections import Section, find_sections
from assistant.corpus.parse.services import parse_service_table
from assistant.corpus.parse.source import CorpusProblem, SourceText, read_source
from assistant.corpus.records import RECORD_TYPES, GenericRecord, Record
from assistant.text import squash

_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]+、\s*")


@dataclass
class ParsedList:
    bureau: Bureau
    source: SourceText | None
    records: list[Record] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    coverage: Coverage | None = None

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

    def coverage(self, name: str) -> Coverage | None:
        return next((pl.coverage for pl in self.lists if pl.bureau.file == name), None)

    def unreadable_sections(self, name: str, kind: str | None = None) -> list[SectionCoverage]:
        """Sections of list `name` (a file name) that were not fully read: the whole list when
        the file could not be read at all, else each section with dropped cells or lines.
        `kind` (duty | boundary | regimes | services | accountability) narrows to one section kind.
        Before saying a list does not give something, ask this: a non-empty result means
        "that part of the list could not be read", not "the list gives none"."""
        pl = next((p for p in self.lists if p.bureau.file == name), None)
        if pl is None:
            return []
        if pl.source is None or pl.coverage is None:
            return [SectionCoverage("（整份清单）", "all", dropped=1)]
        return [s for s in pl.coverage.sections if s.dropped and (kind is None or s.kind in (kind, "other", "front"))]


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
        if table is None or table.column("序号", role="seq") is None:
            problems.append(CorpusProblem(src.name, sec.heading_line, f"layout not recognised: no table with a 序号 header under “{sec.heading}”"))
            continue
        if sec.kind == "duty":
            if table.column("主要职责", role="main_duty") is None:
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


def line_coverage(src: SourceText, records: list[Record]) -> tuple[Coverage, list[GenericRecord]]:
    """Coverage of a list read by the line parsers: a non-empty line inside a section is typed
    when a record's lines include it. Table header rows (and their repeats after page breaks),
    notes (注： / 填报人) and a table that says only 无 are structure, counted as neither. Any
    other line left over becomes part of a generic record, so that nothing is lost."""
    sections, _ = find_sections(src)
    covered = set()
    for r in records:
        covered.update(range(r.start_line, r.end_line + 1))
    cov = Coverage(src.name, unit="lines")
    generic: list[GenericRecord] = []
    for sec in sections:
        sc = SectionCoverage(sec.heading, sec.kind)
        skipped = _structure_lines(src, sec)
        run: list[int] = []
        for n in range(sec.start, sec.end + 2):
            text = src.line(n) if n <= sec.end else ""
            if n <= sec.end and (not text.strip() or n in skipped):
                continue
            if n <= sec.end and n in covered:
                sc.typed += 1
            elif n <= sec.end:
                sc.generic += 1
                run.append(n)
                continue
            if run:
                generic.append(GenericRecord(
                    source=src.name, start_line=run[0], end_line=run[-1], bureau="",
                    section_path=[_NUMERAL.sub("", sec.heading)], body="\n".join(src.line(k).strip() for k in run),
                ))
                run = []
        cov.sections.append(sc)
    return cov, generic


_HEADER_NOTE = re.compile(r"^\s*(<p>)?\s*(注[：:]|填报人)")


def _structure_lines(src: SourceText, sec: Section) -> set[int]:
    if sec.kind in ("regimes", "accountability"):
        return set()
    table = detect_table(src, sec.start, sec.end)
    if table is None:
        return set()
    first_data = min((row.start for row in table.rows), default=table.end + 1)
    header_keys = {squash(src.line(n)) for n in range(sec.start, first_data)} - {""}
    skipped = set(range(sec.start, first_data))
    for n in range(sec.start, sec.end + 1):
        key = squash(src.line(n))
        if key in header_keys or key in ("无", "无。") or _HEADER_NOTE.match(src.line(n)) or n > table.end:
            skipped.add(n)
    return skipped


def _parse_text_list(src: SourceText, bureau: Bureau, suffix: str) -> tuple[list[Record], list[CorpusProblem], Coverage]:
    """The line parsers first for .txt (the layouts they know, with exact line citations); the
    document-model builders when they fail or the file is Markdown."""
    if suffix == ".txt":
        records, problems = parse_list(src, bureau)
        if records and not any(p.severity == "error" for p in problems):
            coverage, generic = line_coverage(src, records)
            for g in generic:
                g.bureau = bureau.bureau
            return records + generic, problems, coverage
    else:
        records, problems = [], []
    doc = read_text(src, suffix.lstrip(".") or "txt")
    built, built_problems, coverage = build_records(doc, src, bureau.bureau)
    if _typed(records) > _typed(built):  # the line parsers read more, though not all of it
        legacy_coverage, generic = line_coverage(src, records)
        for g in generic:
            g.bureau = bureau.bureau
        return records + generic, problems, legacy_coverage
    return built, built_problems, coverage


def _typed(records: list[Record]) -> int:
    return sum(1 for r in records if r.kind not in ("generic", "penalty_clause"))


def parse_file(path: Path, bureau: Bureau) -> ParsedList:
    """One list file of any supported format → records, problems and coverage."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        src, problems = read_source(path)
        if src is None:
            return ParsedList(bureau, None, [], problems)
        records, more, coverage = _parse_text_list(src, bureau, suffix)
        return ParsedList(bureau, src, records, problems + more, coverage)
    doc, problems = read_binary(path)
    if doc is None:
        return ParsedList(bureau, None, [], problems)
    src = rendering_source(doc)
    records, more, coverage = build_records(doc, src, bureau.bureau)
    for note in doc.unread:  # text the reader saw outside paragraphs and tables counts as not read
        coverage.sections.append(SectionCoverage("（正文以外的文字）", "other", dropped=1, dropped_at=[note]))
    return ParsedList(bureau, src, records, problems + more, coverage)


def _hash_file(hasher, path: Path) -> None:
    """Feed the file's bytes in blocks (the same digest as hashing them at once)."""
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                hasher.update(block)
    except OSError:
        pass


def corpus_digest(corpus_dir: Path, bureaus: list[Bureau] | None = None) -> str:
    """sha256 over the manifest and every listed file that exists, in manifest order: what an
    index records to know it was built from this corpus. Reads the files, parses none."""
    hasher = hashlib.sha256((corpus_dir / "manifest.toml").read_bytes())
    for bureau in bureaus if bureaus is not None else load_manifest(corpus_dir):
        path = corpus_dir / bureau.file
        if path.is_file():
            hasher.update(bureau.file.encode("utf-8") + b"\0")
            _hash_file(hasher, path)
    return hasher.hexdigest()


def parse_cached(path: Path, bureau: Bureau, cache: ParseCache) -> ParsedList:
    """`parse_file`, through the parse cache: taken from it when there, put into it when not."""
    try:
        key = cache.key(path, bureau)
    except OSError:
        return parse_file(path, bureau)  # the read error is parse_file's to report
    parsed = cache.get(key, ParsedList)
    if parsed is None or parsed.bureau != bureau:
        parsed = parse_file(path, bureau)
        cache.put(key, parsed)
    return parsed


def load_corpus(corpus_dir: Path, cache: ParseCache | None = None) -> Corpus:
    """Every list of the folder parsed, or taken from `cache` when the file, its manifest entry
    and the parser are the same as when it was parsed."""
    bureaus = load_manifest(corpus_dir)
    problems: list[CorpusProblem] = []
    listed = {b.file for b in bureaus}
    for path in sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in (*SUPPORTED, ".doc", ".xls")):
        if path.name not in listed:
            problems.append(CorpusProblem(path.name, 0, "not listed in manifest.toml; skipped", "warning"))
    lists: list[ParsedList] = []
    for bureau in bureaus:
        path = corpus_dir / bureau.file
        if not path.is_file():
            lists.append(ParsedList(bureau, None, [], [CorpusProblem(bureau.file, 0, "listed in manifest.toml but the file is missing")]))
            continue
        lists.append(parse_cached(path, bureau, cache) if cache is not None else parse_file(path, bureau))
    if cache is not None:
        cache.prune(len(bureaus))
    return Corpus(lists, problems, corpus_digest(corpus_dir, bureaus))
