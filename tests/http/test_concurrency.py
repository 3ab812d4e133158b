"""Many clients at once against a real uvicorn server: no lost write, one winner per duplicate,
and every answer keeps the contract's rules."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.http.test_selection_operations import assert_consistent

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"
CREATES = 60
CONVERSATIONS = 40
RACERS = 20


async def conversation(http: httpx.AsyncClient, index: int) -> None:
    context = {"conversationId": f"conc-{index}", "teamId": "team_0001"}
    picked = (await http.post(SELECT, json=context)).json()
    assert_consistent(picked)
    other = next(
        n["phoneNumberId"]
        for n in picked["eligibleNumbers"]
        if n["canSend"] and not n["isSelected"]
    )
    overridden = (
        await http.post(OVERRIDE, json={"fromPhoneNumberId": other, "selection": context})
    ).json()
    assert_consistent(overridden)
    again = (await http.post(SELECT, json=context)).json()
    assert (again["phoneNumberId"], again["selectionReason"]) == (other, "ManualOverride")
    cleared = (
        await http.delete(f"/phone-numbers/outgoing/conversation/conc-{index}/override")
    ).json()
    assert_consistent(cleared)
    assert cleared["phoneNumberId"] == picked["phoneNumberId"]
    assert cleared["wasManuallyOverridden"] is False


async def create(http: httpx.AsyncClient, number: str) -> int:
    response = await http.post("/phone-numbers", json={"name": f"Line {number}", "number": number})
    return response.status_code


async def storm(base: str) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        numbers = [f"+1512555{1000 + i:04d}" for i in range(CREATES)]
        results = await asyncio.gather(
            *(create(http, n) for n in numbers),
            *(create(http, "+13035559999") for _ in range(RACERS)),
            *(conversation(http, i) for i in range(CONVERSATIONS)),
        )
        created = results[:CREATES]
        racers = results[CREATES : CREATES + RACERS]
        found = await asyncio.gather(
            *(http.get(f"/phone-numbers/%2B{n[1:]}/status") for n in numbers)
        )
        state = (await http.get("/__admin/")).json()
    return {
        "created": created,
        "racers": racers,
        "found": [r.status_code for r in found],
        "numbers": state["numbers"],
    }


def test_concurrent_writes_are_all_kept_and_consistent() -> None:
    with local_mock(Settings()) as url:
        outcome = asyncio.run(storm(url))
    assert outcome["created"] == [201] * CREATES
    assert sorted(outcome["racers"]) == [201] + [409] * (RACERS - 1), "exactly one duplicate wins"
    assert outcome["found"] == [200] * CREATES, "no write was lost"
    assert outcome["numbers"] == 13 + CREATES + 1
