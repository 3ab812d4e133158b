"""The simulated clock: time is an input, so the same seed and requests give the same bytes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# A fixed default start keeps worlds identical across machines and days.
DEFAULT_START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
MINUTES_A_DAY = 24 * 60
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
