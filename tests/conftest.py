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
    from assistant.corpus.load import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture
def corpus_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the real corpus folder, set as the corpus for the test."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(target))
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory):
    """A real index of the real corpus, built once per test session with the default embedder
    into a temporary folder (about 40 s on 2 cores)."""
    from assistant.answer.query import load_vocabulary
    from assistant.corpus.load import load_corpus
    from assistant.search.embed import get_embedder
    from assistant.search.index import build_index

    index_dir = tmp_path_factory.mktemp("index")
    corpus = load_corpus(CORPUS)
    vocab = load_vocabulary(ROOT / "prompts" / "vocabulary.toml")
    build_index(corpus, get_embedder(), index_dir, vocab.domain_words)
    return index_dir


@pytest.fixture(scope="session")
def resources(built_index):
    from assistant.resources import load_resources

    return load_resources(CORPUS, built_index)


@pytest.fixture(scope="session")
def answerer(resources):
    from assistant.answer.pipeline import Answerer

    return Answerer(resources)
