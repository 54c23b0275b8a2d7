"""Reading one list file: bytes → lines, with clear problems for bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
MAX_TEXT_BYTES = 30 * 1024 * 1024  # a list is a few hundred kB; anything this large is not one
_NUMBERED = re.compile(r"^(.*第)(\d+)行$")


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
    """A list file as lines; `line(n)` is 1-based, as every citation is.

    For .txt/.md files the lines are the file's own. For other formats they are the plain-text
    rendering of the document model, and `locators` names, per line, where it stands in the
    original ("表2 第5行", "工作表“职责边界” 第7行", "第3页 表1 第4行")."""

    name: str
    lines: list[str]
    locators: list[str] | None = None

    def locate(self, start: int, end: int) -> str:
        """Where lines start..end stand in the original file, for a person to find them."""
        if self.locators is None:
            return f"第{start}行" if start == end else f"第{start}–{end}行"
        first, last = self.locators[start - 1], self.locators[min(end, len(self.locators)) - 1]
        if first == last:
            return first
        a, b = _NUMBERED.match(first), _NUMBERED.match(last)
        if a and b and a.group(1) == b.group(1):
            return f"{a.group(1)}{a.group(2)}–{b.group(2)}行"
        return f"{first} 至 {last}"

    def quote(self, start: int, end: int) -> str:
        """The text of lines start..end as written (a table row's cells separated by TABs)."""
        return "\n".join(ln.rstrip() for ln in self.span(start, end)).strip()

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def span(self, start: int, end: int) -> list[str]:
        return self.lines[start - 1 : end]

    def __len__(self) -> int:
        return len(self.lines)


_UTF8_CJK = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")


def _as_gb18030(data: bytes) -> str | None:
    """The text of a file published in GBK/GB18030, or None when it is UTF-8 with damaged bytes
    (a UTF-8 file cut or corrupted also decodes as GB18030, into nonsense: it must stay an error).
    GBK text holds almost no byte runs that are valid UTF-8 Chinese characters; UTF-8 text is
    mostly made of them."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    utf8_chars = len(_UTF8_CJK.findall(data))
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return text if utf8_chars * 4 < han else None


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
        text = _as_gb18030(data)
        if text is None:
            msg = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); the file may be damaged"
            return None, [*problems, CorpusProblem(name, line, msg)]
        problems.append(CorpusProblem(name, 1, "not UTF-8: read as GBK/GB18030 (line numbers are those of the file)",
                                      "warning"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return SourceText(name, lines), problems


def read_source(path: Path) -> tuple[SourceText | None, list[CorpusProblem]]:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            msg = f"the file is {size / 2**20:.0f} MB, more than the {MAX_TEXT_BYTES // 2**20} MB a list can be; not read"
            return None, [CorpusProblem(path.name, 0, msg)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [CorpusProblem(path.name, 0, f"cannot read the file: {exc.strerror or exc}")]
    return decode_source(path.name, data)
