"""A request's work on the Redis store awaits each reply on the event loop (decision P43): it
answers as the synchronous store does, and a world held by another process stops only the
requests that need it, never the loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest

from bench.servers import RedisServer
from mockserver.app import world_control
from mockserver.domain.model import SelectionRequest
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.store import StoreLimits
from mockserver.settings import Settings
from mockserver.stores.redis.store import RedisStore

T = TypeVar("T")


def _never_built() -> None:
    raise AssertionError("the service's store builds the world, not this one")


@pytest.fixture
def service(redis_server: RedisServer, namespace: str) -> PhoneNumberService:
    return world_control(Settings(store=redis_server.url, store_namespace=namespace)).service


def _store(service: PhoneNumberService) -> RedisStore:
    assert isinstance(service.store, RedisStore)
    return service.store


async def _on_the_loop(store: RedisStore, work: Callable[[], T]) -> T:
    return await store.run_unblocking(work)


def test_a_read_on_the_loop_answers_as_the_synchronous_store_does(
    service: PhoneNumberService,
) -> None:
    store = _store(service)
    expected = store.numbers()

    def read() -> tuple[int, object]:
        return threading.get_ident(), store.numbers()

    sent = store.round_trips.sent
    assert asyncio.run(_on_the_loop(store, read)) == (threading.get_ident(), expected)
    assert store.round_trips.sent > sent  # asked Redis on the loop, counted as the sync client


def test_a_world_held_elsewhere_stops_the_write_and_not_the_loop(
    service: PhoneNumberService, redis_server: RedisServer, namespace: str
) -> None:
    store = _store(service)
    other = RedisStore(redis_server.url, namespace, StoreLimits(), _never_built)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with other.atomic():  # another process resetting the world, say
            held.set()
            release.wait(10)

    async def scenario() -> tuple[bool, int, str | None]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        request = SelectionRequest(conversation_id="while-held")
        selecting = asyncio.create_task(_on_the_loop(store, lambda: service.select(request)))
        await asyncio.sleep(0.3)
        done_while_held, ticks_while_held = selecting.done(), ticks
        release.set()
        selection = await asyncio.wait_for(selecting, 10)
        ticker.cancel()
        return (
            done_while_held,
            ticks_while_held,
            selection.chosen.number.id if selection.chosen else None,
        )

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        done_while_held, ticks_while_held, chosen = asyncio.run(scenario())
    finally:
        release.set()
        holder.join(10)
    assert not done_while_held  # it waited for the world
    assert ticks_while_held >= 10  # and the loop went on meanwhile
    assert chosen in {number.id for number in store.numbers()}


def test_the_worlds_lock_is_not_taken_on_the_loop(service: PhoneNumberService) -> None:
    store = _store(service)

    def lock_on_the_loop() -> None:
        with store.atomic():
            pass

    with pytest.raises(RuntimeError, match="in a thread"):
        asyncio.run(_on_the_loop(store, lock_on_the_loop))
