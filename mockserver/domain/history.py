"""The world's write history: one frozen value per kind of write, in the order they were made.

An export is the base scenario, its seed and this history; replaying it gives the same world
(docs/decisions.md, W4). Each kind is its own type, so a `match` over `Write` that forgets one is
a mypy error, not a silent skip.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.domain.model import CreateRequest, SelectionRequest


@dataclass(frozen=True)
class Created:
    request: CreateRequest


@dataclass(frozen=True)
class Selected:
    """A selection in a conversation (one without a conversation changes nothing)."""

    request: SelectionRequest


@dataclass(frozen=True)
class Overridden:
    number_id: str
    request: SelectionRequest


@dataclass(frozen=True)
class Cleared:
    conversation_id: str


@dataclass(frozen=True)
class Advanced:
    days: int


Write = Created | Selected | Overridden | Cleared | Advanced
