"""What a contract change does to the kit's scenarios: each scenario's world answers a short tour
of calls in a mock served from this process, and every answer is checked against the new
contract. An answer the new contract refuses is one the mock (and so every frontend developing
against it) would have to change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from contract_tests.contract_diff.change import Change, InResponse, data_pointer
from contract_tests.contract_diff.pointers import covers
from contract_tests.contract_diff.request_check import find_operation
from contract_tests.target import local_mock
from mockserver.contract.schemas import SchemaChecker, Violation
from mockserver.settings import Settings
from mockserver.worlds.scenario_files import available

# Status reads per scenario: enough to meet each kind of number a scenario holds.
MAX_STATUS_READS = 6
TOUR_CONVERSATION = "contract-diff-tour"
# The selections of the tour: no context, a call, a lead (LeadAssigned in lead-assigned), a
# Denver recipient (LocalArea in local-area), and a conversation (then overridden and cleared).
SELECTIONS: tuple[dict[str, str], ...] = (
    {},
    {"channel": "call"},
    {"leadId": "lead_0001"},
    {"recipientPhoneNumber": "+13035550123"},
    {"conversationId": TOUR_CONVERSATION},
)


@dataclass(frozen=True)
class Answer:
    """One answer a scenario's world gave in the tour."""

    scenario: str
    operation_id: str
    call: str
    status: int
    body: Any


@dataclass(frozen=True)
class ScenarioProblem:
    answer: Answer
    problem: str
    change: Change | None


def touches_responses(changes: list[Change]) -> bool:
    return any(isinstance(change.place, InResponse) for change in changes)


def scenario_problems(
    changes: list[Change], new_contract: dict[str, Any], scenarios: list[str] | None = None
) -> list[ScenarioProblem]:
    """The answers of each scenario's world that the new contract no longer allows."""
    if not touches_responses(changes):
        return []  # answers valid under the old contract stay valid
    checker = SchemaChecker()
    found: list[ScenarioProblem] = []
    for answer in tour_answers(scenarios or available()):
        verdict = answer_problem(changes, new_contract, answer, checker)
        if verdict is not None:
            found.append(ScenarioProblem(answer, *verdict))
    return found


def tour_answers(scenarios: list[str]) -> Iterator[Answer]:
    """The tour in each scenario: one mock, each scenario reached with `Prefer: scenario=`."""
    settings = Settings(validate_responses=False)
    with local_mock(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
        for scenario in scenarios:
            yield from _tour(client, scenario)


def _tour(client: httpx.Client, scenario: str) -> Iterator[Answer]:
    prefer = {"Prefer": f"scenario={scenario}"}

    def call(operation_id: str, method: str, path: str, **kwargs: Any) -> Answer:
        response = client.request(method, path, headers=prefer, **kwargs)
        body = response.json() if response.content else None
        shown = f"{method} {path}" + (f" {json.dumps(kwargs['json'])}" if "json" in kwargs else "")
        return Answer(scenario, operation_id, shown, response.status_code, body)

    select = "/phone-numbers/outgoing/new"
    picks = [call("selectOutgoingNumber", "POST", select, json=body) for body in SELECTIONS]
    yield from picks
    numbers = list(dict.fromkeys(n for pick in picks for n in _numbers_in(pick.body)))
    for number in numbers[:MAX_STATUS_READS]:
        yield call("getPhoneNumberStatus", "GET", f"/phone-numbers/{number}/status")
    ids = [e["phoneNumberId"] for e in (picks[0].body or {}).get("eligibleNumbers") or ()]
    if ids:
        override = {
            "fromPhoneNumberId": ids[-1],
            "selection": {"conversationId": TOUR_CONVERSATION},
        }
        yield call(
            "validateManualOverride",
            "POST",
            "/phone-numbers/outgoing/manual-override",
            json=override,
        )
    clear = f"/phone-numbers/outgoing/conversation/{TOUR_CONVERSATION}/override"
    yield call("clearConversationOverride", "DELETE", clear)


def _numbers_in(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return []
    listed = [e.get("number") for e in body.get("eligibleNumbers") or () if isinstance(e, dict)]
    return [n for n in [body.get("number"), *listed] if isinstance(n, str)]


def answer_problem(
    changes: list[Change], document: dict[str, Any], answer: Answer, checker: SchemaChecker
) -> tuple[str, Change | None] | None:
    """(problem, the change behind it) when the new contract refuses this answer."""
    found = find_operation(document, answer.operation_id)
    if found is None:
        return "the new contract has no such operation", None
    responses = found[2].get("responses") or {}
    documented = responses.get(str(answer.status)) or responses.get(f"{str(answer.status)[0]}XX")
    if documented is None:
        return f"the new contract documents no {answer.status} answer", _at_status(changes, answer)
    content = documented.get("content") or {}
    media = next((m for m in content if m.endswith("json")), None)
    schema = (content.get(media) or {}).get("schema") if media else None
    if schema is None:
        return None
    violations = checker.violations(schema, answer.body, "body")
    if not violations:
        return None
    first = violations[0]
    problem = f"the new contract refuses its answer: {first.field}: {first.message[:120]}"
    return problem, _explaining(changes, answer, first)


def _at_status(changes: list[Change], answer: Answer) -> Change | None:
    return next(
        (
            c
            for c in changes
            if c.operation_id == answer.operation_id
            and isinstance(c.place, InResponse)
            and c.place.status == str(answer.status)
        ),
        None,
    )


def _explaining(changes: list[Change], answer: Answer, violation: Violation) -> Change | None:
    """The response change at the refused field, the most specific first."""
    field = "" if violation.field == "/" else violation.field
    candidates: list[tuple[int, Change]] = []
    for change in changes:
        place = change.place
        if change.operation_id != answer.operation_id or not isinstance(place, InResponse):
            continue
        pointer = data_pointer(place.field)
        if place.status in (str(answer.status), "default") and (
            covers(pointer, field) or covers(field, pointer)
        ):
            candidates.append((len(pointer), change))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None
