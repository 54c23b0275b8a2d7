"""Section, column and regime sub-heading words, read from prompts/headers.toml, matched by
meaning: an exact synonym first, then the nearest known label by character-bigram similarity."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant import paths
from assistant.text import squash

_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．)]|[①-⑳])"
)
_DROP = re.compile(r"[（）()【】\[\]「」“”\"'：:＊*#]")


def label_key(text: str) -> str:
    """A header label or heading without white space, numbering, brackets or a trailing colon."""
    key = squash(text)
    while True:
        stripped = _NUMBERING.sub("", key)
        if stripped == key:
            break
        key = stripped
    return _DROP.sub("", key)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two labels."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass
class Headers:
    sections: dict[str, list[str]]
    columns: dict[str, list[str]]
    tables: dict[str, list[list[str]]]
    regime_fields: dict[str, list[str]]
    notes: dict[str, list[str]] = field(default_factory=dict)
    threshold: float = 0.5
    name_words: list[str] = field(default_factory=list)  # a bare 名称 under a group cell names the group

    def _best(self, key: str, groups: dict[str, list[str]]) -> str | None:
        if not key:
            return None
        for name, words in groups.items():
            if key in (label_key(w) for w in words):
                return name
        best, score = None, 0.0
        for name, words in groups.items():
            for w in words:
                s = similarity(key, label_key(w))
                if s > score:
                    best, score = name, s
        return best if score >= self.threshold else None

    def _exact(self, key: str) -> bool:
        return any(key == label_key(w) for groups in (self.columns, self.regime_fields)
                   for words in groups.values() for w in words)

    def group_label(self, group: str, label: str) -> str:
        """The label of a column under a group cell that spans several columns (服务事项 over
        名称 | 电话): the group's own label for a bare name word (名称 → 服务事项); the column's label
        when it names a column exactly (电话), else the two joined when that does; else the
        column's label alone (matched by similarity like any label; the group's words could
        make an unrelated column look like the group's meaning)."""
        key = label_key(label)
        if key in {label_key(w) for w in self.name_words}:
            return group
        if not self._exact(key) and self._exact(label_key(group + label)):
            return group + label
        return label

    def column_role(self, label: str) -> str | None:
        return self._best(label_key(label), self.columns)

    def regime_field(self, label: str) -> str | None:
        return self._best(label_key(label), self.regime_fields)

    def section_kind(self, text: str) -> str | None:
        """The section a heading opens, or None. A heading is short, ends without sentence
        punctuation and names a section (contains one of its words, or is close to one)."""
        key = label_key(text)
        if not key or len(key) > 40 or squash(text)[-1:] in "。；;，," or "\t" in text:
            return None
        for name, words in self.sections.items():
            if any(label_key(w) in key for w in words):
                return name
        return self._best(key, self.sections)

    def table_kind(self, roles: set[str], prefer: str | None = None) -> str | None:
        kinds = [k for k, sets in self.tables.items() if any(set(s) <= roles for s in sets)]
        if prefer in kinds:
            return prefer
        return kinds[0] if kinds else None


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Headers:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Headers(
        sections=data.get("sections", {}), columns=data.get("columns", {}), tables=data.get("tables", {}),
        regime_fields=data.get("regime_fields", {}), notes=data.get("notes", {}),
        threshold=float(data.get("similarity", {}).get("threshold", 0.5)),
        name_words=list(data.get("groups", {}).get("name_words", [])),
    )


def load_headers(path: Path | None = None) -> Headers:
    path = path or paths.prompts_dir() / "headers.toml"
    return _load(path, path.stat().st_mtime)
