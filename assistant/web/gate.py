"""Who answers next: one API request at a time, small requests first, large ones on a budget.

Answering is serialised (see shared_answerer). Waiting for that in a worker thread would let a
burst of requests occupy every thread of the server's pool, so `/api/health` and the page would
wait behind them; here a waiting request is only a parked coroutine.

- Among waiting requests the small ones go first (first come first served within a class).
- Large requests (longer than any real question) may take at most `large_share` of the
  answerer's time while they keep coming: each one's time is charged to a budget that refills at
  `large_share` seconds per second and holds at most `large_burst` seconds. When the budget is
  spent, the next large request waits until it is refilled, and the answerer stays free for small
  ones meanwhile. Without this, a normal question arriving during a flood of large ones always
  found one being answered and waited for the rest of it: being first in line does not help when
  the turn cannot be taken away mid-answer. A large request alone is never delayed (the budget
  holds several of them).
- The queue is bounded: beyond `max_waiting` waiting requests a request gets 429 (Busy).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

# A request whose question plus earlier questions is at most this many characters counts as small:
# most real questions are under 50 characters; at most 120 of one are analysed (inputs.MAX_QUESTION_CHARS).
SMALL_COST = 60
# Large requests may take at most a fifth of the answerer's time while they keep arriving (so a
# normal question arriving at a random moment finds the answerer busy with one at most a fifth of
# the time), and may run back to back for up to 0.2 s of answering (several of the slowest ones).
LARGE_SHARE = 1 / 5
LARGE_BURST_S = 0.2
MAX_WAITING = 64


class Busy(Exception):
    """Too many requests are waiting; the client should retry shortly."""


class AnswerGate:
    def __init__(self, max_waiting: int = MAX_WAITING, large_share: float = LARGE_SHARE,
                 large_burst: float = LARGE_BURST_S, clock: Callable[[], float] = time.monotonic):
        if not 0 < large_share <= 1:
            raise ValueError("large_share must be above 0 and at most 1")
        self.max_waiting = max_waiting
        self.large_share = large_share
        self.large_burst = large_burst
        self._clock = clock
        self._busy = False
        self._holder_large = False
        self._granted_at = 0.0
        self._small: deque[asyncio.Future] = deque()
        self._large: deque[asyncio.Future] = deque()
        self._budget = large_burst  # seconds of answering large requests may take from now on
        self._refilled_at = clock()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return len(self._small) + len(self._large)

    @staticmethod
    def is_large(cost: int) -> bool:
        return cost > SMALL_COST

    async def acquire(self, cost: int) -> None:
        large = self.is_large(cost)
        if not self._busy and not self._small and not (large and (self._large or self._budget_left() <= 0)):
            self._grant(large)
            return
        if self.waiting >= self.max_waiting:
            raise Busy(f"{self.waiting} requests are waiting to be answered; retry in a moment")
        fut = asyncio.get_running_loop().create_future()
        (self._large if large else self._small).append(fut)
        self._dispatch()  # a large request behind a spent budget needs the refill timer
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # we were handed the turn as we were cancelled: pass it on
            else:
                queue = self._large if large else self._small
                if fut in queue:
                    queue.remove(fut)
            raise

    def release(self) -> None:
        if self._holder_large:
            self._budget_left()
            self._budget -= self._clock() - self._granted_at
        self._busy = False
        self._dispatch()

    def _budget_left(self) -> float:
        now = self._clock()
        self._budget = min(self.large_burst, self._budget + (now - self._refilled_at) * self.large_share)
        self._refilled_at = now
        return self._budget

    def _grant(self, large: bool) -> None:
        self._busy, self._holder_large, self._granted_at = True, large, self._clock()

    def _dispatch(self) -> None:
        """Hand the free turn to the first small request, else to the first large one when the
        budget allows, else wake up when it will."""
        if self._busy:
            return
        for queue, large in ((self._small, False), (self._large, True)):
            while queue and queue[0].done():  # cancelled while waiting
                queue.popleft()
            if not queue:
                continue
            if large and self._budget_left() <= 0:
                self._wake_after(-self._budget / self.large_share)
                return
            self._grant(large)
            queue.popleft().set_result(None)
            return

    def _wake_after(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(max(seconds, 0.0) + 1e-4, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self._dispatch()
