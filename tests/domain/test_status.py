"""Status metrics: the window a request asks for, counts and rates over it, and the report's
parts (docs/decisions.md, R6, M1, M3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, PhoneNumber, TrafficEvent
from mockserver.domain.status import (
    StatusReport,
    WindowSpec,
    count,
    delivery_rate,
    read_from,
    report,
    status_window,
)
from mockserver.domain.traffic_tally import is_action, tallies_by_day
from tests.domain.builders import number

NOW = DEFAULT_START
READY = number("pn_0001", "+15125550100")


def event(
    outcome: Outcome,
    *,
    to: str = "+15125550199",
    channel: Channel = Channel.SMS,
    direction: Direction = Direction.OUTBOUND,
    at: datetime = NOW,
    **fields: Any,
) -> TrafficEvent:
    return TrafficEvent("msg_1", "pn_0001", at, channel, direction, to, outcome, **fields)


@pytest.mark.parametrize(
    ("window_days", "days"), [(None, 30), (7, 7), (0, 1), (-5, 1), (400, 365), (2**31 - 1, 365)]
)
def test_window_days_default_to_30_and_are_clamped(window_days: int | None, days: int) -> None:
    window = status_window(NOW, window_days)
    assert (window.end, window.days) == (NOW, days)


def test_start_and_end_dates_are_whole_inclusive_days() -> None:
    window = status_window(NOW, 7, date(2026, 11, 1), date(2026, 11, 10))
    assert window.start == datetime(2026, 11, 1, tzinfo=UTC)
    assert window.end == datetime(2026, 11, 11, tzinfo=UTC)
    assert window.days == 10


def test_a_start_after_the_end_is_an_empty_window() -> None:
    window = status_window(NOW, None, date(2026, 11, 10), date(2026, 11, 1))
    assert window.days == 0
    assert window.start == window.end


def test_the_last_day_of_the_calendar_is_a_window_too() -> None:
    assert status_window(NOW, None, date(9999, 12, 1), date.max).days == 30


def test_counts_and_rates_are_recomputable_from_each_other() -> None:
    events = [
        event(Outcome.DELIVERED, to="+15125550101"),
        event(Outcome.DELIVERED, to="+15125550102"),
        event(Outcome.CARRIER_REJECTED, to="+15125550103"),
        event(Outcome.FAILED, to="+15125550103"),
        event(Outcome.RECEIVED, to="+15125550101", direction=Direction.INBOUND, is_opt_out=True),
        event(Outcome.ANSWERED, channel=Channel.CALL, to="+15125550104"),
        event(Outcome.NO_ANSWER, channel=Channel.CALL, to="+15125550104"),
    ]
    counts = count((), events)
    tally = counts.tally
    assert (tally.sms_sent, tally.sms_delivered, counts.sms_failed) == (4, 2, 2)
    assert tally.carrier_rejected == 1
    assert (counts.calls_placed, counts.calls_failed, tally.sms_received) == (2, 1, 1)
    assert (counts.distinct_contacted, counts.distinct_opted_out) == (4, 1)
    assert delivery_rate(tally) == 50.0
    assert counts.opt_out_rate == 25.0
    by_days = count(list(tallies_by_day(events).values()))
    assert by_days == counts, "a day's tally counts as its events do"


def test_nothing_sent_is_a_rate_of_zero() -> None:
    assert (delivery_rate(count(()).tally), count(()).opt_out_rate) == (0.0, 0.0)


def status_of(
    subject: PhoneNumber, events: list[TrafficEvent], now: datetime, days: int = 7
) -> StatusReport:
    tallies = tallies_by_day(events)
    actions = [e for e in events if is_action(e)]
    return report(read_from(subject, now, WindowSpec(days), tallies, events, actions))


def test_the_report_counts_the_window_and_the_whole_warmup() -> None:
    old = event(Outcome.DELIVERED, at=NOW - timedelta(days=40), is_warmup=True)
    recent = [
        event(Outcome.DELIVERED, at=NOW - timedelta(hours=h), is_warmup=h % 2 == 0)
        for h in range(1, 13)
    ]
    done = status_of(READY, [old, *recent], NOW, 30)
    assert done.window_counts.sms_sent == 12
    assert done.messages_warmed == 7  # the old warmup message and six recent ones
    assert done.last_successful_message_at == recent[-1].at
    assert len(done.recent_events) == 10
    assert done.recent_events[0] == recent[-1], "newest first"
    assert all(a.is_warmup for a in done.recent_actions)


def test_the_health_snapshot_is_todays_when_the_daily_time_has_passed() -> None:
    morning = NOW.replace(hour=9)
    at_three = status_of(READY, [], NOW).last_health_snapshot_at
    before = status_of(READY, [], morning).last_health_snapshot_at
    assert at_three == NOW.replace(hour=15)
    assert before == NOW.replace(hour=15) - timedelta(days=1)
    later = NOW + timedelta(hours=1)
    brand_new = replace(READY, created_at=NOW + timedelta(minutes=30))
    snapshot = status_of(brand_new, [], later).last_health_snapshot_at
    assert snapshot == brand_new.created_at, "never before the number existed"


def test_the_first_days_of_the_calendar_are_a_window_too() -> None:
    window = status_window(NOW, 30, None, date.min)
    assert window.start == datetime.min.replace(tzinfo=UTC)
    assert window.days == 1
    assert status_window(NOW, None, date.min, date.min).days == 1
