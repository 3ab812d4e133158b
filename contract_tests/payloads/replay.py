"""Send catalogue cases to a deployment and report those whose outcome differs from expected."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

from contract_tests.payloads.model import ABSENT, PayloadCase


@dataclass(frozen=True)
class Difference:
    case: PayloadCase
    status: int | None
    problem: str


def send(
    client: httpx.Client, base_url: str, case: PayloadCase, headers: dict[str, str]
) -> tuple[int, Any, str]:
    """Status, parsed JSON (or None) and content type of the answer to one case."""
    kwargs: dict[str, Any] = {"headers": dict(headers)}
    if case.body is not ABSENT:
        kwargs["json"] = case.body
    response = client.request(case.method, case.url(base_url), **kwargs)
    try:
        payload = response.json()
    except ValueError:
        payload = None
    return response.status_code, payload, response.headers.get("content-type", "")


def replay(
    cases: list[PayloadCase],
    base_url: str,
    headers: dict[str, str],
    timeout: float = 10.0,
    rate_per_second: float | None = None,
) -> list[Difference]:
    differences: list[Difference] = []
    gap = 1 / rate_per_second if rate_per_second else 0.0
    with httpx.Client(timeout=timeout) as client:
        for case in cases:
            started = time.monotonic()
            try:
                status, payload, content_type = send(client, base_url, case, headers)
            except httpx.HTTPError as error:
                differences.append(Difference(case, None, f"no answer: {error.__class__.__name__}"))
                continue
            problem = case.outcome_matches(status, payload, content_type)
            if problem:
                differences.append(Difference(case, status, problem))
            if gap:
                time.sleep(max(0.0, gap - (time.monotonic() - started)))
    return differences
