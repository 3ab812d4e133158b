"""A whole world as one value: what a scenario describes, a reset loads and an export writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mockserver.domain.clock import DEFAULT_START
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


@dataclass(frozen=True)
class World:
    businesses: tuple[Business, ...] = ()
    users: tuple[User, ...] = ()
    teams: tuple[Team, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    sources: tuple[Source, ...] = ()
    leads: tuple[Lead, ...] = ()
    numbers: tuple[PhoneNumber, ...] = ()
    traffic: tuple[TrafficEvent, ...] = ()
    conversations: tuple[Conversation, ...] = ()


@dataclass(frozen=True)
class WorldOrigin:
    """What a world was built from, kept in the store with it: any process serving the world
    can then play its days (the seed), export it and rebuild it after a loss."""

    seed: int
    scenario: str
    # The scenario's own definition as JSON text: the domain keeps it and never reads it.
    definition: str = "{}"
    start: datetime = DEFAULT_START


def highest_ids(world: World) -> dict[str, int]:
    """The highest number in use per id prefix (pn_0013 -> pn: 13), so a store's next_id never
    repeats an id the world already holds."""
    events = (event.id for number in world.numbers for event in number.events)
    ids = [*(n.id for n in world.numbers), *events, *(e.id for e in world.traffic)]
    highest: dict[str, int] = {}
    for entity_id in ids:
        prefix, _, digits = entity_id.rpartition("_")
        if prefix and digits.isdigit():
            highest[prefix] = max(highest.get(prefix, 0), int(digits))
    return highest
