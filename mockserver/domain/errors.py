"""Typed domain errors; only the HTTP edge turns them into problem+json."""

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


class StoreUnavailable(Exception):
    """The store cannot be reached just now: a shared store's server is down or busy. Not a
    DomainError: nothing about the request is wrong, and a replay must not skip past it."""
