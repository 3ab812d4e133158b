"""Plain, synchronous store code that waits on the network without blocking the event loop and
without a thread: the request's work runs in a greenlet, and each network wait it reaches is
handed up to the event loop to await (decision P43).

This is SQLAlchemy's asyncio bridge (`greenlet_spawn` / `await_only`) in a few lines: the domain
stays synchronous, and a store's one round trip costs an awaited reply instead of a hop to the
thread pool and back (about 100 µs less per request on this machine, docs/performance.md).
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import greenlet

T = TypeVar("T")


class _Step(greenlet.greenlet):  # type: ignore[misc]  # greenlet's class is untyped to mypy
    """A greenlet running one request's work on the event loop's thread."""


def in_cooperative_step() -> bool:
    """Whether the caller runs inside run_cooperatively: there, waits go through awaited()."""
    return isinstance(greenlet.getcurrent(), _Step)


def awaited(awaitable: Awaitable[T]) -> T:
    """Wait for `awaitable` from plain code: the event loop awaits it while other requests run,
    and its result (or its error) comes back here. Only inside run_cooperatively."""
    current = greenlet.getcurrent()
    if not isinstance(current, _Step):
        raise RuntimeError("awaited() is only for work started by run_cooperatively()")
    return cast(T, current.parent.switch(awaitable))


async def run_cooperatively(work: Callable[[], T]) -> T:
    """Run `work` on the event loop, awaiting each wait it hands up through awaited()."""
    step = _Step(work)
    # A new greenlet starts in an empty context: give it a copy of the request's, so what it
    # sets (its store step) stays its own and what the request set is seen.
    step.gr_context = contextvars.copy_context()
    handed: Any = step.switch()
    while not step.dead:
        try:
            reply = await cast(Awaitable[Any], handed)
        except BaseException as error:  # the work's own wait failed: its to handle
            handed = step.throw(error)
        else:
            handed = step.switch(reply)
    return cast(T, handed)
