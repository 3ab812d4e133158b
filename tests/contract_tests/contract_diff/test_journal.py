"""A journal becomes a consumer contract: skipped, deduplicated, bounded, fields as pointers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from contract_tests.contract_diff import (
    consumer_contract_from_journal,
    parse_consumer_contract,
    read_consumer_contract,
    read_journal,
)
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.pointers import carries, covers, field_pointers
from mockserver.wire.consumer_contract import MAX_INTERACTIONS, PROVIDER
from tests.contract_tests.contract_diff.journals import selection_entry, status_entry

WHEN = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_each_call_becomes_an_interaction_with_the_fields_it_received() -> None:
    data = consumer_contract_from_journal([selection_entry(), status_entry()], "web", WHEN)
    assert data["consumer"] == "web"
    assert data["provider"] == PROVIDER
    assert data["generatedAt"] == "2026-11-23T10:00:00Z"
    select, status = data["interactions"]
    assert select["operationId"] == "selectOutgoingNumber"
    assert select["requestBody"] == {"channel": "sms"}
    assert {"/canSend", "/healthWarning", "/eligibleNumbers/*/canSend"} <= set(
        select["responseFields"]
    )
    assert status["query"] == {"windowDays": "30"}
    assert status["requestBody"] is None
    assert "/smsWarmup/recentActions" in status["responseFields"]


def test_calls_without_an_operation_are_skipped() -> None:
    stray = {**status_entry(), "operationId": None, "path": "/nowhere"}
    data = consumer_contract_from_journal([stray, status_entry()], "web", WHEN)
    assert [i["operationId"] for i in data["interactions"]] == ["getPhoneNumberStatus"]


def test_identical_calls_are_kept_once_with_the_fields_of_all_of_them() -> None:
    first = selection_entry(extra="x")
    second = selection_entry(late={"a": 1})
    data = consumer_contract_from_journal([first, second, selection_entry({"teamId": "t"})], "web")
    assert len(data["interactions"]) == 2
    fields = data["interactions"][0]["responseFields"]
    assert {"/extra", "/late", "/late/a"} <= set(fields)
    assert fields == sorted(fields)


def test_the_same_request_with_another_status_is_another_interaction() -> None:
    gone = {**status_entry(), "status": 404, "responseBody": {"title": "Not Found"}}
    data = consumer_contract_from_journal([status_entry(), gone], "web")
    assert [i["status"] for i in data["interactions"]] == [200, 404]


def test_at_most_the_first_distinct_calls_are_kept() -> None:
    entries = [status_entry(query=f"windowDays={n}") for n in range(MAX_INTERACTIONS + 20)]
    data = consumer_contract_from_journal(entries, "web")
    assert len(data["interactions"]) == MAX_INTERACTIONS
    assert data["interactions"][-1]["query"] == {"windowDays": str(MAX_INTERACTIONS - 1)}


def test_the_contract_reads_back_as_written(tmp_path: Path) -> None:
    data = consumer_contract_from_journal([selection_entry(), status_entry()], "web", WHEN)
    target = tmp_path / "web.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    contract = read_consumer_contract(target)
    assert contract.as_json() == data
    assert contract.interactions[1].describe() == (
        "GET /phone-numbers/%2B15125550143/status (getPhoneNumberStatus)"
    )


def test_pointers_escape_keys_and_put_array_items_under_a_star() -> None:
    value = {"a/b": [{"c~d": 1}, {"e": None}], "f": []}
    assert field_pointers(value) == ["/a~1b", "/a~1b/*/c~0d", "/a~1b/*/e", "/f"]
    assert carries({"x": [{"y": 1}, {"y": None}]}, "/x/*/y")
    assert not carries({"x": [{"y": 1}, {}]}, "/x/*/y")
    assert carries({"x": []}, "/x/*/y")
    assert not carries({"x": None}, "/x/y")
    assert covers("/x/*", "/x/3/y")
    assert covers("", "/anything")
    assert not covers("/x/y", "/x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({"interactions": []}, "consumer: expected a non-empty string"),
        ({"consumer": "w", "interactions": {}}, "interactions: expected a list"),
        ({"consumer": "w", "interactions": [], "extra": 1}, "extra: unknown field"),
        ({"consumer": "w", "interactions": [{"method": "GET"}]}, "interactions[0].path"),
        ({"consumer": "w", "interactions": [{"method": "GET", "path": "x", "operationId": "o",
          "status": 200}]}, "interactions[0].path: expected a path starting with /"),
        ({"consumer": "w", "interactions": [{"method": "GET", "path": "/x", "operationId": "o",
          "status": "200"}]}, "interactions[0].status: expected an HTTP status"),
        ({"consumer": "w", "interactions": [{"method": "GET", "path": "/x", "operationId": "o",
          "status": 200, "responseFields": ["canSend"]}]}, "interactions[0].responseFields"),
        ({"consumer": "w", "interactions": [{"method": "GET", "path": "/x", "operationId": "o",
          "status": 200, "query": {"a": 1}}]}, "interactions[0].query"),
        ({"consumer": "w", "interactions": [{"method": "GET", "path": "/x", "operationId": "o",
          "status": 200, "responseField": []}]}, "interactions[0].responseField: unknown field"),
    ],
)  # fmt: skip
def test_a_malformed_consumer_contract_is_one_line_naming_the_field(
    data: Any, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_consumer_contract(data, "web.json")
    assert message in str(raised.value)
    assert str(raised.value).startswith("web.json")


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_journal_file_is_a_list_or_an_object_with_entries(tmp_path: Path, wrapped: bool) -> None:
    entries = [selection_entry(), status_entry()]
    target = tmp_path / "journal.json"
    target.write_text(json.dumps({"entries": entries} if wrapped else entries), encoding="utf-8")
    assert read_journal(target) == entries


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"items": []}, "expected a list of journal entries"),
        ([{"method": "GET", "path": "/x"}], "entries[0].status: expected an HTTP status"),
        ([{"method": "GET", "path": "/x", "status": 200, "query": {}}], "entries[0].query"),
        (
            [{"method": "GET", "path": "/x", "status": 200, "operationId": 3}],
            "entries[0].operationId",
        ),
    ],
)
def test_a_malformed_journal_is_one_line_naming_the_entry(
    tmp_path: Path, data: Any, message: str
) -> None:
    target = tmp_path / "journal.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_journal(target)


def test_a_journal_that_is_not_json_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "journal.json"
    target.write_text("[{", encoding="utf-8")
    with pytest.raises(InputError, match="the journal is not JSON"):
        read_journal(target)
