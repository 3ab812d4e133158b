"""The Redis store answers exactly as the in-memory one: same seed, same requests, same bytes."""

from __future__ import annotations

from typing import Any

import pytest

from bench.servers import RedisServer
from mockserver.app import create_app, world_control
from mockserver.domain.model import CreateRequest
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"
# method, path, JSON body and, optionally, a Prefer header
Request = tuple[str, str, dict[str, Any] | None] | tuple[str, str, dict[str, Any] | None, str]


def recorded_sequence(seeded_e164: str) -> list[Request]:
    """Every operation, their errors, and the admin steps that change a world."""
    seeded = f"/phone-numbers/%2B{seeded_e164[1:]}/status"
    return [
        ("POST", "/phone-numbers", {"name": "Denver desk", "number": "+13035550142"}),
        ("POST", "/phone-numbers", {"name": "Again", "number": "+13035550142"}),
        ("POST", "/phone-numbers", {"name": "Named", "number": "+13035550143", "id": "pn_x"}),
        ("GET", "/phone-numbers/%2B13035550142/status", None),
        ("GET", seeded + "?windowDays=7", None),
        ("POST", SELECT, {"conversationId": "c-1", "recipientPhoneNumber": "+15125550100"}),
        ("POST", SELECT, {"conversationId": "c-2", "teamId": "team_0001", "channel": "Voice"}),
        ("POST", SELECT, {"conversationId": "c-1"}),
        (
            "POST",
            OVERRIDE,
            {"fromPhoneNumberId": "pn_0003", "selection": {"conversationId": "c-1"}},
        ),
        ("POST", OVERRIDE, {"fromPhoneNumberId": "pn_x", "selection": {"conversationId": "c-2"}}),
        ("POST", SELECT, {"conversationId": "c-1"}),
        ("DELETE", "/phone-numbers/outgoing/conversation/c-1/override", None),
        ("DELETE", "/phone-numbers/outgoing/conversation/nobody/override", None),
        ("POST", "/__admin/clock/advance", {"days": 3}),
        ("GET", seeded, None),
        ("GET", "/phone-numbers/%2B13035550142/status", None),
        ("GET", "/__admin/export", None),
        ("POST", "/__admin/reset", {"seed": 42}),
        ("POST", SELECT, {"conversationId": "c-1", "recipientPhoneNumber": "+15125550100"}),
        ("GET", seeded, None),
        ("POST", "/__admin/reset", {"scenario": "lead-assigned"}),
        ("POST", SELECT, {"conversationId": "c-9", "leadId": "lead_0001"}),
        # Side worlds of the Prefer header live in the store too, apart from the main world.
        ("POST", SELECT, {"conversationId": "c-9"}, "scenario=all-warming"),
        ("POST", "/phone-numbers", {"name": "Side", "number": "+13035550144"}, "scenario=empty"),
        ("GET", "/phone-numbers/%2B13035550144/status", None, "scenario=empty"),
        ("GET", "/phone-numbers/%2B13035550144/status", None),
    ]


def replay(settings: Settings, requests: list[Request]) -> list[tuple[int, bytes]]:
    answers = []
    with LocalClient(create_app(settings)) as client:
        for method, path, body, *prefer in requests:
            headers = {"Prefer": prefer[0]} if prefer else {}
            answer = client.request(method, path, json=body, headers=headers)
            answers.append((answer.status_code, answer.content))
    return answers


def test_memory_and_redis_answer_a_recorded_sequence_identically(
    redis_server: RedisServer, namespace: str
) -> None:
    seeded = world_control(Settings()).service.store.numbers()[0].number
    requests = recorded_sequence(seeded)
    in_memory = replay(Settings(), requests)
    in_redis = replay(Settings(store=redis_server.url, store_namespace=namespace), requests)
    statuses = [status for status, _ in in_memory]
    assert {200, 201, 404, 409} <= set(statuses), "the sequence covers answers and errors"
    for request, memory_answer, redis_answer in zip(requests, in_memory, in_redis, strict=True):
        assert redis_answer == memory_answer, request


@pytest.mark.parametrize(("seed", "scenario"), [(7, "default"), (42, "local-area")])
def test_a_seeded_world_is_the_same_in_redis_as_in_memory(
    redis_server: RedisServer, namespace: str, seed: int, scenario: str
) -> None:
    memory = world_control(Settings(seed=seed, scenario=scenario))
    shared = world_control(
        Settings(seed=seed, scenario=scenario, store=redis_server.url, store_namespace=namespace)
    )
    assert shared.service.store.snapshot() == memory.service.store.snapshot()
    assert shared.service.store.now() == memory.service.store.now()


def test_worlds_in_one_redis_keep_apart_and_reset_only_their_own(
    redis_server: RedisServer, namespace: str
) -> None:
    first = world_control(Settings(store=redis_server.url, store_namespace=f"{namespace}-a"))
    second = world_control(Settings(store=redis_server.url, store_namespace=f"{namespace}-b"))
    first.service.create(CreateRequest(name="Only in a", number="+13035550150"))
    assert second.service.store.number_by_e164("+13035550150") is None
    second.service.create(CreateRequest(name="Only in b", number="+13035550151"))
    second.reset(seed=3)
    assert second.seed == 3
    assert first.seed == 7
    assert first.service.store.number_by_e164("+13035550150") is not None
    assert second.service.store.number_by_e164("+13035550151") is None


def test_a_second_process_joins_the_world_instead_of_rebuilding_it(
    redis_server: RedisServer, namespace: str
) -> None:
    settings = Settings(store=redis_server.url, store_namespace=namespace)
    first = world_control(settings)
    first.service.create(CreateRequest(name="Made first", number="+13035550160"))
    joined = world_control(settings)
    assert joined.service.store.number_by_e164("+13035550160") is not None
    assert joined.service.store.history() == first.service.store.history()


def test_lookups_of_unknown_ids_are_not_remembered(
    redis_server: RedisServer, namespace: str
) -> None:
    """Fuzzers send endless made-up ids: what a process keeps of the world must not grow."""
    store = world_control(Settings(store=redis_server.url, store_namespace=namespace)).service.store
    assert store.number("pn_0001") is not None
    kept = len(store._memo.numbers)  # type: ignore[attr-defined]
    for index in range(500):
        assert store.number(f"pn_made_up_{index}") is None
        assert store.number_by_e164(f"+1303555{index:04d}") is None
        assert store.lead(f"lead_made_up_{index}") is None
    assert len(store._memo.numbers) == kept  # type: ignore[attr-defined]
    assert store._memo.by_e164 == {}  # type: ignore[attr-defined]
