"""Typed domain errors, each with its message: what was expected, what arrived. Only the HTTP edge
turns them into problem+json (mockserver/http/problems.py holds the one status table)."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a domain operation raises on purpose."""


class NotFound(DomainError):
    """The thing the request names does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"No {kind} '{key}' in this world.")
        self.kind = kind
        self.key = key


class Conflict(DomainError):
    """The request would duplicate something that exists."""


class AlreadyExists(Conflict):
    """A create names an id or an E.164 number the world holds already."""

    def __init__(self, what: str, existing_id: str) -> None:
        super().__init__(f"Phone number {what} already exists (id {existing_id}).")
        self.existing_id = existing_id


class WorldFull(Conflict):
    """The world holds as many numbers as it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"This world holds its limit of {limit} numbers.")
        self.limit = limit


class TooMuchWork(DomainError):
    """An advance would play more simulated number-days than one request may."""

    def __init__(self, days: int, numbers: int, limit: int) -> None:
        super().__init__(
            f"Advancing {days} day(s) with {numbers} numbers plays {days * numbers} number-days; "
            f"at most {limit} at once (here {max(1, limit // max(1, numbers))} day(s))."
        )


class HistoryIncomplete(DomainError):
    """The world had more writes since its reset than are kept, so it cannot be exported exactly."""

    def __init__(self) -> None:
        super().__init__(
            "This world has had more writes since its reset than are kept for an exact export."
        )


class ScenarioError(ValueError):
    """A scenario names an unknown value or misses one; the message names the field."""


class StoreUnavailable(Exception):
    """The store cannot be reached just now: a shared store's server is down or busy. Not a
    DomainError: nothing about the request is wrong, and a replay must not skip past it."""
