"""What the answer stage produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    source: str
    start_line: int
    end_line: int
    bureau: str
    section: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    body: str  # the cited part; every number in it stands in its cited lines
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    kind: str = ""  # routing | contact | penalty | regime | duty | accountability | refusal
    bureaus: list[str] = field(default_factory=list)  # bureaus the answer comes from
    notes: list[str] = field(default_factory=list)  # marked notes that are not part of any list
    writer: str = "template"  # the writer whose text this is
    fallback: str = ""  # why another writer's answer was not used (empty when it was, or none was asked for)

    @property
    def text(self) -> str:
        return "\n".join([self.body, *self.notes]).strip()


class CitationList:
    """Numbers citations [1], [2], … in order of first use; the same span keeps its number."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def cite(self, source: str, start: int, end: int, bureau: str, section: str) -> str:
        for i, c in enumerate(self.items, 1):
            if (c.source, c.start_line, c.end_line) == (source, start, end):
                return f"[{i}]"
        self.items.append(Citation(source, start, end, bureau, section))
        return f"[{len(self.items)}]"
