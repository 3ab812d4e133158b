"""The simulated clock as a UI needs it: started today (--clock-start now) or at a chosen time,
moved on by days, hours or minutes, and carried in an export so the saved world answers alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml

from mockserver.app import create_app
from mockserver.settings import Settings, SettingsError
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"


def clock_of(client: LocalClient) -> datetime:
    return datetime.fromisoformat(client.get("/__admin/").json()["clock"])


def answers(client: LocalClient) -> list[bytes]:
    number = client.post(SELECT, json={}).json()["number"].replace("+", "%2B")
    return [
        client.post(SELECT, json={"conversationId": "c1"}).content,
        client.get(f"/phone-numbers/{number}/status?windowDays=7").content,
    ]


def test_the_clock_starts_where_it_is_told_and_answers_repeat() -> None:
    settings = Settings(clock_start="2026-12-02T09:00:00+01:00")
    first, second = (LocalClient(create_app(settings)) for _ in range(2))
    assert clock_of(first) == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert answers(first) == answers(second), "deterministic given the start"
    default = LocalClient(create_app(Settings()))
    assert answers(default) != answers(LocalClient(create_app(settings)))


def test_now_starts_the_clock_at_this_moment() -> None:
    client = LocalClient(create_app(Settings(clock_start="now")))
    assert abs(clock_of(client) - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "value",
    ["tomorrow", "2026-12-02T09:00:00", "2026-13-01T00:00:00Z", "0001-01-01T00:00Z",
     "9999-12-31T23:59:59Z"],
)  # fmt: skip
def test_a_clock_start_that_names_no_moment_fails_at_start(value: str) -> None:
    with pytest.raises(SettingsError, match="clock_start: expected an ISO 8601 time"):
        create_app(Settings(clock_start=value))


def test_the_clock_moves_by_days_hours_or_minutes() -> None:
    client = LocalClient(create_app(Settings()))
    start = clock_of(client)
    client.post("/__admin/clock/advance", json={"hours": 2})
    assert clock_of(client) - start == timedelta(hours=2)
    client.post("/__admin/clock/advance", json={"minutes": 30})
    client.post("/__admin/clock/advance", json={"days": 1, "hours": 1})
    assert clock_of(client) - start == timedelta(days=1, hours=3, minutes=30)


@pytest.mark.parametrize(
    ("body", "named"),
    [({}, "give at least one"), ({"hours": -1}, "hours"), ({"hourz": 1}, "'hours'"),
     ({"days": 400}, "days"), ({"minutes": "5"}, "minutes")],
)  # fmt: skip
def test_a_bad_advance_is_a_problem_naming_the_field(body: dict[str, object], named: str) -> None:
    client = LocalClient(create_app(Settings()))
    answer = client.post("/__admin/clock/advance", json=body)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert named in answer.json()["detail"]


def test_an_export_carries_its_clock_and_minutes_and_loads_alike_elsewhere() -> None:
    started = LocalClient(create_app(Settings(clock_start="2026-12-01T08:00:00Z")))
    started.post("/__admin/clock/advance", json={"days": 2, "minutes": 90})
    started.post(SELECT, json={"conversationId": "c1"})
    exported = started.get("/__admin/export").text
    spec = yaml.safe_load(exported)
    assert spec["clock"] == "2026-12-01T08:00:00Z"
    assert {"op": "advance", "days": 2, "minutes": 90} in spec["history"]
    elsewhere = LocalClient(create_app(Settings()))  # another clock start, the default one
    loaded = elsewhere.post(
        "/__admin/load", content=exported, headers={"content-type": "application/yaml"}
    )
    assert loaded.status_code == 200, loaded.text
    assert clock_of(elsewhere) == clock_of(started)
    assert answers(elsewhere) == answers(started)


@pytest.mark.parametrize("clock", ["2026-02-30T09:00:00Z", "0001-01-01T00:00:00Z"])
def test_a_scenario_clock_that_names_no_usable_moment_is_a_problem(clock: str) -> None:
    client = LocalClient(create_app(Settings()))
    spec = yaml.safe_load(client.get("/__admin/export").text)
    spec["clock"] = clock
    loaded = client.post(
        "/__admin/load", content=yaml.safe_dump(spec), headers={"content-type": "application/yaml"}
    )
    assert loaded.status_code == 400
    assert "clock" in loaded.json()["detail"]


def test_one_instant_in_two_zones_is_one_world() -> None:
    utc = LocalClient(create_app(Settings(clock_start="2026-12-02T02:00:00Z")))
    offset = LocalClient(create_app(Settings(clock_start="2026-12-02T07:00:00+05:00")))
    assert answers(utc) == answers(offset)
