"""Typed records parsed from the lists. Every record knows exactly where it came from.

Provenance (`source`, `start_line`, `end_line`, `bureau`, `section_path`) is set once by the
parser and copied, never re-derived, by every later stage. Line numbers are 1-based and
inclusive, into the stored file. Ids hash content + provenance, so they are stable across
rebuilds of the same corpus.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar


@dataclass(kw_only=True)
class Span:
    start_line: int
    end_line: int


@dataclass(kw_only=True)
class Record:
    kind: ClassVar[str] = "record"
    source: str
    start_line: int
    end_line: int
    bureau: str
    section_path: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        raise NotImplementedError

    @property
    def id(self) -> str:
        key = "|".join([self.kind, self.source, str(self.start_line), str(self.end_line), self.text])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind
        d["id"] = self.id
        return d

    @staticmethod
    def from_dict(d: dict) -> "Record":
        cls = RECORD_TYPES[d["kind"]]
        return cls._from_plain(d)

    @classmethod
    def _from_plain(cls, d: dict) -> "Record":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(kw_only=True)
class DutyItem(Record):
    """One 具体工作事项 of a 主要职责 row (部门职责 table)."""

    kind: ClassVar[str] = "duty_item"
    seq: str = ""  # the row number as printed in the source
    main_duty: str = ""
    task: str = ""  # 具体工作事项 / 具体责任事项; empty where the source row has none
    legal_basis: str = ""  # 法律依据 (000)
    responsible_unit: str = ""  # 责任股室 (001), or a unit written in 备注 (000)
    note: str = ""  # 备注 that is not a unit
    accountability: str = ""  # 追责依据及追责情形 (003)

    @property
    def text(self) -> str:
        return self.task or self.main_duty


@dataclass(kw_only=True)
class DepartmentDuty(Span):
    """One department's sub-row of a boundary matter; `department` is empty where the source
    gives a 职责分工 without naming the department (002's unnumbered rows)."""

    department: str = ""
    duty: str = ""
    basis: str = ""


@dataclass(kw_only=True)
class BoundaryMatter(Record):
    """A 管理事项 of the 与相关部门的职责边界 table with one entry per related department."""

    kind: ClassVar[str] = "boundary_matter"
    seq: int = 0  # computed, 1..n in file order
    source_seq: str = ""  # as printed; empty for 002's unnumbered matters
    matter: str = ""
    entries: list[DepartmentDuty] = field(default_factory=list)
    case: str = ""  # 案例 / 事例
    case_start: int = 0
    case_end: int = 0

    @property
    def text(self) -> str:
        return self.matter

    @classmethod
    def _from_plain(cls, d: dict) -> "BoundaryMatter":
        d = dict(d)
        d["entries"] = [DepartmentDuty(**e) for e in d.get("entries", [])]
        return super()._from_plain(d)


@dataclass(kw_only=True)
class RegimeSection(Span):
    """One sub-section of a regime, mapped to a canonical field (object, content, method, …)."""

    field: str = ""
    heading: str = ""
    text: str = ""


@dataclass(kw_only=True)
class Regime(Record):
    """A 事中事后监管制度 regime: its title and its sub-sections (preamble first)."""

    kind: ClassVar[str] = "regime"
    number: int = 0
    regime_title: str = ""
    # the text before the first sub-heading comes first, as field "preamble"
    sections: list[RegimeSection] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.regime_title

    @classmethod
    def _from_plain(cls, d: dict) -> "Regime":
        d = dict(d)
        d["sections"] = [RegimeSection(**s) for s in d.get("sections", [])]
        return super()._from_plain(d)


@dataclass(kw_only=True)
class Contact:
    unit: str = ""
    phone: str = ""


@dataclass(kw_only=True)
class ServiceItem(Record):
    """A 公共服务事项 with its 承办机构 and 联系电话, several units/phones split and paired."""

    kind: ClassVar[str] = "service_item"
    seq: str = ""
    name: str = ""
    content: str = ""
    legal_basis: str = ""
    units: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    units_raw: str = ""
    phones_raw: str = ""

    @property
    def text(self) -> str:
        return self.name

    @classmethod
    def _from_plain(cls, d: dict) -> "ServiceItem":
        d = dict(d)
        d["contacts"] = [Contact(**c) for c in d.get("contacts", [])]
        return super()._from_plain(d)


@dataclass(kw_only=True)
class Fine:
    """A fine as written: a range, a cap or a fixed amount, in 元, as a multiple (倍) or as a
    percentage (%) of a basis such as 违法所得 / 货值金额 / 销售额."""

    form: str = ""  # "range" | "cap" | "fixed"
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # "元" | "倍" | "%"
    basis: str = ""  # 违法所得, 货值金额, 销售额, 违法收入, … ; empty for plain amounts


@dataclass(kw_only=True)
class PenaltyClause(Record):
    """One sentence that sets a penalty, kept word for word, with its parts structured."""

    kind: ClassVar[str] = "penalty_clause"
    sentence: str = ""
    violation: str = ""
    measures: list[str] = field(default_factory=list)
    fines: list[Fine] = field(default_factory=list)
    quoted_statute: bool = False  # True where the sentence quotes a law, not the bureau's own rule
    statute: str = ""  # the law quoted, where the text names it
    items: list[str] = field(default_factory=list)  # the conduct listed after "有下列行为之一的", one per line
    # "有前款所列违法行为的": the conduct of the paragraph before, which the span then starts at
    prior_conduct: str = ""

    @property
    def text(self) -> str:
        return self.sentence

    @classmethod
    def _from_plain(cls, d: dict) -> "PenaltyClause":
        d = dict(d)
        d["fines"] = [Fine(**f) for f in d.get("fines", [])]
        return super()._from_plain(d)


@dataclass(kw_only=True)
class AccountabilitySection(Record):
    """A sub-section of 责任追究机制 (003 only): who holds whom to account, and how."""

    kind: ClassVar[str] = "accountability"
    heading: str = ""
    body: str = ""  # the whole sub-section text

    @property
    def text(self) -> str:
        return self.body


@dataclass(kw_only=True)
class GenericRecord(Record):
    """Part of a list the typed builders could not place: one table row with its header labels,
    or a run of paragraphs with their heading path. Kept so that nothing read is lost: it is
    retrievable, citable and counted as "generic" in the coverage report."""

    kind: ClassVar[str] = "generic"
    labels: list[str] = field(default_factory=list)  # a row's header labels ("" where none)
    values: list[str] = field(default_factory=list)  # the row's cells, in the same order
    body: str = ""  # paragraphs, one per line

    @property
    def text(self) -> str:
        if self.values:
            return "\n".join(f"{label}：{value}" if label else value for label, value in zip(self.labels, self.values, strict=False) if value)
        return self.body


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (DutyItem, BoundaryMatter, Regime, ServiceItem, PenaltyClause, AccountabilitySection, GenericRecord)
}
