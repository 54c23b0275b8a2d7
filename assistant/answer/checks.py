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
    """Numbers of `line` that do not stand in `cited_text` as whole numbers (3 is not in 3000)."""
    # white space stays as a boundary: two numbers on consecutive lines do not run together
    haystack = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", cited_text))
    out = []
    for n in numbers_in(line):
        digits = n[0].isdigit()
        pattern = (r"(?<![\d.])" if digits else r"(?<![零〇一二两三四五六七八九十百千万亿])") + re.escape(_squash(n)) + (
            r"(?![\d])" if digits else r"(?![零〇一二两三四五六七八九十百千万亿])")
        if not re.search(pattern, haystack):
            out.append(n)
    return out
