"""What grows with traffic is bounded in bytes as well as in count, in both stores: conversations
with free-text ids, and the history kept for an exact export (which then still loads)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.servers import RedisServer
from mockserver.app import world_control
from mockserver.domain.history import HistoryBudget, Selected, WriteCost
from mockserver.domain.model import Conversation, SelectionRequest
from mockserver.domain.store import Store, StoreLimits
from mockserver.domain.world import World, WorldOrigin
from mockserver.settings import Settings
from mockserver.stores.memory import MemoryStore
from mockserver.stores.redis.store import RedisStore
from mockserver.worlds.scenario_files import dump_scenario

LIMITS = StoreLimits(
    max_conversations=1_000,
    max_conversation_bytes=1_000_000,
    history=HistoryBudget(writes=50, bytes=20_000, number_days=100),
)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore(LIMITS)
        return
    redis_server: RedisServer = request.getfixturevalue("redis_server")
    namespace: str = request.getfixturevalue("namespace")
    shared = RedisStore(redis_server.url, namespace, LIMITS, populate=lambda: None)
    shared.load(World(), WorldOrigin(7, "empty"))
    yield shared


def test_conversations_with_huge_ids_are_bounded_in_bytes(store: Store) -> None:
    for n in range(40):
        talk_id = f"{n:03d}" + "x" * 100_000
        store.put_conversation(Conversation(talk_id, SelectionRequest(conversation_id=talk_id)))
    kept = [n for n in range(40) if store.conversation(f"{n:03d}" + "x" * 100_000)]
    # Each takes about 200 KB (the id twice): at most five fit in 1,000,000 bytes.
    assert 1 <= len(kept) <= 5
    assert kept == list(range(40 - len(kept), 40)), "the least recently used went first"


def test_the_history_stops_being_exact_past_its_byte_budget(store: Store) -> None:
    small = Selected(SelectionRequest(conversation_id="c"))
    for _ in range(10):
        store.record(small, WriteCost(100))
    assert len(store.history().writes) == 10
    assert store.history().complete
    store.record(Selected(SelectionRequest(conversation_id="big")), WriteCost(19_500))
    assert not store.history().complete
    store.record(small, WriteCost(100))
    assert store.history().writes == (), "incomplete for good, and nothing half kept"


def test_the_history_counts_number_days(store: Store) -> None:
    store.record(small := Selected(SelectionRequest(conversation_id="c")), WriteCost(100, 60))
    store.record(small, WriteCost(100, 40))
    assert store.history().complete
    store.record(small, WriteCost(100, 1))
    assert not store.history().complete


def test_an_export_near_the_write_budget_loads_again_and_answers_the_same() -> None:
    """9,900 writes with long ids: well over 1 MiB of YAML, within what a load accepts."""
    control = world_control(Settings())
    for n in range(9_900):
        control.service.select(
            SelectionRequest(conversation_id=f"conversation-{n:05d}-" + "z" * 80)
        )
    text = dump_scenario(control.export())
    assert 1_048_576 < len(text.encode()) < 16 * 1024 * 1024
    expected = control.service.select(
        SelectionRequest(conversation_id="conversation-09899-" + "z" * 80)
    )
    fresh = world_control(Settings(seed=3, scenario="empty"))
    fresh.load(text, "the export")
    assert len(fresh.export()["history"]) == 9_900
    again = fresh.service.select(SelectionRequest(conversation_id="conversation-09899-" + "z" * 80))
    assert again == expected


def test_recent_conversations_come_newest_first_within_the_bound(store: Store) -> None:
    for name in ("a", "b", "c"):
        store.put_conversation(Conversation(name))
    store.put_conversation(Conversation("a", override_number_id="pn_0001"))  # stored again
    assert [c.id for c in store.recent_conversations(10)] == ["a", "c", "b"]
    assert [c.id for c in store.recent_conversations(2)] == ["a", "c"]
    assert store.recent_conversations(1)[0].override_number_id == "pn_0001"
    assert store.recent_conversations(0) == []
