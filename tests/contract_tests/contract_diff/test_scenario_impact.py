"""Scenario impact: each kit scenario's world answers a tour in the mock, and a contract change
names the scenarios whose answers the new contract would refuse."""

from __future__ import annotations

import pytest

from contract_tests.contract_diff import changes
from contract_tests.contract_diff import scenario_impact as tour
from contract_tests.contract_diff.scenario_impact import Answer, answer_problem
from mockserver.contract.schemas import SchemaChecker
from mockserver.worlds.scenario_files import available
from tests.contract_tests.contract_diff.mutations import (
    CLEAR,
    OVERRIDE,
    SELECT,
    STATUS,
    answer,
    base,
    body,
    op,
    prop,
)


@pytest.fixture(scope="module")
def answers() -> list[Answer]:
    return list(tour.tour_answers(available()))


def refused(answers: list[Answer], new: dict[str, object]) -> dict[tuple[str, str], str]:
    found = changes(base(), new)
    checker = SchemaChecker()
    verdicts = {}
    for one in answers:
        verdict = answer_problem(found, new, one, checker)
        if verdict is not None:
            problem, change = verdict
            verdicts[(one.scenario, one.call)] = f"{problem} [{change.rule if change else None}]"
    return verdicts


def test_the_tour_meets_every_scenario_and_operation_but_create(answers: list[Answer]) -> None:
    assert {a.scenario for a in answers} == set(available())
    assert {a.operation_id for a in answers} == {
        "selectOutgoingNumber",
        "getPhoneNumberStatus",
        "validateManualOverride",
        "clearConversationOverride",
    }
    assert any(a.body.get("selectionReason") == "LocalArea" for a in answers if a.status == 200)


def test_the_unchanged_contract_accepts_every_answer(answers: list[Answer]) -> None:
    assert refused(answers, base()) == {}


def test_a_removed_reason_names_the_scenario_that_answers_it(answers: list[Answer]) -> None:
    new = base()
    for where in (SELECT, OVERRIDE, CLEAR):
        reason = prop(answer(new, where), "selectionReason")
        reason["enum"] = [v for v in reason["enum"] if v != "LocalArea"]
    verdicts = refused(answers, new)
    assert verdicts
    assert {scenario for scenario, _call in verdicts} == {"local-area"}
    assert all("response-property-enum-value-removed" in v for v in verdicts.values())
    assert all("LocalArea" in v for v in verdicts.values())


def test_a_retyped_count_names_every_scenario_with_numbers(answers: list[Answer]) -> None:
    new = base()
    prop(answer(new, STATUS), "messagesPossible").clear()
    prop(answer(new, STATUS), "messagesPossible").update({"type": "string"})
    verdicts = refused(answers, new)
    scenarios = {scenario for scenario, _call in verdicts}
    assert scenarios == set(available()) - {"empty"}  # the empty world has no number to read
    assert all(call.startswith("GET /phone-numbers/") for _s, call in verdicts)
    assert all(
        "/messagesPossible" in v and "[response-property-type-specialized]" in v
        for v in verdicts.values()
    )


def test_a_removed_status_names_the_answers_that_had_it(answers: list[Answer]) -> None:
    new = base()
    del op(new, CLEAR)["responses"]["200"]
    verdicts = refused(answers, new)
    assert verdicts
    assert all(call.startswith("DELETE ") for _s, call in verdicts)
    assert all(
        "documents no 200 answer [response-success-status-removed]" in v for v in verdicts.values()
    )


def test_a_request_side_change_serves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(_scenarios: list[str]) -> list[Answer]:
        raise AssertionError("the tour ran for a change no answer can break")

    monkeypatch.setattr(tour, "tour_answers", never)
    new = base()
    body(new, SELECT)["required"] = ["teamId"]
    assert tour.scenario_problems(changes(base(), new), new) == []
