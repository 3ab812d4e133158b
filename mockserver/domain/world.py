"""A whole world as one value: what a scenario describes, a reset loads and an export writes."""

from __future__ import annotations

from dataclasses import dataclass

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
