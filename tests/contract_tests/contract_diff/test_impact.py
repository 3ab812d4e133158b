"""What a change breaks: the recorded calls of a consumer, and the payload catalogue's cases."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.contract_diff import (
    ConsumerContract,
    Impact,
    changes,
    consumer_contract_from_journal,
    impact,
    parse_consumer_contract,
)
from contract_tests.contract_diff.impact import CatalogueCase, ConsumerCall
from contract_tests.payloads import catalogue
from tests.contract_tests.contract_diff.journals import selection_entry, status_entry
from tests.contract_tests.contract_diff.mutations import (
    CREATE,
    OVERRIDE,
    SELECT,
    STATUS,
    Spec,
    answer,
    base,
    body,
    op,
    prop,
)

CASES = catalogue.read(catalogue.DEFAULT_DIR)


def _consumer(*entries: dict[str, Any], name: str = "web") -> ConsumerContract:
    return parse_consumer_contract(consumer_contract_from_journal(list(entries), name), name)


def _impacts(
    new: Spec, consumer: ConsumerContract | None = None, cases: bool = False
) -> list[Impact]:
    return impact(changes(base(), new), new, consumer, CASES if cases else None)


def test_a_consumer_that_leaves_out_team_id_breaks_when_it_becomes_required() -> None:
    new = base()
    body(new, SELECT)["required"] = ["teamId"]
    without = _consumer(selection_entry({"channel": "sms"}))
    found = _impacts(new, without)
    assert len(found) == 1
    assert "the new contract rejects its request: body /teamId" in found[0].problem
    assert found[0].change is not None
    assert found[0].change.rule == "request-property-became-required"
    assert isinstance(found[0].subject, ConsumerCall)
    assert (
        found[0].describe()
        == "consumer web: POST /phone-numbers/outgoing/new (selectOutgoingNumber)"
    )


def test_a_consumer_that_sends_team_id_holds_when_it_becomes_required() -> None:
    new = base()
    body(new, SELECT)["required"] = ["teamId"]
    assert _impacts(new, _consumer(selection_entry({"teamId": "team_0001"}))) == []


def test_a_consumer_that_sends_team_id_breaks_when_it_is_no_longer_read() -> None:
    new = base()
    body(new, SELECT)["properties"].pop("teamId")
    found = _impacts(new, _consumer(selection_entry({"teamId": "team_0001"})))
    assert [f.change.rule for f in found if f.change] == ["request-property-removed"]
    assert _impacts(new, _consumer(selection_entry({"channel": "sms"}))) == []


def test_a_consumer_that_reads_health_warning_breaks_when_it_is_removed() -> None:
    new = base()
    answer(new, SELECT)["properties"].pop("healthWarning")
    found = _impacts(new, _consumer(selection_entry(), status_entry()))
    assert len(found) == 1
    assert found[0].problem == "it read /healthWarning, which the new contract changes"
    assert found[0].change is not None
    assert found[0].change.rule == "response-required-property-removed"
    assert found[0].operation_id == "selectOutgoingNumber"


def test_a_consumer_that_got_another_status_does_not_read_the_removed_field() -> None:
    new = base()
    answer(new, SELECT)["properties"].pop("healthWarning")
    refused = {**selection_entry(), "status": 400, "responseBody": {"title": "Bad Request"}}
    assert _impacts(new, _consumer(refused)) == []


def test_a_field_read_inside_array_items_is_matched_through_the_star() -> None:
    new = base()
    prop(answer(new, SELECT), "eligibleNumbers")["items"]["properties"].pop("canSend")
    found = _impacts(new, _consumer(selection_entry()))
    assert [f.problem for f in found] == [
        "it read /eligibleNumbers/*/canSend, which the new contract changes"
    ]


def test_a_query_parameter_the_new_contract_refuses_is_named() -> None:
    new = base()
    next(p for p in op(new, STATUS)["parameters"] if p["name"] == "windowDays")["schema"][
        "enum"
    ] = ["7"]
    found = _impacts(new, _consumer(status_entry(query="windowDays=30")))
    assert len(found) == 1
    assert "query windowDays" in found[0].problem
    assert found[0].change is not None
    assert found[0].change.rule == "request-parameter-became-enum"


def test_a_removed_operation_breaks_every_call_of_it() -> None:
    new = base()
    del new["paths"][STATUS[0]]
    found = _impacts(new, _consumer(status_entry(), selection_entry()))
    assert [(f.operation_id, f.change.rule if f.change else None) for f in found] == [
        ("getPhoneNumberStatus", "api-path-removed-without-deprecation")
    ]


def test_on_the_unchanged_contract_every_payload_case_keeps_its_outcome() -> None:
    # The request checker agrees with the whole catalogue: no change, no impact.
    assert len(CASES) > 100
    assert impact([], base(), payload_cases=CASES) == []


def test_a_lowered_max_length_flips_the_case_at_the_old_maximum() -> None:
    new = base()
    prop(body(new, CREATE), "name")["maxLength"] = 100
    found = _impacts(new, cases=True)
    names = {f.subject.case_id for f in found if isinstance(f.subject, CatalogueCase)}
    assert "createPhoneNumber/valid-name-at-its-maximum-of-255-characters" in names
    assert all(
        f.change is not None and f.change.rule == "request-property-max-length-decreased"
        for f in found
    )
    assert all(f.problem.startswith("the new contract rejects it: body /name") for f in found)


def test_a_widened_contract_flips_a_case_expected_refused_to_accepted() -> None:
    new = base()
    body(new, OVERRIDE)["required"] = ["fromPhoneNumberId"]
    found = _impacts(new, cases=True)
    assert [(f.subject, f.problem) for f in found] == [
        (CatalogueCase("validateManualOverride/invalid-selection-missing", "rejected with 400"),
         "the new contract accepts it")
    ]  # fmt: skip
    assert found[0].change is not None
    assert found[0].change.rule == "request-property-became-optional"


@pytest.mark.parametrize("operation", ["getPhoneNumberStatus", "selectOutgoingNumber"])
def test_impacts_say_who_and_what_as_json(operation: str) -> None:
    new = base()
    del new["paths"][STATUS[0] if operation == "getPhoneNumberStatus" else SELECT[0]]
    found = _impacts(new, _consumer(status_entry(), selection_entry()))
    assert [f.as_json()["operationId"] for f in found] == [operation]
    assert found[0].as_json()["rule"] == "api-path-removed-without-deprecation"
