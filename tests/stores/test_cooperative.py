"""Plain code that awaits through the event loop (stores/cooperative.py, decision P43): works
on one loop interleave at their waits, errors come back where they belong, and each work keeps
its own context."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from mockserver.stores.cooperative import awaited, in_cooperative_step, run_cooperatively

_seen: contextvars.ContextVar[str] = contextvars.ContextVar("seen", default="unset")


def test_two_works_on_one_loop_interleave_at_their_waits() -> None:
    async def scenario() -> list[str]:
        ready, order = asyncio.Event(), []

        def waiting() -> str:
            order.append("waiting starts")
            awaited(ready.wait())  # blocks forever unless the loop runs the other work
            order.append("waiting ends")
            return "woken"

        def waking() -> str:
            awaited(asyncio.sleep(0.01))
            order.append("waking sets")
            ready.set()
            return "set"

        both = asyncio.gather(run_cooperatively(waiting), run_cooperatively(waking))
        assert list(await asyncio.wait_for(both, 5)) == ["woken", "set"]
        return order

    assert asyncio.run(scenario()) == ["waiting starts", "waking sets", "waiting ends"]


def test_the_work_runs_on_the_loops_thread_inside_a_step() -> None:
    def where() -> tuple[int, bool]:
        return threading.get_ident(), in_cooperative_step()

    async def scenario() -> tuple[int, bool]:
        return await run_cooperatively(where)

    assert asyncio.run(scenario()) == (threading.get_ident(), True)
    assert not in_cooperative_step()


def test_a_failed_wait_is_raised_where_the_work_awaited_it_and_may_be_caught() -> None:
    async def failing() -> None:
        raise LookupError("the reply never came")

    def work() -> str:
        try:
            awaited(failing())
        except LookupError as error:
            return f"caught: {error}"
        return "not raised"

    assert asyncio.run(run_cooperatively(work)) == "caught: the reply never came"


def test_the_works_own_error_reaches_the_caller() -> None:
    def work() -> None:
        awaited(asyncio.sleep(0))
        raise ValueError("the domain said no")

    with pytest.raises(ValueError, match="the domain said no"):
        asyncio.run(run_cooperatively(work))


def test_awaiting_outside_a_step_is_refused() -> None:
    pending = asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="run_cooperatively"):
        awaited(pending)
    pending.close()


def test_what_a_work_sets_in_its_context_stays_its_own() -> None:
    def setting(value: str) -> str:
        _seen.set(value)
        awaited(asyncio.sleep(0.01))  # the other work runs and sets its own meanwhile
        return _seen.get()

    async def scenario() -> list[str]:
        _seen.set("the caller's")
        inherited = await run_cooperatively(_seen.get)
        both = await asyncio.gather(
            run_cooperatively(lambda: setting("a")), run_cooperatively(lambda: setting("b"))
        )
        return [inherited, *both, _seen.get()]

    assert asyncio.run(scenario()) == ["the caller's", "a", "b", "the caller's"]
