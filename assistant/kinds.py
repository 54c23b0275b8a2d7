"""One registry entry per record kind: how its records become chunks, which of its regions may
hold penalty sentences, which question intents its chunks answer, and which section of the
template writer answers from them.

A new record kind is one `Kind(...)` line in `KINDS` (with its two small functions); nothing
else branches on record types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.corpus.manifest import Bureau
from assistant.corpus.records import (
    AccountabilitySection,
    BoundaryMatter,
    DutyItem,
    GenericRecord,
    PenaltyClause,
    Record,
    Regime,
    ServiceItem,
)

UNNAMED_DEPARTMENT = "（未列明部门）"

# (start_line, end_line, section_path, quoted): a region of a record that may hold penalty
# sentences; `quoted` says its sentences quote a statute rather than set the bureau's own rule
Region = tuple[int, int, list[str], bool]


@dataclass(frozen=True)
class Kind:
    record: type[Record]
    chunk_kind: str  # the kind of the chunks its records become
    answer_kind: str  # the template writer section that answers from those chunks
    intents: tuple[str, ...]  # the question intents those chunks can answer
    chunk_parts: Callable[[Record], list[dict]]  # one dict of Chunk fields per chunk
    penalty_regions: Callable[[Record], Iterator[Region]] = lambda record: iter(())


def _lines(*pairs: tuple[str, str]) -> str:
    return "\n".join(f"{label}：{value}" if label else value for label, value in pairs if value)


def _whole(record: Record, text: str) -> list[dict]:
    return [{"start_line": record.start_line, "end_line": record.end_line, "section_path": record.section_path, "text": text}]


def _duty_parts(r: DutyItem) -> list[dict]:
    return _whole(r, _lines(("主要职责", r.main_duty), ("具体工作事项", r.task), ("责任股室", r.responsible_unit),
                            ("法律依据", r.legal_basis), ("备注", r.note)))


def _duty_regions(r: DutyItem) -> Iterator[Region]:
    if r.accountability:
        yield r.start_line, r.end_line, r.section_path, True


def _boundary_parts(r: BoundaryMatter) -> list[dict]:
    out = []
    for i, e in enumerate(r.entries):
        start, end = e.start_line, e.end_line
        if r.case:
            start, end = min(start, r.case_start), max(end, r.case_end)
        department = e.department or UNNAMED_DEPARTMENT
        text = _lines(("管理事项", r.matter), ("相关部门", department), ("职责分工", e.duty), ("相关依据", e.basis),
                      ("案例", r.case))
        out.append({"start_line": start, "end_line": end, "part": i, "section_path": [*r.section_path, department],
                    "text": text})
    return out


def _boundary_regions(r: BoundaryMatter) -> Iterator[Region]:
    for e in r.entries:
        yield e.start_line, e.end_line, [*r.section_path, e.department or "（未列部门）"], True


def _regime_parts(r: Regime) -> list[dict]:
    return [{"start_line": s.start_line, "end_line": s.end_line, "part": i,
             "section_path": [*r.section_path, *([s.heading] if s.heading else [])], "text": f"{r.regime_title}\n{s.text}"}
            for i, s in enumerate(r.sections)]


def _regime_regions(r: Regime) -> Iterator[Region]:
    for s in r.sections:
        yield s.start_line, s.end_line, [*r.section_path, s.heading or "（序言）"], False


def _service_parts(r: ServiceItem) -> list[dict]:
    return _whole(r, _lines(("服务事项", r.name), ("主要内容", r.content), ("法律依据", r.legal_basis),
                            ("承办机构", "、".join(r.units)), ("联系电话", "、".join(r.phones))))


def _penalty_parts(r: PenaltyClause) -> list[dict]:
    # "有前款所列行为的" is found by the conduct it refers to
    prior = [f"（前款：{r.prior_conduct}）"] if r.prior_conduct else []
    return _whole(r, "\n".join([r.sentence, *r.items, *prior]))


def _accountability_regions(r: AccountabilitySection) -> Iterator[Region]:
    yield r.start_line, r.end_line, r.section_path, False


KINDS: dict[str, Kind] = {k.record.kind: k for k in (
    Kind(DutyItem, "duty_item", "duty", ("duty", "routing"), _duty_parts, _duty_regions),
    Kind(BoundaryMatter, "boundary_entry", "routing", ("routing", "duty"), _boundary_parts, _boundary_regions),
    Kind(Regime, "regime_section", "regime", ("regime", "penalty"), _regime_parts, _regime_regions),
    Kind(ServiceItem, "service_item", "contact", ("contact", "routing"), _service_parts),
    Kind(PenaltyClause, "penalty_clause", "penalty", ("penalty",),
         _penalty_parts),
    Kind(AccountabilitySection, "accountability", "accountability", ("regime", "duty"),
         lambda r: _whole(r, f"{r.heading}\n{r.body}"), _accountability_regions),
    # a table row or paragraphs no typed builder could place: retrievable and citable, answered by no section
    Kind(GenericRecord, "generic", "", (), lambda r: _whole(r, r.text)),
)}
BY_CHUNK_KIND: dict[str, Kind] = {k.chunk_kind: k for k in KINDS.values()}


def kind_of(record: Record) -> Kind:
    try:
        return KINDS[record.kind]
    except KeyError:
        raise TypeError(f"record kind {record.kind!r} is not registered in assistant.kinds") from None


def answer_kind(chunk_kind: str) -> str:
    return BY_CHUNK_KIND[chunk_kind].answer_kind


def answers_intent(chunk_kind: str, intent: str) -> bool:
    return intent in BY_CHUNK_KIND[chunk_kind].intents


def chunk_fields(record: Record, bureau: Bureau) -> list[dict]:
    """The fields of each chunk of a record: its provenance copied, its own span and text."""
    kind = kind_of(record)
    base = {"record_id": record.id, "kind": kind.chunk_kind, "source": record.source, "bureau": record.bureau,
            "bureau_short": bureau.short_name}
    return [{**base, **part} for part in kind.chunk_parts(record)]
