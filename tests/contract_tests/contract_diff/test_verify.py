"""verify replays a consumer's calls: it holds against the mock they were recorded on, and names
the call whose answer lost a field (the mock with its missing-required-field fault)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from contract_tests.contract_diff import (
    ConsumerContract,
    consumer_contract_from_journal,
    parse_consumer_contract,
    verify,
)
from contract_tests.contract_diff.verify import replayable
from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.contract_tests.contract_diff.recorded import recorded_calls


@pytest.fixture(scope="module")
def plain_mock() -> Iterator[str]:
    with local_mock(Settings()) as url:
        yield url


@pytest.fixture(scope="module")
def faulty_mock() -> Iterator[str]:
    with local_mock(Settings(faults="missing-required-field")) as url:
        yield url


@pytest.fixture(scope="module")
def calls(plain_mock: str) -> list[dict[str, Any]]:
    return recorded_calls(plain_mock)


def _contract(entries: list[dict[str, Any]]) -> ConsumerContract:
    return parse_consumer_contract(consumer_contract_from_journal(entries, "web"), "web.json")


def _create_existing(calls: list[dict[str, Any]]) -> dict[str, Any]:
    """A create recorded as 201 for a number the world already has: replayed, it is a 409."""
    number = calls[0]["responseBody"]["eligibleNumbers"][0]["number"]
    return {"method": "POST", "path": "/phone-numbers", "query": "", "status": 201,
            "operationId": "createPhoneNumber", "requestBody": {"name": "x", "number": number},
            "responseBody": {"number": number}}  # fmt: skip


def test_the_recorded_calls_hold_against_a_mock_like_the_one_they_were_recorded_on(
    calls: list[dict[str, Any]],
) -> None:
    with local_mock(Settings()) as fresh:
        assert verify(_contract(calls), fresh, {}, timeout=10) == []


def test_a_lost_field_names_the_call_and_the_field(
    calls: list[dict[str, Any]], faulty_mock: str
) -> None:
    findings = verify(_contract(calls), faulty_mock, {}, timeout=10)
    assert len(findings) == 1
    assert findings[0].interaction.operation_id == "selectOutgoingNumber"
    assert findings[0].describe() == (
        "POST /phone-numbers/outgoing/new (selectOutgoingNumber): "
        "the answer no longer carries /canSend"
    )


def test_another_status_class_is_a_finding(calls: list[dict[str, Any]], plain_mock: str) -> None:
    unknown = {**calls[1], "path": "/phone-numbers/%2B19999999999/status"}
    findings = verify(_contract([unknown]), plain_mock, {}, timeout=10)
    assert [f.problem for f in findings] == ["answered 404; the consumer got 200"]


def test_writes_are_skipped_unless_allowed(calls: list[dict[str, Any]], plain_mock: str) -> None:
    contract = _contract([*calls, _create_existing(calls)])
    replayed, skipped = replayable(contract, allow_writes=False)
    assert [i.operation_id for i in skipped] == ["createPhoneNumber"]
    assert len(replayed) == 2
    assert verify(contract, plain_mock, {}, timeout=10) == []
    findings = verify(contract, plain_mock, {}, timeout=10, allow_writes=True)
    assert [(f.interaction.operation_id, f.problem) for f in findings] == [
        ("createPhoneNumber", "answered 409; the consumer got 201")
    ]


def test_an_unreachable_deployment_is_a_finding_per_call(calls: list[dict[str, Any]]) -> None:
    findings = verify(_contract(calls), "http://127.0.0.1:9", {}, timeout=2)
    assert len(findings) == 2
    assert all(f.problem.startswith("no answer: ConnectError") for f in findings)
