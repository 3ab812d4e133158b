"""A number's status: warmup, opt-out and traffic metrics over a window of its own history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from mockserver.domain.enums import Channel, HealthState
from mockserver.domain.model import Direction, Outcome, PhoneNumber, TrafficEvent
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


def status_window(
    now: datetime,
    window_days: int | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Window:
    """The window a status request asks for (docs/decisions.md, R6)."""
    days = min(
        MAX_WINDOW_DAYS, max(1, window_days if window_days is not None else DEFAULT_WINDOW_DAYS)
    )
    end = now if end_date is None else _day_after(end_date)
    start = _days_before(end, days) if start_date is None else _midnight(start_date)
    return Window(start=start, end=max(start, end))


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
    sms_sent: int
    sms_delivered: int
    sms_failed: int
    carrier_rejected: int
    sms_received: int
    opt_outs: int
    spam_signals: int
    calls_placed: int
    calls_failed: int
    distinct_contacted: int
    distinct_opted_out: int

    @property
    def delivery_rate(self) -> float:
        return round(100 * self.sms_delivered / self.sms_sent, 2) if self.sms_sent else 0.0

    @property
    def opt_out_rate(self) -> float:
        if not self.distinct_contacted:
            return 0.0
        return round(100 * self.distinct_opted_out / self.distinct_contacted, 2)


def count(events: list[TrafficEvent]) -> Counts:
    """Every metric in one pass: a number keeps thousands of events and status is read often."""
    sms_sent = delivered = rejected = received = opt_outs = spam = calls = no_answer = 0
    contacted: set[str] = set()
    opted_out: set[str] = set()
    for e in events:
        outbound = e.direction is Direction.OUTBOUND
        if outbound:
            contacted.add(e.counterpart)
            if e.channel is Channel.SMS:
                sms_sent += 1
                delivered += e.outcome is Outcome.DELIVERED
                rejected += e.outcome is Outcome.CARRIER_REJECTED
            elif e.channel is Channel.CALL:
                calls += 1
                no_answer += e.outcome is Outcome.NO_ANSWER
        elif e.channel is Channel.SMS and e.direction is Direction.INBOUND:
            received += 1
        if e.is_opt_out:
            opt_outs += 1
            opted_out.add(e.counterpart)
        spam += e.is_spam_signal
    return Counts(
        sms_sent=sms_sent,
        sms_delivered=delivered,
        sms_failed=sms_sent - delivered,
        carrier_rejected=rejected,
        sms_received=received,
        opt_outs=opt_outs,
        spam_signals=spam,
        calls_placed=calls,
        calls_failed=no_answer,
        distinct_contacted=len(contacted),
        distinct_opted_out=len(opted_out & contacted),
    )


@dataclass(frozen=True)
class StatusReport:
    number: PhoneNumber
    window: Window
    window_counts: Counts
    warmup_counts: Counts
    messages_possible: int
    calls_possible: int
    messages_warmed: int
    warmup_calls_made: int
    last_successful_message_at: datetime | None
    last_health_snapshot_at: datetime
    ui_tone: str
    ui_description: str
    recent_actions: tuple[TrafficEvent, ...]
    recent_events: tuple[TrafficEvent, ...]

    @property
    def can_pause(self) -> bool:
        return self.number.warmup.state is HealthState.WARMING

    @property
    def can_resume(self) -> bool:
        return self.number.warmup.state is HealthState.PAUSED


def report(
    number: PhoneNumber,
    window: Window,
    in_window: list[TrafficEvent],
    history: list[TrafficEvent],
    now: datetime,
) -> StatusReport:
    """Metrics of one number: window counts from `in_window`, its whole warmup from `history`."""
    lifetime_warmup = [e for e in history if e.is_warmup]
    messages, calls = daily_capacity(number.warmup)
    last_delivered = next((e.at for e in reversed(history) if e.outcome is Outcome.DELIVERED), None)
    warmup_counts = count(lifetime_warmup)
    tone, description = _UI_STATE[number.warmup.state]
    # Health is recomputed at the daily action time: the snapshot is the latest one so far.
    today = datetime.combine(now.date(), DAILY_ACTION_TIME, now.tzinfo)
    snapshot = max(today if today <= now else today - timedelta(days=1), number.created_at)
    return StatusReport(
        number=number,
        window=window,
        window_counts=count(in_window),
        warmup_counts=warmup_counts,
        messages_possible=messages,
        calls_possible=calls,
        messages_warmed=warmup_counts.sms_sent,
        warmup_calls_made=warmup_counts.calls_placed,
        last_successful_message_at=last_delivered,
        last_health_snapshot_at=snapshot,
        ui_tone=tone,
        ui_description=description,
        recent_actions=tuple(reversed(_outbound(lifetime_warmup)[-RECENT_ACTIONS:])),
        recent_events=tuple(reversed(in_window[-RECENT_EVENTS:])),
    )


def _outbound(events: list[TrafficEvent]) -> list[TrafficEvent]:
    return [e for e in events if e.direction is Direction.OUTBOUND]
