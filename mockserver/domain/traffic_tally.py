"""Per number and per UTC day, the counts a status report needs: kept on every traffic write (and
taken back when the oldest traffic is dropped), so a report sums days, not events (P2)."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, TrafficEvent

_DAY = timedelta(days=1)
_LAST = datetime.max.replace(tzinfo=UTC)


class Tally(NamedTuple):
    """Counts that add up across days (a tuple: adding two is one zip)."""

    events: int = 0
    sms_sent: int = 0
    sms_delivered: int = 0
    carrier_rejected: int = 0
    sms_received: int = 0
    opt_outs: int = 0
    spam_signals: int = 0
    calls_placed: int = 0
    calls_failed: int = 0
    # Any event with the outcome "delivered": what lastSuccessfulMessageAt is the latest of.
    delivered: int = 0

    @property
    def sms_failed(self) -> int:
        return self.sms_sent - self.sms_delivered

    def plus(self, other: Tally) -> Tally:
        return Tally._make(map(operator.add, self, other))

    def minus(self, other: Tally) -> Tally:
        return Tally._make(map(operator.sub, self, other))


@dataclass(frozen=True)
class DayTally:
    """One number's traffic on one UTC day. Counterparts are kept with how many events each, so
    that dropping the oldest events can take them back exactly."""

    day: date
    every: Tally = field(default_factory=Tally)
    warmup: Tally = field(default_factory=Tally)
    contacted: Mapping[str, int] = field(default_factory=dict)  # outbound counterparts
    opted_out: Mapping[str, int] = field(default_factory=dict)
    last_delivered_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return self.every.events == 0

    def plus(self, other: DayTally) -> DayTally:
        latest = max(
            (t for t in (self.last_delivered_at, other.last_delivered_at) if t), default=None
        )
        return DayTally(
            self.day,
            self.every.plus(other.every),
            self.warmup.plus(other.warmup),
            dict(Counter(self.contacted) + Counter(other.contacted)),
            dict(Counter(self.opted_out) + Counter(other.opted_out)),
            latest,
        )

    def minus(self, oldest: DayTally) -> DayTally:
        """Without `oldest`, the day's first events: the latest delivery stays unless none does."""
        every = self.every.minus(oldest.every)
        return DayTally(
            self.day,
            every,
            self.warmup.minus(oldest.warmup),
            dict(Counter(self.contacted) - Counter(oldest.contacted)),
            dict(Counter(self.opted_out) - Counter(oldest.opted_out)),
            self.last_delivered_at if every.delivered else None,
        )


def total(tallies: Iterable[Tally]) -> Tally:
    """The sum of many tallies in one pass over their columns."""
    columns = list(zip(*tallies, strict=True))
    return Tally._make(map(sum, columns)) if columns else Tally()


def is_action(event: TrafficEvent) -> bool:
    """An outbound warmup message or call: what a status report lists as recent actions."""
    return event.is_warmup and event.direction is Direction.OUTBOUND


def utc_day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def next_midnight(at: datetime) -> datetime:
    """The first midnight after `at` (the end of the calendar on its last day)."""
    day = utc_day(at)
    return _LAST if day == date.max else day_start(day) + _DAY


def tally_of(events: Iterable[TrafficEvent]) -> Tally:
    sms_sent = delivered = rejected = received = opt_outs = spam = calls = no_answer = 0
    n = any_delivered = 0
    for e in events:
        n += 1
        if e.direction is Direction.OUTBOUND:
            if e.channel is Channel.SMS:
                sms_sent += 1
                delivered += e.outcome is Outcome.DELIVERED
                rejected += e.outcome is Outcome.CARRIER_REJECTED
            elif e.channel is Channel.CALL:
                calls += 1
                no_answer += e.outcome is Outcome.NO_ANSWER
        elif e.channel is Channel.SMS and e.direction is Direction.INBOUND:
            received += 1
        opt_outs += e.is_opt_out
        spam += e.is_spam_signal
        any_delivered += e.outcome is Outcome.DELIVERED
    return Tally(
        n, sms_sent, delivered, rejected, received, opt_outs, spam, calls, no_answer, any_delivered
    )


def day_tally(day: date, events: list[TrafficEvent]) -> DayTally:
    """The tally of one day's events (all on `day`, oldest first)."""
    contacted = Counter(e.counterpart for e in events if e.direction is Direction.OUTBOUND)
    opted_out = Counter(e.counterpart for e in events if e.is_opt_out)
    delivered = [e.at for e in events if e.outcome is Outcome.DELIVERED]
    return DayTally(
        day,
        tally_of(events),
        tally_of(e for e in events if e.is_warmup),
        dict(contacted),
        dict(opted_out),
        max(delivered, default=None),
    )


def tallies_by_day(events: Iterable[TrafficEvent]) -> dict[date, DayTally]:
    """Events (of one number, oldest first) as one tally per day they fall on."""
    by_day: dict[date, list[TrafficEvent]] = {}
    for event in events:
        by_day.setdefault(utc_day(event.at), []).append(event)
    return {day: day_tally(day, group) for day, group in by_day.items()}


def merged(
    kept: Mapping[date, DayTally],
    added: Mapping[date, DayTally],
    dropped: Mapping[date, DayTally],
) -> dict[date, DayTally | None]:
    """The days that change: their new tally, or None for a day left without traffic."""
    changed: dict[date, DayTally | None] = {}
    for day in added.keys() | dropped.keys():
        tally = kept.get(day) or DayTally(day)
        if day in added:
            tally = tally.plus(added[day])
        if day in dropped:
            tally = tally.minus(dropped[day])
        changed[day] = None if tally.empty else tally
    return changed
