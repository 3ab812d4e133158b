"""The warmup model: daily allowance, health score, the state a number's warmup is in, and the
traffic of a simulated day (docs/decisions.md, M2, M4, W3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from mockserver.domain import warmup
from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.enums import Channel, HealthState, InventoryState, NumberStatus
from mockserver.domain.factories import NumberDraft, new_number, seeded_faker
from mockserver.domain.model import Direction, Outcome, PhoneNumber, TrafficEvent, Warmup
from tests.domain.builders import number

NOW = DEFAULT_START
READY = number("pn_0001", "+15125550100")


def started(days_ago: int, **fields: Any) -> PhoneNumber:
    plain = Warmup(
        enabled=True,
        started_at=NOW - timedelta(days=days_ago),
        pause_reason=None,
        block_reason=None,
        quality=0.97,
    )
    return replace(READY, warmup=replace(plain, **fields))


def sms(outcome: Outcome, **fields: Any) -> TrafficEvent:
    return TrafficEvent(
        "msg_1", "pn_0001", NOW, Channel.SMS, Direction.OUTBOUND, "+15125550199", outcome, **fields
    )


@pytest.mark.parametrize(
    ("state", "progress", "enabled", "allowance"),
    [
        (HealthState.PAUSED, 100, True, (0, 0)),
        (HealthState.BLOCKED, 100, True, (0, 0)),
        (HealthState.NOT_STARTED, 0, True, (0, 0)),
        (HealthState.WARMING, 50, True, (125, 25)),
        (HealthState.HEALTHY, 100, True, (250, 50)),
        (HealthState.READY, 0, False, (250, 50)),
    ],
)
def test_daily_allowance_follows_warmup_progress(
    state: HealthState, progress: int, enabled: bool, allowance: tuple[int, int]
) -> None:
    plan = replace(READY.warmup, state=state, progress_percent=progress, enabled=enabled)
    assert warmup.daily_capacity(plan) == allowance


def test_health_score_is_delivery_less_opt_outs_and_spam() -> None:
    assert warmup.health_score([]) == 100
    delivered = [sms(Outcome.DELIVERED) for _ in range(9)]
    assert warmup.health_score([*delivered, sms(Outcome.FAILED)]) == 90
    opt_out = replace(sms(Outcome.RECEIVED), direction=Direction.INBOUND, is_opt_out=True)
    spam = replace(opt_out, is_opt_out=False, is_spam_signal=True)
    assert warmup.health_score([*delivered, opt_out, spam]) == 100 - 5 - 10
    assert warmup.health_score([sms(Outcome.FAILED)] + [spam] * 20) == 0


@pytest.mark.parametrize(
    ("days_ago", "state", "progress"),
    [(-1, HealthState.NOT_STARTED, 0), (0, HealthState.WARMING, 0), (7, HealthState.WARMING, 50)],
)
def test_a_warmup_ramps_over_fourteen_days(
    days_ago: int, state: HealthState, progress: int
) -> None:
    derived = warmup.derive(started(days_ago), [], NOW).warmup
    assert (derived.state, derived.progress_percent) == (state, progress)
    assert derived.completed_at is None


def test_a_completed_warmup_is_healthy_or_needs_attention_by_its_score() -> None:
    healthy = warmup.derive(started(20), [sms(Outcome.DELIVERED)], NOW).warmup
    assert (healthy.state, healthy.progress_percent) == (HealthState.HEALTHY, 100)
    assert healthy.completed_at == NOW - timedelta(days=20) + timedelta(days=14)
    failing = [sms(Outcome.FAILED)] * 3 + [sms(Outcome.DELIVERED)]
    watched = warmup.derive(started(20), failing, NOW).warmup
    assert watched.state is HealthState.NEEDS_ATTENTION
    assert watched.health_score == 25


def test_a_block_beats_a_pause_which_beats_progress() -> None:
    both = started(20, block_reason="spam filter", pause_reason="rebrand")
    assert warmup.derive(both, [], NOW).warmup.state is HealthState.BLOCKED
    paused = started(20, pause_reason="rebrand")
    assert warmup.derive(paused, [], NOW).warmup.health_reason == "Paused: rebrand"


def test_a_number_without_warmup_is_ready() -> None:
    assert warmup.derive(started(0, enabled=False), [], NOW).warmup.state is HealthState.READY


def test_a_new_number_is_activated_a_day_after_it_was_created() -> None:
    draft = NumberDraft(name="New", number="+15125550111", business_id="biz_0001", user_id=None)
    fresh = new_number(seeded_faker(1), draft, "pn_0100", "evt_0100", NOW, None)
    assert warmup.derive(fresh, [], NOW + timedelta(hours=23)).status is NumberStatus.PROVISIONING
    active = warmup.derive(fresh, [], NOW + timedelta(days=1))
    assert (active.status, active.inventory_state) == (NumberStatus.ACTIVE, InventoryState.ASSIGNED)
    assert active.ten_dlc.assignment_status == "Assigned"


def test_a_simulated_day_is_the_same_for_the_same_seed_and_falls_on_that_day() -> None:
    def ids() -> object:
        counter = iter(range(1, 10_000))
        return lambda prefix: f"{prefix}_{next(counter):04d}"

    warming = warmup.derive(started(3), [], NOW)
    day = warmup.simulate_day(warming, NOW, 7, ids())  # type: ignore[arg-type]
    assert day == warmup.simulate_day(warming, NOW, 7, ids())  # type: ignore[arg-type]
    assert day != warmup.simulate_day(warming, NOW, 8, ids())  # type: ignore[arg-type]
    assert {e.at.date() for e in day} == {NOW.date()}
    assert [e.at for e in day] == sorted(e.at for e in day)
    assert all(e.is_warmup for e in day)


def test_no_traffic_on_a_day_a_number_cannot_send() -> None:
    paused = warmup.derive(started(20, pause_reason="rebrand"), [], NOW)
    assert warmup.simulate_day(paused, NOW, 7, lambda p: p) == []
    assert warmup.simulate_day(replace(READY, enabled=False), NOW, 7, lambda p: p) == []
