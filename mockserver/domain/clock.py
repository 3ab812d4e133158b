"""The simulated clock: time is an input, so the same seed and requests give the same bytes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# A fixed default start keeps worlds identical across machines and days.
DEFAULT_START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
MINUTES_A_DAY = 24 * 60
# The years a world's clock may start in: a world holds history before its start, and a clock
# near datetime's end would overflow on its first tick.
CLOCK_YEARS = range(1971, 9000)


def clock_start_from_text(text: str) -> datetime:
    """An ISO 8601 moment with a zone, as UTC; ValueError saying what was expected."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.year not in CLOCK_YEARS:
        raise ValueError(
            "expected an ISO 8601 time with a zone, from 1971 to 8999, e.g. "
            f"2026-12-02T09:00:00Z, got {text[:40]!r}"
        )
    return moment.astimezone(UTC)


# Each write moves time on by this much, so records made one after another are ordered.
WRITE_STEP = timedelta(seconds=1)


class SimulatedClock:
    """A clock that moves only when told: one step per write, or whole days on request."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock's start needs a time zone")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now

    def tick(self) -> datetime:
        """Advance by one write step and return the new time."""
        with self._lock:
            self._now += WRITE_STEP
            return self._now

    def reset(self, start: datetime = DEFAULT_START) -> None:
        with self._lock:
            self._now = start.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._now += delta
            return self._now
