"""The in-memory store: dicts behind one re-entrant lock, with indexes kept on every write."""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import TypeVar

import anyio.to_thread

from mockserver.domain.clock import SimulatedClock
from mockserver.domain.history import History, Write, WriteCost, conversation_size
from mockserver.domain.model import (
    Business,
    Campaign,
    Conversation,
    Lead,
    PhoneNumber,
    Source,
    Team,
    TrafficEvent,
    User,
)
from mockserver.domain.status import StatusRead, WindowSpec, read_from
from mockserver.domain.store import NumberIndex, StoreHealth, StoreLimits
from mockserver.domain.traffic_tally import DayTally, is_action, merged, tallies_by_day
from mockserver.domain.world import World, WorldOrigin, highest_ids

T = TypeVar("T")
# Status reads kept for repeating (a dashboard polls a few numbers; a fuzzer must not grow it).
KEPT_READS = 1024


def index_keys(number: PhoneNumber) -> list[tuple[NumberIndex, str]]:
    """Every (index, key) a number is filed under."""
    keys = [(NumberIndex.TEAM, number.team_id or ""), (NumberIndex.HEALTH, number.warmup.state)]
    if number.campaign_id:
        keys.append((NumberIndex.CAMPAIGN, number.campaign_id))
    if number.source_id:
        keys.append((NumberIndex.SOURCE, number.source_id))
    if number.area_code:
        keys.append((NumberIndex.AREA_CODE, number.area_code))
    if number.is_preferred:
        keys.append((NumberIndex.PREFERRED, "1"))
    if number.is_default:
        keys.append((NumberIndex.DEFAULT, "1"))
    return keys


