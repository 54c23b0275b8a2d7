"""Serve a rebuilt index without a restart.

A daemon thread looks at the index folder every few seconds (a stat of its files; the hashing in
health runs only when something changed). When the index on disk is usable for the corpus on disk
and is not the one being served, it asks the SharedAnswerer to reload, which swaps the answerer
between requests. An index that fails to load is not retried until it changes again; the old one
stays in service and /api/health says why.
"""

from __future__ import annotations

import json
import logging
import threading

from assistant.web.health import index_health

log = logging.getLogger("assistant.web")


class IndexWatcher(threading.Thread):
    def __init__(self, engine, interval: float = 2.0):
        super().__init__(name="index-watcher", daemon=True)
        self.engine = engine
        self.interval = interval
        self._stop_event = threading.Event()
        self._failed: str | None = None  # digest of an index that failed to load

    def stop(self) -> None:
        self._stop_event.set()

    def check_once(self) -> bool:
        """Reload when needed; True when a new index is now being served."""
        report = index_health(self.engine)
        if report["status"] != "reload_needed" or report["index_digest"] == self._failed:
            return False
        before = self.engine.digest
        changed = self.engine.reload()
        event = {"event": "index_reload", "from": before, "to": self.engine.digest, "error": self.engine.reload_error}
        if self.engine.reload_error:
            self._failed = report["index_digest"]
            log.error(json.dumps(event, ensure_ascii=False))
        else:
            self._failed = None
            log.warning(json.dumps(event, ensure_ascii=False))
        return changed

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                self.check_once()
            except Exception:  # the watcher must outlive a bad moment on disk
                log.exception("index watcher: check failed")
