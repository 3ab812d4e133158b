"""The store interface: the domain's only way to state, the world's clock and its history.
In memory (memory_store.py) or shared by many processes (mockserver/redis_store.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from mockserver.domain.history import History, HistoryBudget, Write, WriteCost
from mockserver.domain.model import (
    Business,
    Conversation,
    Lead,
    PhoneNumber,
    TrafficEvent,
    User,
)
from mockserver.domain.status import StatusRead, WindowSpec
from mockserver.domain.world import World, WorldOrigin


@dataclass(frozen=True)
class StoreLimits:
    """Bounds on what grows with traffic, so a day of fuzzing cannot exhaust memory."""

    max_conversations: int = 10_000
    # Conversation ids are free text: the bound is on bytes too (least recently used dropped).
    max_conversation_bytes: int = 32 * 1024 * 1024
    max_traffic_per_number: int = 5_000
    history: HistoryBudget = field(default_factory=HistoryBudget)


class NumberIndex(StrEnum):
    """Lookups the selection engine makes, so that no request scans the whole world."""

    TEAM = "team"  # key: team id, or "" for numbers shared by the whole account
    CAMPAIGN = "campaign"
    SOURCE = "source"
    AREA_CODE = "area_code"
    PREFERRED = "preferred"  # key: "1"
    DEFAULT = "default"  # key: "1"
    HEALTH = "health"  # key: the HealthState value


@dataclass(frozen=True)
class StoreHealth:
    """Whether the store answers, for the health endpoint and the logs (never a secret)."""

    backend: str
    up: bool
    detail: str
    namespace: str | None = None
    # How long the world's lock has been held by one write, in seconds; None while it is free.
    held_for: float | None = None


T = TypeVar("T")


class Store(Protocol):
    def atomic(self) -> AbstractContextManager[None]:
        """Run a read-modify-write as one step, whoever else is writing, holding the whole
        world meanwhile (a reset, a load, a simulated day)."""
        ...

    def atomically(self, work: Callable[[], T]) -> T:
        """Run one request's read-modify-write as one step, whoever else is writing. The store
        may run `work` more than once (another writer got in first), so `work` changes nothing
        but the store, and what it returns or raises is that of the run that counted."""
        ...

    def run_unblocking(self, work: Callable[[], T]) -> Awaitable[T]:
        """Run one request's `work` for an event loop, which it must never block: inline while
        that needs no waiting, else where waiting is harmless (a worker thread, or each wait
        on the network awaited)."""
        ...

    def health(self) -> StoreHealth: ...

    def load(
        self,
        world: World,
        origin: WorldOrigin,
        *,
        clock: datetime | None = None,
        history: History | None = None,
    ) -> None:
        """Replace everything with this world: the clock at `clock` (its start when None), the
        history `history` (empty when None; a world built by replaying writes keeps them)."""
        ...

    def origin(self) -> WorldOrigin | None:
        """What the world was built from; None while the store holds no world yet."""
        ...

    def snapshot(self) -> World: ...

    def now(self) -> datetime:
        """The world's simulated time: it moves only by tick and advance_clock."""
        ...

    def tick(self) -> datetime:
        """Move the clock on by one write step and return the new time."""
        ...

    def advance_clock(self, delta: timedelta) -> datetime: ...

    def record(self, write: Write, cost: WriteCost) -> None:
        """Keep a write for export; past the history budget the history is marked incomplete."""
        ...

    def history(self) -> History:
        """Every write since the load, oldest first, and whether all were kept."""
        ...

    def next_id(self, prefix: str) -> str:
        """A fresh id such as pn_0013: deterministic for the same sequence of calls."""
        ...

    def business(self, business_id: str) -> Business | None: ...

    def user(self, user_id: str) -> User | None: ...

    def lead(self, lead_id: str) -> Lead | None: ...

    def number(self, number_id: str) -> PhoneNumber | None: ...

    def number_by_e164(self, e164: str) -> PhoneNumber | None: ...

    def put_number(self, number: PhoneNumber) -> None:
        """Insert or replace a number (by id), keeping every index current."""
        ...

    def numbers_in(self, index: NumberIndex, key: str) -> Iterator[PhoneNumber]:
        """Numbers under one index key, in the order they were added, produced lazily (a pool
        can hold the whole world): read them under atomic() and write only after."""
        ...

    def number_count(self) -> int: ...

    def numbers(self) -> list[PhoneNumber]:
        """Every number, in the order added (for whole-world steps such as a simulated day)."""
        ...

    def add_traffic(self, events: list[TrafficEvent]) -> None:
        """Keep events, and each number's day tallies (traffic_tally.py) with them; past
        max_traffic_per_number a number's oldest events go, and their tallies with them."""
        ...

    def traffic(
        self, number_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[TrafficEvent]:
        """A number's traffic with start <= at < end, oldest first."""
        ...

    def status_read(self, e164: str, spec: WindowSpec) -> StatusRead | None:
        """What a status report of the number needs, as of one moment of the world (None: no
        such number); it costs the days with traffic, not the events."""
        ...

    def conversation(self, conversation_id: str) -> Conversation | None: ...

    def put_conversation(self, conversation: Conversation) -> None: ...

    def recent_conversations(self, limit: int) -> list[Conversation]:
        """Up to `limit` conversations, the most recently stored first (for the dashboard)."""
        ...
