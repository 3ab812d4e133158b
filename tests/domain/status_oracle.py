"""The status metrics as defined before day tallies: counted from a number's events, one pass
each. The tallied report (domain/status.py) must agree with it on any traffic and window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mockserver.domain.model import Direction, Outcome, TrafficEvent
from mockserver.domain.status import RECENT_ACTIONS, RECENT_EVENTS, Window
from mockserver.domain.traffic_tally import Tally, tally_of


@dataclass(frozen=True)
class Expected:
    window: Tally
    distinct_contacted: int
    distinct_opted_out: int
    warmup: Tally
    last_delivered_at: datetime | None
    recent_events: tuple[TrafficEvent, ...]
    recent_actions: tuple[TrafficEvent, ...]


def expected(events: list[TrafficEvent], window: Window, now: datetime) -> Expected:
    """`events`: all of the number's traffic, oldest first."""
    in_window = [e for e in events if window.start <= e.at < window.end]
    history = [e for e in events if e.at < now]
    contacted = {e.counterpart for e in in_window if e.direction is Direction.OUTBOUND}
    opted_out = {e.counterpart for e in in_window if e.is_opt_out}
    warmup = [e for e in history if e.is_warmup]
    actions = [e for e in warmup if e.direction is Direction.OUTBOUND]
    delivered = [e.at for e in history if e.outcome is Outcome.DELIVERED]
    return Expected(
        window=tally_of(in_window),
        distinct_contacted=len(contacted),
        distinct_opted_out=len(opted_out & contacted),
        warmup=tally_of(warmup),
        last_delivered_at=delivered[-1] if delivered else None,
        recent_events=tuple(reversed(in_window[-RECENT_EVENTS:])),
        recent_actions=tuple(reversed(actions[-RECENT_ACTIONS:])),
    )
