"""Who answers next: one API request at a time, small requests before large ones.

Answering is serialised (see shared_answerer). Waiting for that in a worker thread would let a
burst of requests occupy every thread of the server's pool, so `/api/health` and the page would
wait behind them; here a waiting request is only a parked coroutine. Among waiting requests the
cheaper class goes first (a normal question does not queue behind a burst of maximal ones), first
come first served within a class. The queue is bounded: beyond `max_waiting` a request gets 429.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

# A request whose question plus earlier questions is at most this many characters counts as small:
# every real question seen is under 50 characters, the limit is 80 (pipeline.MAX_QUESTION_CHARS).
SMALL_COST = 60


class Busy(Exception):
    """Too many requests are waiting; the client should retry shortly."""


class AnswerGate:
    def __init__(self, max_waiting: int = 64):
        self.max_waiting = max_waiting
        self._busy = False
        self._waiting: list[tuple[int, int, asyncio.Future]] = []
        self._order = itertools.count()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def acquire(self, cost: int) -> None:
        if not self._busy and not self._waiting:
            self._busy = True
            return
        if len(self._waiting) >= self.max_waiting:
            raise Busy(f"{len(self._waiting)} requests are waiting to be answered; retry in a moment")
        fut = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (0 if cost <= SMALL_COST else 1, next(self._order), fut))
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # we were handed the turn as we were cancelled: pass it on
            else:
                self._waiting = [w for w in self._waiting if w[2] is not fut]
                heapq.heapify(self._waiting)
            raise

    def release(self) -> None:
        while self._waiting:
            _, _, fut = heapq.heappop(self._waiting)
            if not fut.done():
                fut.set_result(None)  # the turn passes directly; _busy stays True
                return
        self._busy = False
