"""One `diff` run: both contracts, the allow-list, the consumers and the payload catalogue read,
the changes classified, their impact found, and the report built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.contract_diff.allow_list import AllowList, read_allow_list
from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.consumer_contract import read_consumer_contract
from contract_tests.contract_diff.documents import load_document
from contract_tests.contract_diff.engine import changes
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.impact import Impact, ScenarioAnswer, impact
from contract_tests.contract_diff.report import DiffReport, build_report
from contract_tests.payloads import catalogue
from contract_tests.payloads.model import PayloadCase


@dataclass(frozen=True)
class DiffInputs:
    """What the user named: two contracts, and what to hold their changes against."""

    old: str
    new: str
    repo: Path | None = None
    allow_list: Path | None = None
    consumers: tuple[Path, ...] = ()
    payloads: Path | None = None
    # Serve each kit scenario in the mock and check its answers against the new contract.
    scenarios: bool = True


def default_payloads() -> Path | None:
    """The kit's own payload catalogue, when this checkout has one."""
    return catalogue.DEFAULT_DIR if (catalogue.DEFAULT_DIR / catalogue.NDJSON).is_file() else None


def read_payloads(directory: Path) -> list[PayloadCase]:
    try:
        return catalogue.read(directory)
    except FileNotFoundError as error:
        raise InputError(str(error)) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        detail = f"{error.__class__.__name__}: {error}"
        raise InputError(f"{directory}: cannot read the payload catalogue: {detail}") from None


def scenario_impacts(found: list[Change], new: dict[str, Any]) -> list[Impact]:
    # Imported here: it serves the mock, which a diff without scenarios never loads.
    from contract_tests.contract_diff.scenario_impact import scenario_problems

    return [
        Impact(
            ScenarioAnswer(p.answer.scenario, p.answer.call, p.answer.status),
            p.answer.operation_id,
            p.problem,
            p.change,
        )
        for p in scenario_problems(found, new)
    ]


def run_diff(inputs: DiffInputs) -> DiffReport:
    """The report of one diff; InputError or ContractError (one line) on bad input."""
    allow_list = read_allow_list(inputs.allow_list) if inputs.allow_list else AllowList()
    consumers = [read_consumer_contract(path) for path in inputs.consumers]
    cases = read_payloads(inputs.payloads) if inputs.payloads else []
    old = load_document(inputs.old, inputs.repo)
    new = load_document(inputs.new, inputs.repo)
    found = changes(old, new)
    impacts: list[Impact] = []
    for consumer in consumers:
        impacts += impact(found, new, consumer_contract=consumer)
    impacts += impact(found, new, payload_cases=cases)
    if inputs.scenarios:
        impacts += scenario_impacts(found, new)
    return build_report(inputs.old, inputs.new, found, allow_list, impacts)
