"""Read-only discovery: a few selections without a conversation (which change nothing, decision
T1) learn the deployment's real numbers and their ids from `number`, `phoneNumberId` and
`eligibleNumbers`, before schemathesis starts."""

from __future__ import annotations

from typing import Any

import httpx

from contract_tests.known_data import E164, KnownData, with_numbers

SELECT = "/phone-numbers/outgoing/new"
# A bound on discovery's requests, whatever the known data holds.
MAX_REQUESTS = 24


def _contexts(known: KnownData) -> list[dict[str, Any]]:
    contexts: list[dict[str, Any]] = [{}, {"channel": "call"}]
    contexts += [{"teamId": team} for team in known.teams]
    contexts += [{"teamId": team, "channel": "call"} for team in known.teams]
    contexts += [{"leadId": lead} for lead in known.leads]
    contexts += [{"campaignId": c} for c in known.campaigns]
    contexts += [{"sourceId": s} for s in known.sources]
    return contexts[:MAX_REQUESTS]


def _numbers_in(answer: Any) -> list[tuple[str, str]]:
    """(number, id) pairs an answer names."""
    if not isinstance(answer, dict):
        return []
    found = [(answer.get("number"), answer.get("phoneNumberId"))]
    for item in answer.get("eligibleNumbers") or []:
        if isinstance(item, dict):
            found.append((item.get("number"), item.get("phoneNumberId")))
    return [
        (number, str(number_id or ""))
        for number, number_id in found
        if isinstance(number, str) and E164.match(number)
    ]


def discover(base_url: str, headers: dict[str, str], timeout: float, known: KnownData) -> KnownData:
    """`known` with the numbers the deployment's selections name; an unreachable or odd answer
    teaches nothing (the run itself reports what is wrong)."""
    numbers: list[str] = []
    ids: list[str] = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=timeout) as client:
        for context in _contexts(known):
            try:
                response = client.post(SELECT, json=context)
                answer = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                continue
            for number, number_id in _numbers_in(answer):
                numbers.append(number)
                if number_id:
                    ids.append(number_id)
    return with_numbers(known, numbers, ids)
