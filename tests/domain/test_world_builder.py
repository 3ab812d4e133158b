"""Worlds from scenarios: the same seed gives the same world; what decides behaviour comes from
the scenario; every mistake names its field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.enums import HealthState, NumberStatus
from mockserver.domain.errors import ScenarioError
from mockserver.domain.world_builder import build_world

NOW = DEFAULT_START
SPEC: dict[str, Any] = {
    "businesses": 1,
    "users": 1,
    "teams": [{"id": "team_0001", "name": "Sales"}],
    "numbers": [
        {"id": "pn_0001", "name": "Main", "area": "512", "team": "team_0001", "age_days": 30,
         "warmup": {"started_days_ago": 25}},
        {"id": "pn_0002", "name": "New", "area": "303", "status": "Provisioning", "age_days": 0},
        {"id": "pn_0003", "name": "Warming", "area": "415", "age_days": 6,
         "warmup": {"started_days_ago": 5}},
    ],
    "leads": [{"id": "lead_0001", "area": "512", "assigned": "pn_0001"}],
}  # fmt: skip


def test_the_same_seed_builds_the_same_world_and_another_seed_another() -> None:
    assert build_world(SPEC, 7, NOW) == build_world(SPEC, 7, NOW)
    other = build_world(SPEC, 8, NOW)
    assert other.numbers[0].number != build_world(SPEC, 7, NOW).numbers[0].number
    assert [n.id for n in other.numbers] == ["pn_0001", "pn_0002", "pn_0003"]


def test_states_come_from_the_scenario_and_traffic_from_the_days_played() -> None:
    world = build_world(SPEC, 7, NOW)
    main, new, warming = world.numbers
    assert main.number.startswith("+1512")
    assert main.team_id == "team_0001"
    assert main.warmup.state in (HealthState.HEALTHY, HealthState.NEEDS_ATTENTION)
    assert (new.status, new.warmup.state) == (NumberStatus.PROVISIONING, HealthState.NOT_STARTED)
    assert new.warmup.started_at == new.created_at + timedelta(days=1)
    assert warming.warmup.state is HealthState.WARMING
    traffic_of = {
        n.id: [e for e in world.traffic if e.phone_number_id == n.id] for n in world.numbers
    }
    assert traffic_of["pn_0002"] == []
    assert traffic_of["pn_0001"], "an established number has history"
    assert all(e.at < NOW for e in world.traffic), "history ends before now"
    assert world.leads[0].assigned_phone_number_id == "pn_0001"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"businesses": 0}, "scenario.businesses: at least 1"),
        ({"numbers": [{"name": "x", "area": "512"}]}, "numbers[0].id: required"),
        ({"numbers": [{"id": "p", "name": "x", "area": "512", "status": "Actve"}]},
         "numbers[0].status: 'Actve' is not one of"),
        ({"numbers": [{"id": "p", "name": "x", "area": "512", "ten_dlc": "maybe"}]},
         "numbers[0].ten_dlc: 'maybe' is not one of"),
        ({"leads": [{"id": "l", "assigned": "pn_9999"}]},
         "leads[0].assigned: no number 'pn_9999' in this scenario"),
    ],
)  # fmt: skip
def test_a_mistake_names_its_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build_world({**SPEC, **change}, 7, NOW)
