"""The store interface: the domain's only way to state. In memory now; shared (Redis) later."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from mockserver.domain.model import (
    Business,
    Conversation,
    Lead,
    PhoneNumber,
    TrafficEvent,
    User,
)
from mockserver.domain.world import World


class NumberIndex(StrEnum):
    """Lookups the selection engine makes, so that no request scans the whole world."""

    TEAM = "team"  # key: team id, or "" for numbers shared by the whole account
    CAMPAIGN = "campaign"
    SOURCE = "source"
    AREA_CODE = "area_code"
    PREFERRED = "preferred"  # key: "1"
    DEFAULT = "default"  # key: "1"
    HEALTH = "health"  # key: the HealthState value


class Store(Protocol):
    def atomic(self) -> AbstractContextManager[None]:
        """Run a read-modify-write as one step, whoever else is writing."""
        ...

    def load(self, world: World) -> None:
        """Replace everything with this world."""
        ...

    def snapshot(self) -> World: ...

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

    def add_traffic(self, events: list[TrafficEvent]) -> None: ...

    def traffic(
        self, number_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[TrafficEvent]:
        """A number's traffic with start <= at < end, oldest first."""
        ...

    def conversation(self, conversation_id: str) -> Conversation | None: ...

    def put_conversation(self, conversation: Conversation) -> None: ...
