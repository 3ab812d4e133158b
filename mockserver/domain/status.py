"""A number's status: warmup, opt-out and traffic metrics over a window of its own history."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from mockserver.domain.enums import HealthState
from mockserver.domain.model import Direction, Outcome, PhoneNumber, TrafficEvent
from mockserver.domain.traffic_tally import (
    DayTally,
    Tally,
    day_start,
    next_midnight,
    tally_of,
    total,
    utc_day,
)
from mockserver.domain.warmup import DAILY_ACTION_TIME, daily_capacity

DEFAULT_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 365
RECENT_EVENTS = 10
RECENT_ACTIONS = 5

_UI_STATE = {
    HealthState.NOT_STARTED: ("neutral", "Warmup starts soon."),
    HealthState.WARMING: ("info", "Warming up; volume grows every day."),
    HealthState.HEALTHY: ("success", "Healthy and sending at full volume."),
    HealthState.NEEDS_ATTENTION: ("warning", "Deliverability dropped; review recent messages."),
    HealthState.PAUSED: ("warning", "Warmup is paused."),
    HealthState.BLOCKED: ("danger", "Carriers are blocking this number."),
    HealthState.READY: ("success", "Ready to send."),
}


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days)


@dataclass(frozen=True)
class WindowSpec:
    """The window a status request asks for (docs/decisions.md, R6), before the clock is read."""

    window_days: int | None = None
    start_date: date | None = None
    end_date: date | None = None

    @property
    def days(self) -> int:
        asked = self.window_days if self.window_days is not None else DEFAULT_WINDOW_DAYS
        return min(MAX_WINDOW_DAYS, max(1, asked))

    @property
    def fixed_end(self) -> datetime | None:
        """The end when an end date is given; None: the end is the clock."""
        return None if self.end_date is None else _day_after(self.end_date)

    @property
    def fixed_start(self) -> datetime | None:
        """The start when a start date is given; None: `days` before the end."""
        return None if self.start_date is None else _midnight(self.start_date)

    def at(self, now: datetime) -> Window:
        end = self.fixed_end or now
        start = self.fixed_start or _days_before(end, self.days)
        return Window(start=start, end=max(start, end))


def status_window(
    now: datetime,
    window_days: int | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Window:
    return WindowSpec(window_days, start_date, end_date).at(now)


def _days_before(end: datetime, days: int) -> datetime:
    """`days` before `end`, or the first moment of the calendar when that is earlier (an
    endDate of 0001-01-01 is a date the contract accepts)."""
    earliest = datetime.min.replace(tzinfo=UTC)
    return earliest if end - earliest < timedelta(days=days) else end - timedelta(days=days)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def _day_after(day: date) -> datetime:
    return (
        _midnight(day) + timedelta(days=1) if day < date.max else datetime.max.replace(tzinfo=UTC)
    )


@dataclass(frozen=True)
class Counts:
    """A window's counts, and how many counterparts it contacted and saw opt out."""

    tally: Tally
    distinct_contacted: int
    distinct_opted_out: int

    @property
    def sms_sent(self) -> int:
        return self.tally.sms_sent

    @property
    def sms_failed(self) -> int:
        return self.tally.sms_failed

    @property
    def calls_placed(self) -> int:
        return self.tally.calls_placed

    @property
    def calls_failed(self) -> int:
        return self.tally.calls_failed

    @property
    def opt_out_rate(self) -> float:
        if not self.distinct_contacted:
            return 0.0
        return round(100 * self.distinct_opted_out / self.distinct_contacted, 2)


def delivery_rate(tally: Tally) -> float:
    return round(100 * tally.sms_delivered / tally.sms_sent, 2) if tally.sms_sent else 0.0


def count(days: Sequence[DayTally], events: Sequence[TrafficEvent] = ()) -> Counts:
    """The counts of whole days' tallies and of loose events (a window's partial days)."""
    contacted = {e.counterpart for e in events if e.direction is Direction.OUTBOUND}
    opted_out = {e.counterpart for e in events if e.is_opt_out}
    for day in days:
        contacted.update(day.contacted)
        opted_out.update(day.opted_out)
    tally = total([tally_of(events), *(day.every for day in days)])
    return Counts(tally, len(contacted), len(opted_out & contacted))


@dataclass(frozen=True)
class Span:
    """A store's traffic of one number with start <= at < end, oldest first."""

    start: datetime
    end: datetime
    events: Sequence[TrafficEvent]


