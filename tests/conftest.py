"""Shared fixtures. Every test that writes points the data folders at tmp_path through the
environment (ASSISTANT_CORPUS_DIR / ASSISTANT_INDEX_DIR), so nothing is written into the repo."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def corpus():
    from assistant.parse.corpus import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture
def corpus_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the real corpus folder, set as the corpus for the test."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(target))
    return target
