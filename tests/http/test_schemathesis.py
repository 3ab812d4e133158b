"""schemathesis in-process against the mock: every built-in check, stateless and stateful."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from contract_tests.authentication import without_authentication
from mockserver.app import create_app, world_control
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings

WORLD = world_control(Settings())
# The copy the suite tests the mock with: the mock checks no credential (decisions K20, K21).
schema = schemathesis.openapi.from_dict(without_authentication(load_contract().resolved()))
schema.app = create_app(Settings(), WORLD)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


class MockStateMachine(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        # Hypothesis replays scenarios and must find the same world each time (STACK-NOTES).
        WORLD.reset()


TestStatefulFlows = MockStateMachine.TestCase
TestStatefulFlows.settings = settings(
    max_examples=25, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck)
)
