"""The world's write history: one frozen value per kind of write, in the order they were made.

An export is the base scenario, its seed and this history; replaying it gives the same world
(docs/decisions.md, W4). Each kind is its own type, so a `match` over `Write` that forgets one is
a mypy error, not a silent skip.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.domain.model import Conversation, CreateRequest, SelectionRequest


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
    """The clock moved on: whole days play traffic; minutes (under a day) only move the clock."""

    days: int
    minutes: int = 0


Write = Created | Selected | Overridden | Cleared | Advanced


# What one write costs the history, beyond the text it holds: the op and the field names.
WRITE_OVERHEAD = 64


def size_of(write: Write) -> int:
    """About how many bytes a write takes kept or exported: its text, bounded per field by the
    request it came from, plus a fixed overhead."""
    texts: tuple[str | None, ...]
    match write:
        case Created(request):
            texts = (request.name, request.number, request.business_id, request.id)
        case Selected(request) | Overridden(_, request):
            texts = _selection_texts(request)
            if isinstance(write, Overridden):
                texts = (*texts, write.number_id)
        case Cleared(conversation_id):
            texts = (conversation_id,)
        case Advanced():
            texts = ()
    return WRITE_OVERHEAD + sum(len(t.encode("utf-8", "surrogatepass")) for t in texts if t)


def _selection_texts(request: SelectionRequest) -> tuple[str | None, ...]:
    return (
        request.conversation_id,
        request.lead_id,
        request.recipient_phone_number,
        request.campaign_id,
        request.source_id,
        request.team_id,
    )


@dataclass(frozen=True)
class HistoryBudget:
    """How much history a world keeps for an exact export (docs/decisions.md, W4, H8). Past any
    bound the history is marked incomplete and export answers 409; a load is checked against
    the same bounds, so whatever exports loads again."""

    writes: int = 10_000
    bytes: int = 8 * 1024 * 1024
    # Simulated number-days (days advanced x numbers in the world): what a replay costs.
    number_days: int = 100_000

    def admits(self, writes: int, size: int, number_days: int, cost: WriteCost) -> bool:
        """Whether a history of `writes` writes, `size` bytes and `number_days` has room for
        one more write of this cost."""
        return (
            writes < self.writes
            and size + cost.bytes <= self.bytes
            and number_days + cost.number_days <= self.number_days
        )


@dataclass(frozen=True)
class WriteCost:
    bytes: int
    number_days: int = 0


@dataclass(frozen=True)
class History:
    """The writes since a world's reset, what they cost, and whether every one was kept."""

    writes: tuple[Write, ...] = ()
    bytes: int = 0
    number_days: int = 0
    complete: bool = True


def conversation_size(conversation: Conversation) -> int:
    """About how many bytes a remembered conversation takes: ids are free text of any length."""
    texts = (
        conversation.id,
        conversation.sticky_number_id,
        conversation.override_number_id,
        *_selection_texts(conversation.request),
    )
    return WRITE_OVERHEAD + sum(len(t.encode("utf-8", "surrogatepass")) for t in texts if t)
