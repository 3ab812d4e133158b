"""GET /__health, for load balancers and people: whether this process can serve its world.
Outside the contract and the admin token (it tells nothing secret). It answers within a few
seconds whatever the store does, and says 503 when the store is down, too slow, or its world
has been held by one write far longer than any write takes (a stuck or deadlocked worker)."""

from __future__ import annotations

import asyncio
import os

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from mockserver.domain.store import Store, StoreHealth
from mockserver.http.problems import RETRY_AFTER_SECONDS

# Longer than the longest bounded write (an advance of 20,000 number-days, about 5 s).
STUCK_AFTER_SECONDS = 30.0
ANSWER_WITHIN_SECONDS = 3.0


async def health(store: Store) -> Response:
    try:
        state = await asyncio.wait_for(
            run_in_threadpool(store.health), timeout=ANSWER_WITHIN_SECONDS
        )
    except TimeoutError:
        state = StoreHealth(
            "unknown", False, f"the store did not answer in {ANSWER_WITHIN_SECONDS:g} s"
        )
    stuck = state.held_for is not None and state.held_for > STUCK_AFTER_SECONDS
    up = state.up and not stuck
    detail = (
        f"one write has held the world for {state.held_for:.0f} s; this worker looks stuck"
        if stuck and state.held_for is not None
        else state.detail
    )
    body = {
        "status": "ok" if up else "unavailable",
        "store": {
            "backend": state.backend,
            "up": up,
            "detail": detail,
            "namespace": state.namespace,
        },
        "process": os.getpid(),
    }
    headers = {} if up else {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(body, 200 if up else 503, headers=headers)
