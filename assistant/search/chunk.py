"""Records → chunks: one chunk per record, or per part of a record that answers on its own
(one department's row of a boundary matter, one regime sub-section). Never a fixed-size split.

A chunk copies its record's provenance and narrows the line span to its own part. The text
that gets embedded carries a short context header (bureau, section path) so that near-identical
texts of different bureaus stay apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from assistant.corpus.manifest import Bureau
from assistant.corpus.records import (
    AccountabilitySection, BoundaryMatter, DutyItem, GenericRecord, PenaltyClause, Record, Regime, ServiceItem,
)


@dataclass
class Chunk:
    record_id: str
    kind: str  # duty_item | boundary_entry | regime_section | service_item | penalty_clause | accountability | generic
    source: str
    start_line: int
    end_line: int
    bureau: str
    bureau_short: str
    section_path: list[str]
    text: str
    part: int = 0  # which entry / sub-section of the record
    facet: str = ""  # the regime sub-section field, or the department of a boundary entry
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        key = f"{self.record_id}|{self.part}|{self.start_line}|{self.end_line}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def header(self) -> str:
        return f"{self.bureau_short}｜{self.bureau}｜{' > '.join(self.section_path)}"

    @property
    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}"

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["id"] = self.id
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Chunk":
        d = {k: v for k, v in d.items() if k != "id"}
        return cls(**d)


def _lines(*pairs: tuple[str, str]) -> str:
    return "\n".join(f"{label}：{value}" if label else value for label, value in pairs if value)


def _base(record: Record, bureau: Bureau) -> dict:
    return {
        "record_id": record.id, "source": record.source, "bureau": record.bureau,
        "bureau_short": bureau.short_name,
    }


def chunks_of(record: Record, bureau: Bureau) -> list[Chunk]:
    base = _base(record, bureau)
    if isinstance(record, DutyItem):
        text = _lines(("主要职责", record.main_duty), ("具体工作事项", record.task),
                      ("责任股室", record.responsible_unit), ("法律依据", record.legal_basis), ("备注", record.note))
        return [Chunk(kind="duty_item", start_line=record.start_line, end_line=record.end_line,
                      section_path=record.section_path, text=text, **base)]
    if isinstance(record, BoundaryMatter):
        out = []
        for i, e in enumerate(record.entries):
            start, end = e.start_line, e.end_line
            if record.case:
                start, end = min(start, record.case_start), max(end, record.case_end)
            text = _lines(("管理事项", record.matter), ("相关部门", e.department or "（未列明部门）"),
                          ("职责分工", e.duty), ("相关依据", e.basis), ("案例", record.case))
            out.append(Chunk(kind="boundary_entry", start_line=start, end_line=end, part=i, facet=e.department,
                             section_path=[*record.section_path, e.department or "（未列明部门）"], text=text, **base))
        return out
    if isinstance(record, Regime):
        return [
            Chunk(kind="regime_section", start_line=s.start_line, end_line=s.end_line, part=i, facet=s.field,
                  section_path=[*record.section_path, *([s.heading] if s.heading else [])],
                  text=f"{record.regime_title}\n{s.text}", **base)
            for i, s in enumerate(record.sections)
        ]
    if isinstance(record, ServiceItem):
        text = _lines(("服务事项", record.name), ("主要内容", record.content), ("法律依据", record.legal_basis),
                      ("承办机构", "、".join(record.units)), ("联系电话", "、".join(record.phones)))
        return [Chunk(kind="service_item", start_line=record.start_line, end_line=record.end_line,
                      section_path=record.section_path, text=text, **base)]
    if isinstance(record, PenaltyClause):
        return [Chunk(kind="penalty_clause", start_line=record.start_line, end_line=record.end_line,
                      section_path=record.section_path, text="\n".join([record.sentence, *record.items]), **base)]
    if isinstance(record, AccountabilitySection):
        return [Chunk(kind="accountability", start_line=record.start_line, end_line=record.end_line,
                      section_path=record.section_path, text=f"{record.heading}\n{record.body}", **base)]
    if isinstance(record, GenericRecord):
        return [Chunk(kind="generic", start_line=record.start_line, end_line=record.end_line,
                      section_path=record.section_path, text=record.text, **base)]
    raise TypeError(f"no chunking rule for {type(record).__name__}")


def chunk_corpus(records: list[Record], bureaus: dict[str, Bureau]) -> list[Chunk]:
    """`bureaus` maps a file name to its manifest entry."""
    return [c for r in records for c in chunks_of(r, bureaus[r.source])]
