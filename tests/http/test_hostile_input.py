"""Hostile input against a live server: every answer a 4xx problem+json, the process up, and the
world exactly as it was."""

from __future__ import annotations

from collections import Counter

import httpx

from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.http.hostile_inputs import LIMIT, hostile_requests, send


def test_hostile_input_gets_problems_and_leaves_the_world_alone() -> None:
    cases = list(hostile_requests())
    assert len(cases) >= 200
    with (
        local_mock(Settings(max_body_bytes=LIMIT)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        before = client.get("/__admin/export").text
        wrong: list[str] = []
        statuses: Counter[int] = Counter()
        for case in cases:
            response = send(client, case)
            statuses[response.status_code] += 1
            media = response.headers.get("content-type", "")
            if not 400 <= response.status_code < 500 or media != "application/problem+json":
                wrong.append(
                    f"{case.kind}: {case.method} {case.path[:60]} -> {response.status_code} {media}"
                )
            if response.status_code == 405 and not response.headers.get("allow"):
                wrong.append(f"{case.kind}: {case.method} {case.path[:60]} -> 405 without Allow")
        assert wrong == []
        assert client.get("/__admin/").status_code == 200, "the server is still up"
        assert client.post("/phone-numbers/outgoing/new", json={}).status_code == 200
        after = client.get("/__admin/export").text
    assert after == before, "no hostile request changed the world"
    assert {400, 404, 405, 413, 415} <= set(statuses)
