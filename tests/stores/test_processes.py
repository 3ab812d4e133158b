"""One world across real mock processes: two on their own ports, and uvicorn's workers on one."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from bench.servers import RedisServer
from tests.http.test_concurrency import CREATES, RACERS, storm
from tests.http.test_selection_operations import assert_consistent
from tests.stores.servers import mock_process

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"


def test_a_number_and_a_conversation_are_the_same_whichever_process_answers(
    redis_server: RedisServer, namespace: str
) -> None:
    shared = ("--store", redis_server.url, "--store-namespace", namespace)
    with mock_process(*shared) as a, mock_process(*shared) as b:
        created = httpx.post(f"{a}/phone-numbers", json={"name": "Via A", "number": "+13035550170"})
        assert created.status_code == 201
        assert httpx.get(f"{b}/phone-numbers/%2B13035550170/status").status_code == 200
        again = httpx.post(f"{b}/phone-numbers", json={"name": "Via B", "number": "+13035550170"})
        assert again.status_code == 409

        context = {"conversationId": "shared-1", "teamId": "team_0001"}
        picked = httpx.post(f"{a}{SELECT}", json=context).json()
        sticky = httpx.post(f"{b}{SELECT}", json=context).json()
        assert (sticky["phoneNumberId"], sticky["selectionReason"]) == (
            picked["phoneNumberId"],
            "StickyConversation",
        )
        other = next(
            n["phoneNumberId"]
            for n in picked["eligibleNumbers"]
            if n["canSend"] and n["phoneNumberId"] != picked["phoneNumberId"]
        )
        override = {"fromPhoneNumberId": other, "selection": context}
        assert httpx.post(f"{b}{OVERRIDE}", json=override).status_code == 200
        pinned = httpx.post(f"{a}{SELECT}", json=context).json()
        assert (pinned["phoneNumberId"], pinned["selectionReason"]) == (other, "ManualOverride")
        cleared = httpx.delete(f"{a}/phone-numbers/outgoing/conversation/shared-1/override")
        assert cleared.json()["phoneNumberId"] == picked["phoneNumberId"]
        assert (
            httpx.post(f"{b}{SELECT}", json=context).json()["phoneNumberId"]
            == (picked["phoneNumberId"])
        )

        assert httpx.post(f"{a}/__admin/reset", json={"seed": 9}).status_code == 200
        state = httpx.get(f"{b}/__admin/").json()
        assert (state["seed"], state["numbers"]) == (9, 13)
        assert httpx.get(f"{b}/phone-numbers/%2B13035550170/status").status_code == 404


def test_many_clients_on_one_conversation_leave_one_sticky_number_and_one_override(
    redis_server: RedisServer, namespace: str
) -> None:
    shared = ("--store", redis_server.url, "--store-namespace", namespace)
    context = {"conversationId": "crowded", "teamId": "team_0001"}
    with mock_process(*shared) as a, mock_process(*shared) as b:
        eligible = httpx.post(f"{a}{SELECT}", json={"teamId": "team_0001"}).json()
        senders = [n["phoneNumberId"] for n in eligible["eligibleNumbers"] if n["canSend"]][:2]

        def send(index: int) -> dict[str, Any]:
            base = (a, b)[index % 2]
            if index % 5 == 4:
                body = {"fromPhoneNumberId": senders[index % 2], "selection": context}
                answer = httpx.post(f"{base}{OVERRIDE}", json=body, timeout=30)
            else:
                answer = httpx.post(f"{base}{SELECT}", json=context, timeout=30)
            found: dict[str, Any] = answer.json()
            return found

        # The conversation's first selection before the storm: an override landing first would
        # leave no automatic pick to compare.
        answers = [send(0)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers += pool.map(send, range(1, 80))
        for answer in answers:
            assert_consistent(answer)
        automatic = {
            a["phoneNumberId"] for a in answers if a["selectionReason"] != "ManualOverride"
        }
        assert len(automatic) == 1, f"two sticky numbers for one conversation: {automatic}"
        # An override racing selections from the other process is never lost: a selection that
        # read the conversation before the override must not write the old one back after it.
        with ThreadPoolExecutor(max_workers=4) as pool:
            for round_ in range(30):
                pinned = senders[round_ % 2]
                body = {"fromPhoneNumberId": pinned, "selection": context}
                racing = [pool.submit(httpx.post, f"{b}{SELECT}", json=context) for _ in range(3)]
                assert httpx.post(f"{a}{OVERRIDE}", json=body).status_code == 200
                for future in racing:
                    future.result()
                after = httpx.post(f"{b}{SELECT}", json=context).json()
                assert (after["phoneNumberId"], after["selectionReason"]) == (
                    pinned,
                    "ManualOverride",
                ), f"round {round_}: the override was lost"
        final = [httpx.post(f"{base}{SELECT}", json=context).json() for base in (a, b, a, b)]
        assert {(f["phoneNumberId"], f["selectionReason"]) for f in final} == {
            (final[0]["phoneNumberId"], "ManualOverride")
        }
        assert final[0]["phoneNumberId"] in senders
        cleared = httpx.delete(f"{b}/phone-numbers/outgoing/conversation/crowded/override")
        assert cleared.json()["phoneNumberId"] == automatic.pop()


def test_duplicate_creates_racing_across_processes_have_exactly_one_winner(
    redis_server: RedisServer, namespace: str
) -> None:
    shared = ("--store", redis_server.url, "--store-namespace", namespace)
    body = {"name": "Raced", "number": "+13035550180"}
    with (
        mock_process(*shared) as a,
        mock_process(*shared) as b,
        ThreadPoolExecutor(max_workers=20) as pool,
    ):
        statuses = list(
            pool.map(
                lambda i: httpx.post(f"{(a, b)[i % 2]}/phone-numbers", json=body).status_code,
                range(20),
            )
        )
    assert sorted(statuses) == [201] + [409] * 19


def test_two_uvicorn_workers_serve_one_world_under_a_storm(
    redis_server: RedisServer, namespace: str
) -> None:
    args = ("--store", redis_server.url, "--store-namespace", namespace, "--workers", "2")
    with mock_process(*args) as base:
        processes = set()
        for _ in range(200):  # each a new connection: the kernel hands it to either worker
            processes.add(httpx.get(f"{base}/__health").json()["process"])
            if len(processes) == 2:
                break
        assert len(processes) == 2, "both workers answer"
        outcome = asyncio.run(storm(base))
    assert outcome["created"] == [201] * CREATES
    assert sorted(outcome["racers"]) == [201] + [409] * (RACERS - 1), "exactly one duplicate wins"
    assert outcome["found"] == [200] * CREATES, "no write was lost"
    assert outcome["numbers"] == 13 + CREATES + 1


async def reset_race(base: str, seconds: float) -> list[tuple[str, int, float]]:
    """Resets, first-time side worlds and selections all at once, for `seconds`: each request's
    (kind, status, seconds taken)."""
    outcomes: list[tuple[str, int, float]] = []
    scenarios = ["empty", "all-warming", "all-blocked", "tendlc-pending", "lead-assigned"]
    deadline = asyncio.get_running_loop().time() + seconds

    async def keep(kind: str, client: httpx.AsyncClient, request: Any) -> None:
        n = 0
        while asyncio.get_running_loop().time() < deadline:
            n += 1
            started = asyncio.get_running_loop().time()
            answer = await request(client, n)
            outcomes.append((kind, answer.status_code, asyncio.get_running_loop().time() - started))

    async def reset(client: httpx.AsyncClient, n: int) -> httpx.Response:
        return await client.post("/__admin/reset", json={"seed": n % 3})

    async def side(client: httpx.AsyncClient, n: int) -> httpx.Response:
        prefer = {"Prefer": f"scenario={scenarios[n % len(scenarios)]}"}
        return await client.post(SELECT, json={"conversationId": f"s{n}"}, headers=prefer)

    async def select(client: httpx.AsyncClient, n: int) -> httpx.Response:
        return await client.post(SELECT, json={"conversationId": f"c{n % 7}"})

    limits = httpx.Limits(max_keepalive_connections=0)  # a new connection each: both workers
    async with httpx.AsyncClient(base_url=base, timeout=20, limits=limits) as client:
        await asyncio.gather(
            *(keep("reset", client, reset) for _ in range(2)),
            *(keep("side", client, side) for _ in range(3)),
            *(keep("select", client, select) for _ in range(3)),
        )
    return outcomes


def test_resets_side_worlds_and_selections_together_never_wait_long(
    redis_server: RedisServer, namespace: str
) -> None:
    """Two workers on one Redis world, racing resets against first-time side worlds and
    selections: the lock-order deadlock of the first review would hang a worker for good."""
    args = ("--store", redis_server.url, "--store-namespace", namespace, "--workers", "2")
    with mock_process(*args) as base:
        outcomes = asyncio.run(reset_race(base, seconds=8))
        health = [httpx.get(f"{base}/__health", timeout=5).status_code for _ in range(6)]
    kinds = {kind for kind, _, _ in outcomes}
    assert kinds == {"reset", "side", "select"}
    assert all(status in (200, 503) for _, status, _ in outcomes), {s for _, s, _ in outcomes}
    assert sum(status == 200 for _, status, _ in outcomes) > 0.9 * len(outcomes)
    slowest = max(seconds for _, _, seconds in outcomes)
    # A deadlock holds a request forever (the client gives up at 20 s); a loaded machine running
    # the suite on both cores can make an honest one wait a few seconds.
    assert slowest < 15, f"a request waited {slowest:.1f} s"
    assert health == [200] * 6
