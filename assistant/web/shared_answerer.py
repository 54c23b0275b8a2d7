"""The Answerer a server process uses, and which index it serves.

Loaded once (eagerly by `assistant serve`, or lazily on the first request), then asked under a
lock so concurrent requests never share its state mid-answer. Everything that depends only on
the request — cleaning, validation, history caps, the bureau name — is done before the lock, so
the lock is held only for the bounded work of answering: retrieval and the template answer
(`draft`). Another writer's rewording (`finish`: for the LLM writer the model call and the checks
on its reply) runs after the lock is released, bounded by the writer's own `max_calls`.

`reload()` loads a new Answerer from the index on disk *outside* the lock and then swaps one
reference: a request in flight finishes on the answerer it started with, and its response carries
that answerer's index digest, so an answer is never attributed to an index it did not come from.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


def params_digest(params: dict) -> str:
    """A short fingerprint of an index: its params.json (which holds every file's checksum)."""
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass
class Prepared:
    """A request that passed every check and can be answered."""

    question: str
    history: list[dict]
    bureau: str | None
    id: object
    cost: int  # characters the answer stage will read; small requests go first (see web.gate)


@dataclass
class Served:
    answerer: object
    digest: str
    loaded_at: float


@dataclass
class Drafted:
    """A template answer and the answerer (and so the index) it came from."""

    result: object  # AskResult; `result.pending` is set when the writer still has to reword it
    served: Served

    @property
    def needs_writer(self) -> bool:
        return getattr(self.result, "pending", None) is not None


def clean_id(qid):
    """Ids are echoed back: a string id is cleaned like the question; anything else is kept."""
    from assistant.text import clean_input

    return clean_input(qid) if isinstance(qid, str) else qid


class SharedAnswerer:
    def __init__(self, loader: Callable[[], object] | None = None, answerer=None):
        if loader is None and answerer is None:
            raise ValueError("SharedAnswerer needs a loader or an answerer")
        self._loader = loader
        self._served = self._serve(answerer) if answerer is not None else None
        self._load_lock = threading.Lock()
        self._ask_lock = threading.Lock()
        self.reload_error: str | None = None  # why the last reload failed (the old index is still served)

    @staticmethod
    def _serve(answerer) -> Served:
        return Served(answerer, params_digest(answerer.res.index.params), time.time())

    @property
    def loaded(self) -> bool:
        return self._served is not None

    def served(self) -> Served:
        if self._served is None:
            with self._load_lock:
                if self._served is None:
                    self._served = self._serve(self._loader())
        return self._served

    def answerer(self):
        return self.served().answerer

    @property
    def digest(self) -> str | None:
        return self._served.digest if self._served is not None else None

    def warm_up(self) -> None:
        """Load the answerer and the embedder's weights so the first question is fast."""
        self.answerer().res.embedder.warm_up()

    def reload(self) -> bool:
        """Load the index on disk and serve it from the next request on. True when the served
        index changed; on failure the old one stays served and `reload_error` says why."""
        if self._loader is None:
            raise RuntimeError("this server was started without a loader; it cannot reload")
        with self._load_lock:  # one reload at a time; requests are not blocked by it
            for attempt in (1, 2):  # a build swapping the folder mid-read fails a checksum once
                try:
                    fresh = self._serve(self._loader())
                    fresh.answerer.res.embedder.warm_up()
                    break
                except Exception as exc:  # noqa: BLE001 — any failure keeps the old index in service
                    self.reload_error = str(exc)
                    if attempt == 2:
                        return False
                    time.sleep(0.5)
            self.reload_error = None
            changed = self._served is None or fresh.digest != self._served.digest
            self._served = fresh
            return changed

    def prepare(self, question, history=None, bureau: str | None = None, qid=None) -> Prepared:
        """Clean and check a request without taking the lock; InputError / HistoryError if it
        cannot be asked."""
        from assistant.answer.chat import validate_history
        from assistant.answer.inputs import validate_question

        text = validate_question(question)
        turns = validate_history(history)
        if bureau is not None and not isinstance(bureau, str):
            from assistant.answer.inputs import InputError

            raise InputError("bureau must be a string", "not_text")
        self.answerer().resolve_bureau(bureau)
        cost = len(text) + sum(len(m["content"]) for m in turns if m["role"] == "user")
        return Prepared(text, turns, bureau, clean_id(qid), cost)

    def draft(self, req: Prepared) -> Drafted:
        """The part of answering that reads shared state, under the lock."""
        served = self.served()
        with self._ask_lock:
            result = served.answerer.draft(req.question, req.history, req.bureau, req.id)
        return Drafted(result, served)

    @staticmethod
    def finish(drafted: Drafted) -> tuple[object, str]:
        """(AskResult, digest of the index it came from): the writer's rewording, without the
        lock, by the answerer that wrote the draft."""
        return drafted.served.answerer.finish(drafted.result), drafted.served.digest

    def answer(self, req: Prepared) -> tuple[object, str]:
        """(AskResult, digest of the index it came from) for a prepared request."""
        return self.finish(self.draft(req))

    @property
    def writer_calls(self) -> int:
        """How many rewordings may run at once (the writer's `max_calls`; 1 for the template)."""
        return getattr(self.answerer().writer, "max_calls", 1)

    def ask(self, question, history=None, bureau: str | None = None, qid=None):
        """An AskResult; raises InputError / HistoryError for a question that cannot be asked."""
        return self.answer(self.prepare(question, history, bureau, qid))[0]

    def bureaus(self) -> list:
        """The manifest's bureaus (from the loaded answerer, else read from the manifest)."""
        if self._served is not None:
            return list(self._served.answerer.bureaus)
        from assistant import paths
        from assistant.corpus.manifest import load_manifest

        return load_manifest(paths.corpus_dir())

    def source_lines(self, source: str, start: int, end: int) -> list[tuple[int, str]]:
        """The cited lines of a list file as (line number, text); [] when the file is unknown."""
        src = self.answerer().ctx.sources.get(source)
        if src is None:
            return []
        return list(zip(range(start, end + 1), src.span(start, end), strict=False))
