"""A consumer contract as a Pact V4 file: the V4 shape, the request as recorded, the fields the
consumer read matched by type, and what Pact cannot say listed in comments."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.contract_diff import (
    consumer_contract_from_journal,
    parse_consumer_contract,
    to_pact,
)
from contract_tests.contract_diff.errors import InputError
from tests.contract_tests.contract_diff.journals import selection_entry, status_entry


def _pact(*entries: dict[str, Any]) -> dict[str, Any]:
    data = consumer_contract_from_journal(list(entries), "web")
    return to_pact(parse_consumer_contract(data, "web.json"))


def _is_body(body: dict[str, Any]) -> bool:
    return (
        body["contentType"] == "application/json"
        and body["encoded"] is False
        and ("content" in body and body["contentTypeHint"] == "TEXT")
    )


def test_the_file_has_the_v4_shape() -> None:
    pact = _pact(selection_entry({"teamId": "team_0001"}), status_entry())
    assert set(pact) == {"consumer", "provider", "interactions", "metadata"}
    assert pact["consumer"] == {"name": "web"}
    assert pact["provider"] == {"name": "leadping-phone-numbers"}
    assert pact["metadata"]["pactSpecification"] == {"version": "4.0"}
    descriptions = [i["description"] for i in pact["interactions"]]
    assert len(set(descriptions)) == len(descriptions) == 2
    for interaction in pact["interactions"]:
        assert interaction["type"] == "Synchronous/HTTP"
        assert isinstance(interaction["key"], str)
        assert interaction["pending"] is False
        assert set(interaction["request"]) <= {"method", "path", "query", "headers", "body"}
        assert 100 <= interaction["response"]["status"] <= 599
        assert _is_body(interaction["response"]["body"])


def test_the_request_is_the_recorded_one() -> None:
    select, status = _pact(selection_entry({"teamId": "team_0001"}), status_entry())["interactions"]
    assert select["request"]["method"] == "POST"
    assert select["request"]["headers"] == {"Content-Type": ["application/json"]}
    assert _is_body(select["request"]["body"])
    assert select["request"]["body"]["content"] == {"teamId": "team_0001"}
    assert status["request"] == {
        "method": "GET",
        "path": "/phone-numbers/%2B15125550143/status",
        "query": {"windowDays": ["30"]},
    }


def test_the_answer_holds_the_fields_read_matched_by_type_arrays_each_like_their_first() -> None:
    (select,) = _pact(selection_entry())["interactions"]
    content = select["response"]["body"]["content"]
    assert content["canSend"] is True
    assert len(content["eligibleNumbers"]) == 1
    rules = select["response"]["matchingRules"]["body"]
    assert rules["$"] == {"combine": "AND", "matchers": [{"match": "type"}]}
    assert rules["$.eligibleNumbers"]["matchers"] == [{"match": "type", "min": 0}]


def test_null_fields_stay_out_of_the_body_and_are_listed_in_comments() -> None:
    (select,) = _pact(selection_entry())["interactions"]
    assert "healthWarning" not in select["response"]["body"]["content"]
    (note,) = select["comments"]["text"]
    assert "/healthWarning" in note
    assert "/eligibleNumbers/*/sourceId" in note


def test_the_same_call_twice_gets_distinct_descriptions() -> None:
    gone = {**status_entry(), "status": 404, "responseBody": None}
    pact = _pact(status_entry(), {**status_entry(), "query": "windowDays=7"}, gone)
    descriptions = [i["description"] for i in pact["interactions"]]
    assert len(set(descriptions)) == 3
    assert "body" not in pact["interactions"][2]["response"]


def test_fields_read_without_a_recorded_body_cannot_be_a_pact() -> None:
    data = consumer_contract_from_journal([selection_entry()], "web")
    data["interactions"][0].pop("responseBody", None)
    with pytest.raises(InputError, match=r"interactions\[0\].*no responseBody"):
        to_pact(parse_consumer_contract(data, "web.json"))
