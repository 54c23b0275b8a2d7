"""The one Answerer a server process uses: loaded once (eagerly by `assistant serve`, or lazily
on the first request), then asked under a lock so concurrent requests never share its state
mid-answer. Answering is CPU-bound and takes milliseconds, so the lock costs little.
"""

from __future__ import annotations

import threading
from typing import Callable


class SharedAnswerer:
    def __init__(self, loader: Callable[[], object] | None = None, answerer=None):
        if loader is None and answerer is None:
            raise ValueError("SharedAnswerer needs a loader or an answerer")
        self._loader = loader
        self._answerer = answerer
        self._load_lock = threading.Lock()
        self._ask_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._answerer is not None

    def answerer(self):
        if self._answerer is None:
            with self._load_lock:
                if self._answerer is None:
                    self._answerer = self._loader()
        return self._answerer

    def warm_up(self) -> None:
        """Load the answerer and the embedder's weights so the first question is fast."""
        self.answerer().res.embedder.warm_up()

    def ask(self, question, history=None, bureau: str | None = None, qid=None):
        """An AskResult; raises InputError / HistoryError for a question that cannot be asked."""
        answerer = self.answerer()
        with self._ask_lock:
            return answerer.ask(question, history, bureau, qid)

    def bureaus(self) -> list:
        """The manifest's bureaus (from the loaded answerer, else read from the manifest)."""
        if self._answerer is not None:
            return list(self._answerer.bureaus)
        from assistant import paths
        from assistant.corpus.manifest import load_manifest

        return load_manifest(paths.corpus_dir())

    def source_lines(self, source: str, start: int, end: int) -> list[tuple[int, str]]:
        """The cited lines of a list file as (line number, text); [] when the file is unknown."""
        src = self.answerer().ctx.sources.get(source)
        if src is None:
            return []
        return list(zip(range(start, end + 1), src.span(start, end)))
