"""Loading what answering needs — corpus, index, embedder, vocabulary, templates — once.

`load_resources` is what every entry point (CLI, HTTP API, chat page, eval) calls; nothing is
loaded at import time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant import paths
from assistant.answer.query import Vocabulary, load_vocabulary
from assistant.answer.reach import ReachModel, load_reach_model
from assistant.corpus.cache import ParseCache, default_folder
from assistant.corpus.load import Corpus, load_corpus
from assistant.policy import Policy, default_policy
from assistant.search.embed import Embedder, get_embedder
from assistant.search.index import Index, IndexProblem, build_index, load_index
from assistant.search.retrieve import HybridRetriever, RetrieverConfig

log = logging.getLogger(__name__)


@dataclass
class Resources:
    corpus: Corpus
    index: Index
    embedder: Embedder
    retriever: HybridRetriever
    vocab: Vocabulary
    policy: Policy
    reach: ReachModel


def retriever_config(policy: Policy, **overrides) -> RetrieverConfig:
    r = policy.retrieval
    return RetrieverConfig(**{"dense_weight": r.dense_weight, "lexical_weight": r.lexical_weight, "rrf_k": r.rrf_k,
                              **overrides})


def parse_cache(index_dir: Path | None = None) -> ParseCache:
    """The parsed lists kept next to the index (see assistant/corpus/cache.py)."""
    return ParseCache(default_folder(index_dir))


def report_problems(corpus: Corpus) -> None:
    """A rebuild must not serve a damaged list silently: its errors and warnings go to stderr."""
    problems = [p for p in corpus.all_problems if p.severity in ("error", "warning")]
    for problem in problems:
        log.warning("corpus: %s", problem)
    if any(p.severity == "error" for p in problems):
        log.warning("corpus: parts of the lists above could not be read and will not be answered from "
                    "(run `assistant corpus` for details)")


def build(corpus_dir: Path | None = None, index_dir: Path | None = None, embedder_name: str | None = None,
          progress: bool = True) -> tuple[Corpus, Index, Embedder]:
    index_dir = index_dir or paths.index_dir()
    corpus = load_corpus(corpus_dir or paths.corpus_dir(), parse_cache(index_dir))
    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    embedder = get_embedder(embedder_name)
    index = build_index(corpus, embedder, index_dir, vocab.domain_words, progress)
    return corpus, index, embedder


def load_resources(corpus_dir: Path | None = None, index_dir: Path | None = None, embedder_name: str | None = None,
                   build_if_needed: bool = False, config: RetrieverConfig | None = None,
                   progress: bool = True) -> Resources:
    """Raises IndexProblem when the index is missing/stale/corrupt and `build_if_needed` is off."""
    corpus_dir = corpus_dir or paths.corpus_dir()
    index_dir = index_dir or paths.index_dir()
    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    corpus = load_corpus(corpus_dir, parse_cache(index_dir))
    try:
        index = load_index(index_dir, corpus.digest, embedder_name, vocab.domain_words)
        embedder = get_embedder(index.embedder_name)
    except IndexProblem as exc:
        if not build_if_needed:
            raise
        log.warning("index: %s; building it now", exc.args[0])
        report_problems(corpus)
        embedder = get_embedder(embedder_name)
        index = build_index(corpus, embedder, index_dir, vocab.domain_words, progress)
    policy = default_policy()
    reach = load_reach_model(paths.prompts_dir() / "reach_model.json")
    return Resources(corpus, index, embedder, HybridRetriever(index, embedder, config or retriever_config(policy)), vocab,
                     policy, reach)
