"""Where the corpus, the index and the editable text resources live.

Each folder can be pointed elsewhere through an environment variable, so that tests and
deployments never write into the repository by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def corpus_dir() -> Path:
    return _env_path("ASSISTANT_CORPUS_DIR", PROJECT_ROOT / "corpus")


def index_dir() -> Path:
    return _env_path("ASSISTANT_INDEX_DIR", PROJECT_ROOT / "index")


def prompts_dir() -> Path:
    return _env_path("ASSISTANT_PROMPTS_DIR", PROJECT_ROOT / "prompts")


def eval_dir() -> Path:
    return _env_path("ASSISTANT_EVAL_DIR", PROJECT_ROOT / "eval")
