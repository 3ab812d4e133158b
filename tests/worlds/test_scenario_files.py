"""Each named scenario shows the state it promises; a broken scenario names its file and field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.domain.errors import ScenarioError
from mockserver.settings import Settings
from mockserver.worlds.scenario_files import SCENARIO_DIR, available, load_scenario, parse_scenario
from tests.local_client import LocalClient


@pytest.fixture
def world(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with LocalClient(create_app(Settings(scenario=request.param))) as client:
        yield client


def select(client: TestClient, **body: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client.post("/phone-numbers/outgoing/new", json=body).json()
    return answer


def test_every_scenario_file_is_valid() -> None:
    assert len(available()) >= 8
    for name in available():
        load_scenario(name)


@pytest.mark.parametrize("world", ["empty"], indirect=True)
def test_a_new_account_has_nothing_to_send_from(world: TestClient) -> None:
    answer = select(world)
    assert answer["canSend"] is False
    assert answer["setupMessage"] == "Add a phone number to start sending."
    assert answer["eligibleNumbers"] == []


@pytest.mark.parametrize("world", ["all-warming"], indirect=True)
def test_all_warming_blocks_sms_but_not_calls(world: TestClient) -> None:
    sms = select(world)
    assert sms["canSend"] is False
    assert "warming up" in sms["setupMessage"]
    assert {n["healthLabel"] for n in sms["eligibleNumbers"]} == {"Warming up"}
    assert select(world, channel="call")["canSend"] is True


@pytest.mark.parametrize("world", ["all-blocked"], indirect=True)
def test_all_blocked_cannot_send_at_all(world: TestClient) -> None:
    for channel in ("sms", "call"):
        answer = select(world, channel=channel)
        assert answer["canSend"] is False
        assert answer["setupMessage"]
    labels = {n["healthLabel"] for n in select(world)["eligibleNumbers"]}
    assert labels == {"Paused", "Blocked"}


@pytest.mark.parametrize("world", ["tendlc-pending"], indirect=True)
def test_tendlc_pending_explains_itself(world: TestClient) -> None:
    answer = select(world)
    assert answer["canSend"] is False
    assert "10DLC" in answer["setupMessage"]
    assert select(world, channel="call")["canSend"] is True


@pytest.mark.parametrize("world", ["lead-assigned"], indirect=True)
def test_the_leads_number_wins_over_the_preferred_one(world: TestClient) -> None:
    assert select(world)["selectionReason"] == "Preferred"
    answer = select(world, leadId="lead_0001")
    assert (answer["selectionReason"], answer["phoneNumberId"]) == ("LeadAssigned", "pn_0002")


@pytest.mark.parametrize("world", ["local-area"], indirect=True)
def test_a_matching_area_code_wins(world: TestClient) -> None:
    answer = select(world, recipientPhoneNumber="+13035550142")
    assert (answer["selectionReason"], answer["phoneNumberId"]) == ("LocalArea", "pn_0002")
    assert select(world, recipientPhoneNumber="+16175550142")["selectionReason"] == "HealthyPool"


@pytest.mark.parametrize("world", ["needs-attention"], indirect=True)
def test_needs_attention_sends_with_a_warning(world: TestClient) -> None:
    answer = select(world)
    assert answer["canSend"] is True
    assert answer["healthStatus"] == "Needs Attention"
    assert answer["healthWarning"]


def test_a_misspelled_scenario_lists_the_available_ones() -> None:
    with pytest.raises(
        ScenarioError, match=r"Did you mean 'all-blocked'\?.*Available: all-blocked"
    ):
        load_scenario("all-bloked")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("numbers:\n  - {id: pn_1, name: X, area: '512', status: Actve}\n", "numbers[0].status"),
        ("numbers:\n  - {id: pn_1, name: X, area: '51'}\n", "numbers[0].area"),
        ("numbers:\n  - {id: pn_1, name: X, area: '512', staus: Active}\n", "numbers[0]"),
        ("businesses: 0\n", "businesses"),
    ],
)
def test_scenario_errors_name_the_file_and_field(text: str, field: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "my-world.yaml", SCENARIO_DIR)
    assert str(caught.value).startswith(f"my-world.yaml: {field}:")
