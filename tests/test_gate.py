"""The answer gate's order of service, on a hand-driven clock: small requests before large ones,
large ones on a budget of the answerer's time (a normal question finds the answerer free during
a flood of large ones), a bounded queue, and a cancelled waiter never keeping the turn."""

from __future__ import annotations

import asyncio

import pytest

from assistant.web.gate import SMALL_COST, AnswerGate, Busy

SMALL, LARGE = SMALL_COST, SMALL_COST + 1


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 10))


def test_small_requests_go_before_large_ones_first_come_first_served_within_a_class():
    async def main():
        gate, order = AnswerGate(), []
        await gate.acquire(SMALL)

        async def one(name, cost):
            await gate.acquire(cost)
            order.append(name)
            gate.release()

        tasks = [asyncio.create_task(one(n, c)) for n, c in (("L1", LARGE), ("S1", SMALL), ("L2", LARGE), ("S2", 3))]
        await settle()
        assert order == [] and gate.waiting == 4
        gate.release()
        await asyncio.gather(*tasks)
        return order

    assert run(main()) == ["S1", "S2", "L1", "L2"]


def test_a_large_request_alone_is_not_delayed():
    async def main():
        gate = AnswerGate(clock=Clock())
        for _ in range(3):  # within the budget: one after another, no waiting
            await asyncio.wait_for(gate.acquire(LARGE), 0.5)
            gate.release()

    run(main())


def test_spent_budget_keeps_the_answerer_free_for_small_requests_until_it_refills():
    async def main():
        clock = Clock()
        gate = AnswerGate(large_share=0.5, large_burst=0.1, clock=clock)
        await gate.acquire(LARGE)
        clock.now += 0.15  # a large answer longer than the whole budget: 0.05 s in debt
        gate.release()
        waiting_large = asyncio.create_task(gate.acquire(LARGE))
        await settle()
        assert not waiting_large.done() and gate.waiting == 1  # the answerer is idle, yet the large one waits
        await asyncio.wait_for(gate.acquire(SMALL), 0.5)  # a small request is served at once
        clock.now += 0.01
        gate.release()
        await settle()
        assert not waiting_large.done()
        clock.now += 0.1  # refilled at 0.5 s per second: 0.05 s of debt is gone
        await waiting_large  # the refill timer hands it the turn
        gate.release()

    run(main())


def test_beyond_max_waiting_a_request_is_refused_at_once():
    async def main():
        gate = AnswerGate(max_waiting=2)
        await gate.acquire(SMALL)
        waiters = [asyncio.create_task(gate.acquire(SMALL)) for _ in range(2)]
        await settle()
        with pytest.raises(Busy, match="2 requests are waiting"):
            await gate.acquire(SMALL)
        for _ in waiters:
            gate.release()
            await settle()
        await asyncio.gather(*waiters)
        gate.release()
        await asyncio.wait_for(gate.acquire(LARGE), 0.5)  # the gate is free again

    run(main())


def test_a_cancelled_waiter_does_not_keep_the_turn():
    async def main():
        gate = AnswerGate()
        await gate.acquire(SMALL)
        gone = asyncio.create_task(gate.acquire(SMALL))
        after = asyncio.create_task(gate.acquire(LARGE))
        await settle()
        gone.cancel()
        await settle()
        assert gate.waiting == 1
        gate.release()
        await asyncio.wait_for(after, 0.5)
        gate.release()
        await asyncio.wait_for(gate.acquire(SMALL), 0.5)

    run(main())
