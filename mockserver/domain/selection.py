"""The selection engine: which number a new outbound message or call goes out from.

Reasons are tried in one priority order (docs/decisions.md, S1): the first that yields a number
that can send wins. Every lookup goes through a store index, so the cost does not grow with the
world.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mockserver.domain.eligibility import (
    NO_NUMBERS_MESSAGE,
    SETUP_MESSAGES,
    Blocker,
    blocker,
    in_scope,
)
from mockserver.domain.enums import Channel, HealthState, SelectionReason
from mockserver.domain.model import Conversation, PhoneNumber, SelectionRequest
from mockserver.domain.phone_format import area_code
from mockserver.domain.store import NumberIndex, Store

# The eligible list is what a user picks a manual override from: enough to choose, bounded.
MAX_CANDIDATES = 25
_FALLBACK_STATES = [
    HealthState.NEEDS_ATTENTION,
    HealthState.WARMING,
    HealthState.NOT_STARTED,
    HealthState.HEALTHY,
    HealthState.READY,
]


@dataclass(frozen=True)
class Candidate:
    number: PhoneNumber
    blocker: Blocker | None
    reason: SelectionReason | None

    @property
    def can_send(self) -> bool:
        return self.blocker is None


@dataclass(frozen=True)
class Selection:
    chosen: Candidate | None
    candidates: tuple[Candidate, ...]
    request: SelectionRequest
    setup_message: str | None

    @property
    def reason(self) -> SelectionReason | None:
        return self.chosen.reason if self.chosen else None

    @property
    def was_manually_overridden(self) -> bool:
        return self.reason is SelectionReason.MANUAL_OVERRIDE


def select(store: Store, request: SelectionRequest, *, override_id: str | None = None) -> Selection:
    """Choose a number for the request; `override_id` stands in for the conversation's pin."""
    channel = request.channel or Channel.SMS
    conversation = store.conversation(request.conversation_id) if request.conversation_id else None
    pinned = override_id or (conversation.override_number_id if conversation else None)
    seen: dict[str, Candidate] = {}
    chosen: Candidate | None = None
    for reason, numbers in _reasons(store, request, conversation, pinned):
        for number in numbers:
            if not in_scope(number, request):
                continue
            candidate = seen.setdefault(
                number.id, Candidate(number, blocker(number, channel), reason)
            )
            if candidate.can_send:
                chosen = Candidate(number, None, reason)
                seen[number.id] = chosen
                break
        if chosen:
            break
    _fill_alternatives(store, request, channel, seen)
    if chosen is None:
        message = _setup_message(seen.values())
        return Selection(None, tuple(seen.values())[:MAX_CANDIDATES], request, message)
    ordered = [chosen, *(c for c in seen.values() if c.number.id != chosen.number.id)]
    return Selection(chosen, tuple(ordered[:MAX_CANDIDATES]), request, None)


def _reasons(
    store: Store,
    request: SelectionRequest,
    conversation: Conversation | None,
    pinned: str | None,
) -> Iterator[tuple[SelectionReason, Iterable[PhoneNumber]]]:
    yield SelectionReason.MANUAL_OVERRIDE, _by_ids(store, pinned)
    yield (
        SelectionReason.STICKY_CONVERSATION,
        _by_ids(store, conversation.sticky_number_id if conversation else None),
    )
    lead = store.lead(request.lead_id) if request.lead_id else None
    yield (
        SelectionReason.LEAD_ASSIGNED,
        _by_ids(store, lead.assigned_phone_number_id if lead else None),
    )
    yield (
        SelectionReason.CAMPAIGN_OR_SOURCE,
        itertools.chain(
            _index(store, NumberIndex.CAMPAIGN, request.campaign_id),
            _index(store, NumberIndex.SOURCE, request.source_id),
        ),
    )
    yield SelectionReason.PREFERRED, _index(store, NumberIndex.PREFERRED, "1")
    recipient = request.recipient_phone_number or (lead.phone_number if lead else None)
    yield SelectionReason.LOCAL_AREA, _index(store, NumberIndex.AREA_CODE, area_code(recipient))
    yield (
        SelectionReason.HEALTHY_POOL,
        itertools.chain(
            _index(store, NumberIndex.HEALTH, HealthState.HEALTHY),
            _index(store, NumberIndex.HEALTH, HealthState.READY),
        ),
    )
    # The default number first; failing that, any number that can send: watched ones, and for
    # calls the numbers still warming up (SMS warmup does not gate voice).
    yield (
        SelectionReason.FALLBACK_DEFAULT,
        itertools.chain(
            _index(store, NumberIndex.DEFAULT, "1"),
            *(_index(store, NumberIndex.HEALTH, state) for state in _FALLBACK_STATES),
        ),
    )


def _by_ids(store: Store, number_id: str | None) -> Iterator[PhoneNumber]:
    number = store.number(number_id) if number_id else None
    if number is not None:
        yield number


def _index(store: Store, index: NumberIndex, key: str | None) -> Iterator[PhoneNumber]:
    return store.numbers_in(index, key) if key else iter(())


def _fill_alternatives(
    store: Store, request: SelectionRequest, channel: Channel, seen: dict[str, Candidate]
) -> None:
    """Add in-scope numbers the reasons did not reach, so the user has something to pick from."""
    teams = [request.team_id, ""] if request.team_id else None
    pools = (
        itertools.chain.from_iterable(store.numbers_in(NumberIndex.TEAM, t) for t in teams)
        if teams
        else itertools.chain.from_iterable(
            store.numbers_in(NumberIndex.HEALTH, s) for s in HealthState
        )
    )
    for number in pools:
        if len(seen) >= MAX_CANDIDATES:
            return
        if number.id not in seen and in_scope(number, request):
            seen[number.id] = Candidate(number, blocker(number, channel), None)


def _setup_message(candidates: Iterable[Candidate]) -> str:
    blockers = [c.blocker for c in candidates if c.blocker is not None]
    if not blockers:
        return NO_NUMBERS_MESSAGE
    # Blocker is declared most-fixable first: tell the user about the nearest way to send.
    return SETUP_MESSAGES[min(blockers, key=list(Blocker).index)]
