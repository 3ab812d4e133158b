"""Named worlds for parallel end-to-end tests: `X-Mock-World: alice` (or `Prefer: world=alice`)
gets a world of its own, built from the start-up scenario and seed on first use, with its own
admin API and request log; bounded, dropped one by one; on the Redis store too, shared by the
processes that serve it."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bench.servers import RedisServer
from contract_tests.target import local_mock
from mockserver.app import create_app
from mockserver.settings import Settings
from mockserver.worlds.named_worlds import NamedWorlds
from tests.local_client import LocalClient

CREATE = "/phone-numbers"
NEW = {"name": "Alice's line", "number": "+15125550123"}
STATUS = "/phone-numbers/%2B15125550123/status"
SELECT = "/phone-numbers/outgoing/new"
ALICE = {"X-Mock-World": "alice"}
BOB = {"X-Mock-World": "bob"}


@pytest.fixture(params=["memory", "redis"])
def settings(request: pytest.FixtureRequest) -> Settings:
    if request.param == "memory":
        return Settings()
    redis_server: RedisServer = request.getfixturevalue("redis_server")
    namespace: str = request.getfixturevalue("namespace")
    return Settings(store=redis_server.url, store_namespace=namespace)


@pytest.fixture
def mock(settings: Settings) -> Iterator[httpx.Client]:
    with local_mock(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def test_a_write_in_one_world_is_seen_there_only(mock: httpx.Client) -> None:
    assert mock.post(CREATE, json=NEW, headers=ALICE).status_code == 201
    assert mock.get(STATUS, headers=ALICE).status_code == 200
    assert mock.get(STATUS, headers=BOB).status_code == 404
    assert mock.get(STATUS).status_code == 404, "the main world is untouched"
    assert mock.get(STATUS, headers={"Prefer": "world=alice"}).status_code == 200


def test_a_named_world_starts_as_the_start_up_world(mock: httpx.Client) -> None:
    assert mock.post(SELECT, json={}, headers=BOB).content == mock.post(SELECT, json={}).content


def test_each_world_resets_and_logs_on_its_own(mock: httpx.Client) -> None:
    mock.post(CREATE, json=NEW, headers=ALICE)
    mock.post(CREATE, json=NEW, headers=BOB)
    assert mock.post("/__admin/reset", headers=ALICE).json()["world"] == "alice"
    assert mock.get(STATUS, headers=ALICE).status_code == 404, "alice is back at the start"
    assert mock.get(STATUS, headers=BOB).status_code == 200, "bob is not"
    logged = mock.get("/__admin/requests", headers=BOB).json()["entries"]
    assert [(e["method"], e["world"]) for e in logged] == [("POST", "bob"), ("GET", "bob")]
    assert mock.get("/__admin/requests").json()["entries"] == []


def test_worlds_are_listed_and_dropped_one_by_one(mock: httpx.Client) -> None:
    mock.post(CREATE, json=NEW, headers=ALICE)
    mock.post(SELECT, json={}, headers=BOB)
    listed = mock.get("/__admin/worlds").json()
    assert [w["name"] for w in listed["worlds"]] == ["alice", "bob"]
    assert listed["limit"] == 16
    after = mock.delete("/__admin/worlds", params={"name": "alice"}).json()
    assert [w["name"] for w in after["worlds"]] == ["bob"]
    assert mock.get(STATUS, headers=ALICE).status_code == 404, "used again, it starts afresh"
    missing = mock.delete("/__admin/worlds", params={"name": "carol"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


class Built:
    """A stand-in for a world's control: what NamedWorlds keeps and resets (building 17 real
    worlds, each with its own Connexion app, takes a quarter of a minute)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1


def test_past_the_limit_the_least_recently_used_world_is_dropped() -> None:
    worlds = NamedWorlds(Built, limit=16)  # type: ignore[arg-type]
    for n in range(16):
        worlds.get(f"w{n}")
    worlds.get("w0")  # used again: now the most recent
    worlds.get("w16")
    assert len(worlds.names()) == 16
    assert "w1" not in worlds.names(), "the least recently used"
    assert "w0" in worlds.names()
    assert worlds.drop("w0")
    assert not worlds.drop("w0")


@pytest.mark.parametrize(
    ("headers", "field"),
    [({"X-Mock-World": "bad name"}, "X-Mock-World"), ({"X-Mock-World": "a:b"}, "X-Mock-World"),
     ({"Prefer": "world=../etc"}, "Prefer"),
     ({"X-Mock-World": "a", "Prefer": "world=b"}, "X-Mock-World")],
)  # fmt: skip
def test_a_world_name_that_cannot_be_one_is_a_problem_about_the_header(
    headers: dict[str, str], field: str
) -> None:
    client = LocalClient(create_app(Settings()))
    answer = client.post(SELECT, json={}, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == field
    assert client.get("/__admin/worlds").json()["worlds"] == []


def test_replicas_on_one_redis_share_a_named_world(
    redis_server: RedisServer, namespace: str
) -> None:
    settings = Settings(store=redis_server.url, store_namespace=namespace)
    with local_mock(settings) as one, local_mock(settings) as two:
        assert httpx.post(one + CREATE, json=NEW, headers=ALICE).status_code == 201
        assert httpx.get(two + STATUS, headers=ALICE).status_code == 200
        assert httpx.get(two + STATUS).status_code == 404


def test_a_world_keeps_its_own_log_which_a_reset_clears() -> None:
    client = LocalClient(create_app(Settings(journal_size=3)))
    client.post(SELECT, json={}, headers=ALICE)
    for _ in range(5):
        client.post(SELECT, json={}, headers=BOB)
    assert len(client.get("/__admin/requests", headers=ALICE).json()["entries"]) == 1
    client.post("/__admin/reset", headers=ALICE)
    assert client.get("/__admin/requests", headers=ALICE).json()["entries"] == []
    assert len(client.get("/__admin/requests", headers=BOB).json()["entries"]) == 3


def test_error_draws_of_one_world_do_not_move_with_anothers_traffic() -> None:
    def alice_statuses(interleave: bool) -> list[int]:
        client = LocalClient(create_app(Settings(error_rate=0.5)))
        statuses = []
        for _ in range(12):
            if interleave:
                client.post(SELECT, json={}, headers=BOB)
            statuses.append(client.post(SELECT, json={}, headers=ALICE).status_code)
        return statuses

    assert alice_statuses(interleave=False) == alice_statuses(interleave=True)


def test_with_an_admin_token_a_named_world_needs_it() -> None:
    client = LocalClient(create_app(Settings(admin_token="s3cret")))
    assert client.post(SELECT, json={}, headers=ALICE).status_code == 401
    with_token = {**ALICE, "Authorization": "Bearer s3cret"}
    assert client.post(SELECT, json={}, headers=with_token).status_code == 200
    assert client.post(SELECT, json={}).status_code == 200, "the main world stays open"


def test_concurrent_first_uses_of_many_worlds_build_each_once() -> None:
    """Hostile concurrency: 40 requests at once over a socket, first uses of four worlds."""
    with local_mock(Settings()) as url:

        def create(n: int) -> int:
            world = {"X-Mock-World": f"race{n % 4}"}
            body = {"name": "x", "number": f"+1512555{n:04d}"}
            return httpx.post(url + CREATE, json=body, headers=world, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(create, range(40)))
        listed = httpx.get(url + "/__admin/worlds").json()["worlds"]
    assert statuses == [201] * 40
    assert sorted(w["name"] for w in listed) == ["race0", "race1", "race2", "race3"]
    assert {w["numbers"] for w in listed} == {13 + 10}, "every write kept, in its own world"