def edge_spans(window: Window, now: datetime) -> list[tuple[datetime, datetime]]:
    """Where a report needs events rather than day tallies: the window's partial first and
    last days and today up to now; sorted, disjoint, none empty."""
    first_full, full_end = _whole_days(window)
    wanted = (
        [(window.start, window.end)]
        if first_full >= full_end
        else [(window.start, first_full), (full_end, window.end)]
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted([*wanted, (day_start(utc_day(now)), now)]):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _whole_days(window: Window) -> tuple[datetime, datetime]:
    """From the window's first midnight to its last: the days it covers whole."""
    first = window.start
    if first != day_start(utc_day(first)):
        first = next_midnight(first)
    return first, day_start(utc_day(window.end))


@dataclass(frozen=True)
class StatusRead:
    """What a status report is made of, read from a store in one step: the number, the clock,
    the number's day tallies, its events on the edge spans, and its latest events and actions."""

    number: PhoneNumber
    now: datetime
    window: Window
    days: Mapping[date, DayTally]
    edges: Sequence[Span]
    recent_events: tuple[TrafficEvent, ...]  # the window's last RECENT_EVENTS, newest first
    recent_actions: tuple[TrafficEvent, ...]  # outbound warmup before now, newest first
    # Moves whenever the store's traffic does; None: the store keeps no such count.
    traffic_version: int | None = None

    def between(self, start: datetime, end: datetime) -> list[TrafficEvent]:
        """Events with start <= at < end, from the edge spans (which must cover the range)."""
        found: list[TrafficEvent] = []
        for span in self.edges:
            if span.end <= start or span.start >= end:
                continue
            events = span.events
            low = bisect.bisect_left(events, start, key=lambda e: e.at)
            high = bisect.bisect_left(events, end, key=lambda e: e.at)
            found.extend(events[low:high])
        return found


@dataclass(frozen=True)
class StatusReport:
    number: PhoneNumber
    window: Window
    window_counts: Counts
    warmup_counts: Tally
    messages_possible: int
    calls_possible: int
    last_successful_message_at: datetime | None
    last_health_snapshot_at: datetime
    ui_tone: str
    ui_description: str
    recent_actions: tuple[TrafficEvent, ...]
    recent_events: tuple[TrafficEvent, ...]

    @property
    def messages_warmed(self) -> int:
        return self.warmup_counts.sms_sent

    @property
    def warmup_calls_made(self) -> int:
        return self.warmup_counts.calls_placed

    @property
    def can_pause(self) -> bool:
        return self.number.warmup.state is HealthState.WARMING

    @property
    def can_resume(self) -> bool:
        return self.number.warmup.state is HealthState.PAUSED


def report(read: StatusRead) -> StatusReport:
    """Metrics of one number: the window's from its whole days' tallies and its partial days'
    events, the lifetime warmup's from every day before today and today's events so far."""
    number, window, now = read.number, read.window, read.now
    days = sorted(read.days)
    first_full, full_end = _whole_days(window)
    if first_full >= full_end:
        window_counts = count((), read.between(window.start, window.end))
    else:
        low = bisect.bisect_left(days, utc_day(first_full))
        high = bisect.bisect_left(days, utc_day(full_end))
        edges = read.between(window.start, first_full) + read.between(full_end, window.end)
        window_counts = count([read.days[d] for d in days[low:high]], edges)
    today = read.between(day_start(utc_day(now)), now)
    before_today = days[: bisect.bisect_left(days, utc_day(now))]
    warmup = total(
        [tally_of(e for e in today if e.is_warmup), *(read.days[d].warmup for d in before_today)]
    )
    messages, calls = daily_capacity(number.warmup)
    tone, description = _UI_STATE[number.warmup.state]
    # Health is recomputed at the daily action time: the snapshot is the latest one so far.
    at_action_time = datetime.combine(now.date(), DAILY_ACTION_TIME, now.tzinfo)
    snapshot = max(
        at_action_time if at_action_time <= now else at_action_time - timedelta(days=1),
        number.created_at,
    )
    return StatusReport(
        number=number,
        window=window,
        window_counts=window_counts,
        warmup_counts=warmup,
        messages_possible=messages,
        calls_possible=calls,
        last_successful_message_at=_last_delivered(read, today, before_today),
        last_health_snapshot_at=snapshot,
        ui_tone=tone,
        ui_description=description,
        recent_actions=read.recent_actions,
        recent_events=read.recent_events,
    )


def _last_delivered(
    read: StatusRead, today: list[TrafficEvent], before_today: list[date]
) -> datetime | None:
    found = next((e.at for e in reversed(today) if e.outcome is Outcome.DELIVERED), None)
    if found is not None:
        return found
    for day in reversed(before_today):
        tally = read.days[day]
        if tally.every.delivered:
            return tally.last_delivered_at
    return None


def read_from(
    number: PhoneNumber,
    now: datetime,
    spec: WindowSpec,
    days: Mapping[date, DayTally],
    traffic: Sequence[TrafficEvent],
    actions: Sequence[TrafficEvent],
    traffic_version: int | None = None,
) -> StatusRead:
    """A status read over a number's whole traffic and its outbound warmup events, both
    oldest first (the in-memory store keeps them so)."""
    window = spec.at(now)

    def position(events: Sequence[TrafficEvent], at: datetime) -> int:
        return bisect.bisect_left(events, at, key=lambda e: e.at)

    edges = [
        Span(start, end, traffic[position(traffic, start) : position(traffic, end)])
        for start, end in edge_spans(window, now)
    ]
    low, high = position(traffic, window.start), position(traffic, window.end)
    recent = traffic[max(low, high - RECENT_EVENTS) : high]
    acted = position(actions, now)
    return StatusRead(
        number,
        now,
        window,
        days,
        edges,
        tuple(reversed(recent)),
        tuple(reversed(actions[max(0, acted - RECENT_ACTIONS) : acted])),
        traffic_version,
    )


class Reports:
    """Reports already made, by all they are made of: the number (its object: numbers are
    replaced on every change), the clock, the window and the store's traffic version. A
    dashboard polling numbers between writes gets the same report again (P10)."""

    def __init__(self, keep: int = 4096) -> None:
        self._keep = keep
        self._kept: dict[tuple[str, datetime, Window, int], tuple[PhoneNumber, StatusReport]] = {}

    def of(self, read: StatusRead) -> StatusReport:
        if read.traffic_version is None:
            return report(read)
        key = (read.number.id, read.now, read.window, read.traffic_version)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is read.number:
            return kept[1]
        made = report(read)
        if len(self._kept) >= self._keep:
            self._kept.clear()  # as domain/memo.py: simpler than LRU, and refilling is cheap
        self._kept[key] = (read.number, made)
        return made
