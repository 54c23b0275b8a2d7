"""What the answer stage produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    source: str
    start_line: int  # lines of the file (.txt/.md) or of its plain-text rendering (other formats)
    end_line: int
    bureau: str
    section: str
    quote: str = ""  # the cited text exactly as in the source (whitespace aside)
    locator: str = ""  # where a person finds it in the original: "第12–15行", "表2 第5行", "第3页 表1 第4行"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Clarify:
    """A question back to the caller (which place they are in) and the answers to offer; each
    option, sent back as the next question with the conversation, names one place."""

    question: str
    options: list[str]

    def to_dict(self) -> dict:
        return {"question": self.question, "options": list(self.options)}


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

    @property
    def held(self) -> str:
        """What the answer holds: its words and the lines it cites (a row summarised with "……" still
        holds its text)."""
        return "\n".join([self.body, *(c.quote for c in self.citations)])


class CitationList:
    """Numbers citations [1], [2], … in order of first use; the same span keeps its number."""

    def __init__(self, sources: dict | None = None) -> None:
        self.items: list[Citation] = []
        self.sources = sources or {}  # file name → SourceText, to fill in quote and locator

    def cite(self, source: str, start: int, end: int, bureau: str, section: str, *, quote: str = "", locator: str = "") -> str:
        for i, c in enumerate(self.items, 1):
            if (c.source, c.start_line, c.end_line) == (source, start, end):
                return f"[{i}]"
        src = self.sources.get(source)
        if src is not None:
            quote = quote or src.quote(start, end)
            locator = locator or src.locate(start, end)
        self.items.append(Citation(source, start, end, bureau, section, quote=quote, locator=locator))
        return f"[{len(self.items)}]"


def where(citation: dict) -> str:
    """Where a cited passage stands, as a person finds it in the original: its locator (第12–15行,
    表2 第5行, 工作表“职责边界” 第7行), else the line range."""
    return citation.get("locator") or f"第{citation['start_line']}–{citation['end_line']}行"
