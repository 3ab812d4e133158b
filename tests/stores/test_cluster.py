"""The shared store on a three-node Redis Cluster: a world's keys share one hash tag, so every
script and transaction stays in one slot, and the store answers as on one Redis."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from redis.cluster import RedisCluster

from mockserver.app import world_control
from mockserver.domain.model import CreateRequest, SelectionRequest
from mockserver.settings import Settings
from tests.stores.cluster import redis_cluster
from tests.stores.test_backends_agree import recorded_sequence, replay


@pytest.fixture(scope="module")
def cluster_url() -> Iterator[str]:
    with redis_cluster() as url:
        yield url


def test_the_cluster_answers_a_recorded_sequence_as_memory_does(cluster_url: str) -> None:
    seeded = world_control(Settings()).service.store.numbers()[0].number
    requests = recorded_sequence(seeded)
    in_memory = replay(Settings(), requests)
    on_cluster = replay(Settings(store=cluster_url, store_namespace="recorded"), requests)
    for request, memory_answer, cluster_answer in zip(requests, in_memory, on_cluster, strict=True):
        assert cluster_answer == memory_answer, request


def test_worlds_on_the_cluster_keep_apart_and_reset_only_their_own(cluster_url: str) -> None:
    first = world_control(Settings(store=cluster_url, store_namespace="apart-a"))
    second = world_control(Settings(store=cluster_url, store_namespace="apart-b"))
    first.service.create(CreateRequest(name="Only in a", number="+13035550150"))
    assert second.service.store.number_by_e164("+13035550150") is None
    second.reset(seed=3)
    assert first.service.store.number_by_e164("+13035550150") is not None


def test_replicas_racing_on_one_conversation_leave_one_sticky_number(cluster_url: str) -> None:
    settings = Settings(store=cluster_url, store_namespace="racing")
    replicas = [world_control(settings).service for _ in range(2)]
    request = SelectionRequest(conversation_id="crowded", team_id="team_0001")

    def select(index: int) -> str | None:
        chosen = replicas[index % 2].select(request).chosen
        return chosen.number.id if chosen else None

    with ThreadPoolExecutor(max_workers=8) as pool:
        picked = set(pool.map(select, range(40)))
    assert len(picked) == 1, f"two sticky numbers for one conversation: {picked}"
    assert replicas[0].store.conversation("crowded") == replicas[1].store.conversation("crowded")


def test_the_worlds_are_spread_over_the_nodes_each_in_one(cluster_url: str) -> None:
    # Worlds of this test's own (the module's other tests may run in another process, with a
    # cluster of their own): fixed names, so which slots they hash to is fixed too.
    for name in ("spread-a", "spread-b", "spread-c", "spread-d", "spread-e", "spread-f"):
        world_control(Settings(store=cluster_url, store_namespace=name)).service.select(
            SelectionRequest(conversation_id="c", team_id="team_0001")
        )
    cluster = RedisCluster.from_url(cluster_url.replace("redis-cluster://", "redis://"))
    holding = {}
    for node in cluster.get_primaries():  # type: ignore[no-untyped-call]
        keys = node.redis_connection.keys("*") if node.redis_connection else []
        holding[node.name] = {key.partition(b"}")[0] for key in keys}
    worlds = [tags for tags in holding.values() if tags]
    assert len(worlds) >= 2, f"every world landed on one node: {holding}"
    every = [tag for tags in worlds for tag in tags]
    assert len(every) == len(set(every)), "a world's keys are on one node"
