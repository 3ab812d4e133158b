"""`verify`: replay a consumer's recorded calls against a deployment and check that each answer
still has the status class the consumer got and every field it read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from contract_tests.contract_diff.consumer_contract import ConsumerContract, Interaction
from contract_tests.contract_diff.pointers import carries

# The one write: it creates a number. Selections, overrides and clears only touch conversation
# ids, which the suite's read-only mode treats as safe as well (docs/decisions.md, D20).
WRITES = frozenset({"createPhoneNumber"})
SHOWN_FIELDS = 10


@dataclass(frozen=True)
class Finding:
    """A recorded call whose answer no longer gives the consumer what it got."""

    interaction: Interaction
    problem: str

    def describe(self) -> str:
        return f"{self.interaction.describe()}: {self.problem}"


def replayable(
    contract: ConsumerContract, allow_writes: bool
) -> tuple[list[Interaction], list[Interaction]]:
    """(calls to replay, write calls skipped because writes are not allowed)."""
    skipped = [i for i in contract.interactions if i.operation_id in WRITES and not allow_writes]
    return [i for i in contract.interactions if i not in skipped], skipped


def verify(
    consumer_contract: ConsumerContract,
    base_url: str,
    headers: dict[str, str],
    timeout: float,
    allow_writes: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> list[Finding]:
    """Every recorded call whose answer changed status class or lost a field the consumer read."""
    calls, _ = replayable(consumer_contract, allow_writes)
    findings: list[Finding] = []
    with httpx.Client(timeout=timeout, transport=transport) as client:
        for call in calls:
            problem = _problem(client, base_url, headers, call)
            if problem is not None:
                findings.append(Finding(call, problem))
    return findings


def _problem(
    client: httpx.Client, base_url: str, headers: dict[str, str], call: Interaction
) -> str | None:
    options: dict[str, Any] = {"headers": headers, "params": call.query or None}
    if call.request_body is not None:
        options["json"] = call.request_body
    try:
        response = client.request(call.method, base_url.rstrip("/") + call.path, **options)
    except httpx.HTTPError as error:
        return f"no answer: {error.__class__.__name__}: {error}"
    if response.status_code // 100 != call.status // 100:
        return f"answered {response.status_code}; the consumer got {call.status}"
    if not call.response_fields:
        return None
    try:
        body = response.json()
    except ValueError:
        return "the answer is not JSON; the consumer read fields of a JSON answer"
    missing = [field for field in call.response_fields if not carries(body, field)]
    if not missing:
        return None
    shown = ", ".join(missing[:SHOWN_FIELDS])
    more = f" and {len(missing) - SHOWN_FIELDS} more" if len(missing) > SHOWN_FIELDS else ""
    return f"the answer no longer carries {shown}{more}"
