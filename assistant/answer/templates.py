"""Answer templates from prompts/answers.toml (editable text, not code)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path


class Templates:
    def __init__(self, data: dict):
        self._data = data

    def get(self, group: str, key: str, **values) -> str:
        try:
            template = self._data[group][key]
        except KeyError as exc:
            raise KeyError(f"prompts/answers.toml has no [{group}] {key}") from exc
        return template.format(**values)


@lru_cache(maxsize=4)
def load_templates(path: Path) -> Templates:
    try:
        return Templates(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the answer templates: {exc}") from exc
