"""What a contract change breaks: recorded consumer calls the new contract refuses or whose
answer lost a field they read, payload cases whose expected outcome flips, and (from
scenario_impact.py) scenario answers the new contract refuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_tests.contract_diff.call_impact import call_problems
from contract_tests.contract_diff.case_impact import case_problem
from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.consumer_contract import ConsumerContract, Interaction
from contract_tests.payloads.model import PayloadCase
from mockserver.contract.schemas import SchemaChecker


@dataclass(frozen=True)
class ConsumerCall:
    consumer: str
    interaction: Interaction


@dataclass(frozen=True)
class CatalogueCase:
    case_id: str
    expected: str


@dataclass(frozen=True)
class ScenarioAnswer:
    """An answer a scenario's world gives in the mock (scenario_impact.py's tour)."""

    scenario: str
    call: str
    status: int


@dataclass(frozen=True)
class Impact:
    """A consumer call, payload case or scenario answer that changes break, and the change that
    explains it."""

    subject: ConsumerCall | CatalogueCase | ScenarioAnswer
    operation_id: str
    problem: str
    change: Change | None

    def describe(self) -> str:
        match self.subject:
            case ConsumerCall(consumer=consumer, interaction=interaction):
                return f"consumer {consumer}: {interaction.describe()}"
            case CatalogueCase(case_id=case_id, expected=expected):
                return f"payload case {case_id} (expected {expected})"
            case ScenarioAnswer(scenario=scenario, call=call, status=status):
                return f"scenario {scenario}: {call} answers {status}"

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.describe(),
            "operationId": self.operation_id,
            "problem": self.problem,
            "rule": self.change.rule if self.change else None,
            "where": self.change.where if self.change else None,
        }


def impact(
    changes: list[Change],
    new_contract: dict[str, Any],
    consumer_contract: ConsumerContract | None = None,
    payload_cases: list[PayloadCase] | None = None,
) -> list[Impact]:
    """Consumer calls and payload cases that `changes` break under the resolved `new_contract`."""
    checker = SchemaChecker()
    found: list[Impact] = []
    if consumer_contract is not None:
        for interaction in consumer_contract.interactions:
            subject = ConsumerCall(consumer_contract.consumer, interaction)
            found += [
                Impact(subject, interaction.operation_id, problem, change)
                for problem, change in call_problems(changes, new_contract, interaction, checker)
            ]
    for case in payload_cases or ():
        verdict = case_problem(changes, new_contract, case, checker)
        if verdict is not None:
            expected = "accepted" if case.accepted else f"rejected with {case.expect_status}"
            subject_case = CatalogueCase(case.id, expected)
            found.append(Impact(subject_case, case.operation_id, *verdict))
    return found
