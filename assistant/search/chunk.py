"""Records → chunks: one chunk per record, or per part of a record that answers on its own
(one department's row of a boundary matter, one regime sub-section). Never a fixed-size split.

A chunk copies its record's provenance and narrows the line span to its own part. The text
that gets embedded carries a short context header (bureau, section path) so that near-identical
texts of different bureaus stay apart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from assistant.corpus.manifest import Bureau
from assistant.corpus.records import Record


@dataclass
class Chunk:
    record_id: str
    kind: str  # duty_item | boundary_entry | regime_section | service_item | penalty_clause | accountability
    source: str
    start_line: int
    end_line: int
    bureau: str
    bureau_short: str
    section_path: list[str]
    text: str
    part: int = 0  # which entry / sub-section of the record

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


class StoredChunks(Sequence):
    """The chunks of a saved index (one JSON object a line), each decoded when first used: a start
    with 170,000 chunks reads the file but decodes only the chunks that answers show."""

    def __init__(self, lines: list[str]):
        self._lines = lines
        self._decoded: list[Chunk | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        chunk = self._decoded[i]
        if chunk is None:
            chunk = self._decoded[i] = Chunk.from_dict(json.loads(self._lines[i]))
        return chunk

    def validate(self) -> None:
        """Decode the first and last chunk: a file that is not ours fails on load, not on an answer."""
        for i in {0, len(self) - 1} if len(self) else ():
            self[i]


def chunk_corpus(records: list[Record], bureaus: dict[str, Bureau]) -> list[Chunk]:
    """`bureaus` maps a file name to its manifest entry."""
    from assistant.kinds import chunk_fields

    return [Chunk(**fields) for r in records for fields in chunk_fields(r, bureaus[r.source])]
