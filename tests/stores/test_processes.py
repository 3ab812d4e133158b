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

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(send, range(80)))
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
