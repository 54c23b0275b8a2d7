"""Reading one list file: bytes → lines, with clear problems for bad input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"


@dataclass
class CorpusProblem:
    """Something wrong with a corpus file, named by file and line."""

    source: str
    line: int
    message: str
    # "error": the file (or a part of it) was not loaded; "warning": loaded, but something is off;
    # "notice": a known irregularity that the parser handled (not fatal even with --strict)
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.severity}: {self.message}"

    def to_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "message": self.message, "severity": self.severity}


@dataclass
class SourceText:
    """A list file as lines; `line(n)` is 1-based, as every citation is."""

    name: str
    lines: list[str]

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def span(self, start: int, end: int) -> list[str]:
        return self.lines[start - 1 : end]

    def __len__(self) -> int:
        return len(self.lines)


def decode_source(name: str, data: bytes) -> tuple[SourceText | None, list[CorpusProblem]]:
    problems: list[CorpusProblem] = []
    if data.startswith(BOM):
        problems.append(CorpusProblem(name, 1, "starts with a UTF-8 byte-order mark (BOM); it was ignored", "warning"))
        data = data[len(BOM) :]
    if not data.strip():
        return None, [*problems, CorpusProblem(name, 1, "the file is empty")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " It decodes as GBK/GB18030: convert it with `iconv -f GB18030 -t UTF-8`."
        except UnicodeDecodeError:
            pass
        msg = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}).{hint}"
        return None, [*problems, CorpusProblem(name, line, msg)]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return SourceText(name, lines), problems


def read_source(path: Path) -> tuple[SourceText | None, list[CorpusProblem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [CorpusProblem(path.name, 0, f"cannot read the file: {exc.strerror or exc}")]
    return decode_source(path.name, data)