class _TimedLock:
    """The store's re-entrant lock as atomic() hands it out, noting when a write took it (the
    health answer tells a stuck write from a long one)."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._depth = 0
        self.since: float | None = None

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._depth == 0:
            self.since = time.monotonic()
        self._depth += 1

    def __exit__(self, *_exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.since = None
        self._lock.release()

    def try_enter(self) -> bool:
        if not self._lock.acquire(blocking=False):
            return False
        if self._depth == 0:
            self.since = time.monotonic()
        self._depth += 1
        return True


class MemoryStore:
    def __init__(self, limits: StoreLimits | None = None) -> None:
        self._limits = limits or StoreLimits()
        self._lock = threading.RLock()
        self._atomic = _TimedLock(self._lock)
        self._origin: WorldOrigin | None = None
        self._clock = SimulatedClock()
        self._writes: list[Write] = []
        self._spent = WriteCost(0, 0)  # the history's bytes and number-days so far
        self._complete = True
        # Moves on every traffic write and never goes back, across loads too.
        self._traffic_version = 0
        self._clear()

    def atomic(self) -> AbstractContextManager[None]:
        # Admin calls run in a thread pool, so the lock is a thread lock (re-entrant for nesting).
        return self._atomic

    def atomically(self, work: Callable[[], T]) -> T:
        with self._atomic:
            return work()

    async def run_unblocking(self, work: Callable[[], T]) -> T:
        # On the event loop, faster than a thread hop costs, as long as no other write holds
        # the world; else in a worker thread: the event loop must never wait for a long write.
        if self._atomic.try_enter():
            try:
                return work()
            finally:
                self._atomic.__exit__()
        return await anyio.to_thread.run_sync(work)

    def health(self) -> StoreHealth:
        since = self._atomic.since
        held = None if since is None else time.monotonic() - since
        return StoreHealth("memory", True, "the world lives in this process", held_for=held)

    def _clear(self) -> None:
        with self._lock:
            self._counters: dict[str, int] = {}
            self._businesses: dict[str, Business] = {}
            self._users: dict[str, User] = {}
            self._teams: dict[str, Team] = {}
            self._campaigns: dict[str, Campaign] = {}
            self._sources: dict[str, Source] = {}
            self._leads: dict[str, Lead] = {}
            self._numbers: dict[str, PhoneNumber] = {}
            self._by_e164: dict[str, str] = {}
            self._index: dict[tuple[NumberIndex, str], dict[str, None]] = {}
            self._traffic: dict[str, list[TrafficEvent]] = {}
            self._tallies: dict[str, dict[date, DayTally]] = {}
            # Each number's outbound warmup events (a status report's recent actions).
            self._actions: dict[str, list[TrafficEvent]] = {}
            self._conversations: OrderedDict[str, tuple[Conversation, int]] = OrderedDict()
            self._conversation_bytes = 0
            self._reads: dict[tuple[str, WindowSpec], StatusRead] = {}

    def load(
        self,
        world: World,
        origin: WorldOrigin,
        *,
        clock: datetime | None = None,
        history: History | None = None,
    ) -> None:
        with self._lock:
            self._clear()
            self._origin = origin
            self._clock.reset(clock or origin.start)
            history = history or History()
            self._writes = list(history.writes)
            self._spent = WriteCost(history.bytes, history.number_days)
            self._complete = history.complete
            for number in world.numbers:
                self.put_number(number)
            self._businesses = {b.id: b for b in world.businesses}
            self._users = {u.id: u for u in world.users}
            self._teams = {t.id: t for t in world.teams}
            self._campaigns = {c.id: c for c in world.campaigns}
            self._sources = {s.id: s for s in world.sources}
            self._leads = {lead.id: lead for lead in world.leads}
            self.add_traffic(list(world.traffic))
            for conversation in world.conversations:
                self.put_conversation(conversation)
            self._counters = highest_ids(world)

    def snapshot(self) -> World:
        with self._lock:
            return World(
                businesses=tuple(self._businesses.values()),
                users=tuple(self._users.values()),
                teams=tuple(self._teams.values()),
                campaigns=tuple(self._campaigns.values()),
                sources=tuple(self._sources.values()),
                leads=tuple(self._leads.values()),
                numbers=tuple(self._numbers.values()),
                traffic=tuple(e for events in self._traffic.values() for e in events),
                conversations=tuple(c for c, _size in self._conversations.values()),
            )

    def origin(self) -> WorldOrigin | None:
        return self._origin

    def now(self) -> datetime:
        return self._clock.now()

    def tick(self) -> datetime:
        return self._clock.tick()

    def advance_clock(self, delta: timedelta) -> datetime:
        return self._clock.advance(delta)

    def record(self, write: Write, cost: WriteCost) -> None:
        with self._lock:
            if not self._complete:
                return
            spent = self._spent
            if not self._limits.history.admits(
                len(self._writes), spent.bytes, spent.number_days, cost
            ):
                # Incomplete from here on: an export would be wrong, so what was kept goes too.
                self._writes, self._complete = [], False
                return
            self._writes.append(write)
            self._spent = WriteCost(spent.bytes + cost.bytes, spent.number_days + cost.number_days)

    def history(self) -> History:
        with self._lock:
            spent = self._spent
            return History(tuple(self._writes), spent.bytes, spent.number_days, self._complete)

    def next_id(self, prefix: str) -> str:
        with self._lock:
            value = self._counters.get(prefix, 0) + 1
            self._counters[prefix] = value
            return f"{prefix}_{value:04d}"

    def business(self, business_id: str) -> Business | None:
        return self._businesses.get(business_id)

    def user(self, user_id: str) -> User | None:
        return self._users.get(user_id)

    def lead(self, lead_id: str) -> Lead | None:
        return self._leads.get(lead_id)

    def number(self, number_id: str) -> PhoneNumber | None:
        return self._numbers.get(number_id)

    def number_by_e164(self, e164: str) -> PhoneNumber | None:
        number_id = self._by_e164.get(e164)
        return self._numbers.get(number_id) if number_id else None

    def put_number(self, number: PhoneNumber) -> None:
        with self._lock:
            old = self._numbers.get(number.id)
            if old is not None:
                self._by_e164.pop(old.number, None)
                for key in index_keys(old):
                    self._index.get(key, {}).pop(old.id, None)
            self._numbers[number.id] = number
            self._by_e164[number.number] = number.id
            for key in index_keys(number):
                self._index.setdefault(key, {})[number.id] = None

    def numbers_in(self, index: NumberIndex, key: str) -> Iterator[PhoneNumber]:
        # Lazily, never a copy of the ids: the engine reads the first few of pools that can hold
        # the whole world. Callers read under atomic() and write only after they are done.
        for number_id in self._index.get((index, key), {}):
            yield self._numbers[number_id]

    def number_count(self) -> int:
        return len(self._numbers)

    def numbers(self) -> list[PhoneNumber]:
        with self._lock:
            return list(self._numbers.values())

    def add_traffic(self, events: list[TrafficEvent]) -> None:
        with self._lock:
            self._traffic_version += 1
            added: dict[str, list[TrafficEvent]] = {}
            dropped: dict[str, list[TrafficEvent]] = {}
            for event in events:
                number_id = event.phone_number_id
                added.setdefault(number_id, []).append(event)
                history = self._traffic.setdefault(number_id, [])
                actions = self._actions.setdefault(number_id, [])
                _insert(history, event)
                if is_action(event):
                    _insert(actions, event)
                overflow = len(history) - self._limits.max_traffic_per_number
                if overflow > 0:
                    oldest = history[:overflow]
                    del history[:overflow]
                    # The oldest events are the oldest actions too: both lists keep one order.
                    del actions[: sum(map(is_action, oldest))]
                    dropped.setdefault(number_id, []).extend(oldest)
            for number_id, new in added.items():
                days = self._tallies.setdefault(number_id, {})
                gone = tallies_by_day(dropped.get(number_id, []))
                for day, tally in merged(days, tallies_by_day(new), gone).items():
                    if tally is None:
                        days.pop(day, None)
                    else:
                        days[day] = tally

    def traffic(
        self, number_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[TrafficEvent]:
        with self._lock:
            history = self._traffic.get(number_id, [])
            low = 0 if start is None else bisect.bisect_left(history, start, key=lambda e: e.at)
            high = (
                len(history)
                if end is None
                else bisect.bisect_left(history, end, key=lambda e: e.at)
            )
            return history[low:high]

    def status_read(self, e164: str, spec: WindowSpec) -> StatusRead | None:
        with self._lock:
            number = self.number_by_e164(e164)
            if number is None:
                return None
            now = self._clock.now()
            # The read made last for this number and window, while nothing it is made of has
            # moved (numbers are replaced on every change): a polled status reads nothing.
            kept = self._reads.get((number.id, spec))
            if (
                kept is not None
                and kept.number is number
                and kept.now == now
                and kept.traffic_version == self._traffic_version
            ):
                return kept
            read = read_from(
                number,
                now,
                spec,
                dict(self._tallies.get(number.id, {})),
                self._traffic.get(number.id, []),
                self._actions.get(number.id, []),
                self._traffic_version,
            )
            if len(self._reads) >= KEPT_READS:
                self._reads.clear()  # as domain/memo.py: simpler than LRU, refilling is cheap
            self._reads[(number.id, spec)] = read
            return read

    def conversation(self, conversation_id: str) -> Conversation | None:
        found = self._conversations.get(conversation_id)
        return found[0] if found else None

    def recent_conversations(self, limit: int) -> list[Conversation]:
        with self._lock:
            newest = itertools.islice(reversed(self._conversations.values()), limit)
            return [conversation for conversation, _size in newest]

    def put_conversation(self, conversation: Conversation) -> None:
        with self._lock:
            old = self._conversations.pop(conversation.id, None)
            if old is not None:
                self._conversation_bytes -= old[1]
            size = conversation_size(conversation)
            self._conversations[conversation.id] = (conversation, size)
            self._conversation_bytes += size
            limits = self._limits
            while len(self._conversations) > limits.max_conversations or (
                self._conversation_bytes > limits.max_conversation_bytes
                and len(self._conversations) > 1
            ):
                _id, (_dropped, dropped_size) = self._conversations.popitem(last=False)
                self._conversation_bytes -= dropped_size


def _insert(events: list[TrafficEvent], event: TrafficEvent) -> None:
    """In time order, after events at the same moment (the order they were added)."""
    if events and event.at < events[-1].at:
        bisect.insort(events, event, key=lambda e: e.at)
    else:
        events.append(event)
