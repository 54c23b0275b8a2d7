"""The honesty check: every number in an answer body must stand verbatim in its cited lines.

Lines are checked before their citation markers [n] are added, so a marker is never a number.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC = re.compile(r"\d+(?:[.\-]\d+)*")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]*[十百千万亿][零〇一二两三四五六七八九十百千万亿]*(?=元|倍|日|天|年|个月|个工作日|家|次|人|%)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def numbers_in(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return _ARABIC.findall(text) + [m for m in _CHINESE.findall(text) if m]


def unsupported_numbers(line: str, cited_text: str) -> list[str]:
    haystack = _squash(cited_text)
    return [n for n in numbers_in(line) if _squash(n) not in haystack]
