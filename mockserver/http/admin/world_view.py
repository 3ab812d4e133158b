"""What the dashboard reads of a world beyond its state: every number with whether it can send
and why not, and the conversations with their sticky number and override (GET /__admin/numbers,
GET /__admin/conversations). The same rules the selection engine applies, never a copy."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from mockserver.domain.eligibility import SETUP_MESSAGES, blocker, health_warning
from mockserver.domain.enums import HEALTH_LABELS, Channel
from mockserver.domain.model import Conversation, PhoneNumber
from mockserver.domain.phone_format import display_number
from mockserver.domain.store import Store
from mockserver.http.admin.dispatch import AdminRequest, Routes
from mockserver.http.admin.inputs import query_count
from mockserver.wire.request_bodies import selection_to_json
from mockserver.worlds.control import WorldControl

Json = dict[str, Any]
# A table a person reads: the whole default world, and a bounded answer for a world of 20,000.
NUMBERS_SHOWN = 200
MAX_NUMBERS_SHOWN = 2000
CONVERSATIONS_SHOWN = 50
MAX_CONVERSATIONS_SHOWN = 1000


def world_view_routes(control: WorldControl) -> Routes:
    async def numbers(request: AdminRequest) -> Response:
        limit = query_count(request.query.get("limit"), "limit", NUMBERS_SHOWN, MAX_NUMBERS_SHOWN)
        return JSONResponse(await run_in_threadpool(numbers_view, control.service.store, limit))

    async def conversations(request: AdminRequest) -> Response:
        limit = query_count(
            request.query.get("limit"), "limit", CONVERSATIONS_SHOWN, MAX_CONVERSATIONS_SHOWN
        )
        store = control.service.store
        return JSONResponse(await run_in_threadpool(conversations_view, store, limit))

    return {"/numbers": {"GET": numbers}, "/conversations": {"GET": conversations}}


def number_row(number: PhoneNumber) -> Json:
    """One number as the dashboard's table shows it; per channel, a blocker and its message."""
    blockers = {channel: blocker(number, channel) for channel in Channel}
    warmup = number.warmup
    return {
        "id": number.id,
        "number": number.number,
        "displayNumber": display_number(number.number),
        "name": number.name,
        "teamId": number.team_id,
        "status": number.status.value,
        "inventoryState": number.inventory_state.value,
        "enabled": number.enabled,
        "isPreferred": number.is_preferred,
        "isDefault": number.is_default,
        "healthState": warmup.state.value,
        "healthLabel": HEALTH_LABELS[warmup.state],
        "healthReason": warmup.health_reason,
        "healthScore": warmup.health_score,
        "healthWarning": health_warning(number),
        "warmupEnabled": warmup.enabled,
        "warmupProgressPercent": warmup.progress_percent,
        "canSend": {c.value: b is None for c, b in blockers.items()},
        "blockers": {c.value: b.value if b else None for c, b in blockers.items()},
        "whyNot": {c.value: SETUP_MESSAGES[b] if b else None for c, b in blockers.items()},
    }


def numbers_view(store: Store, limit: int) -> Json:
    numbers = store.numbers()
    return {"total": len(numbers), "numbers": [number_row(n) for n in numbers[:limit]]}


# The parts of a conversation's selection request the dashboard shows, as the wire writes them.
SHOWN_REQUEST = ("channel", "teamId", "leadId", "recipientPhoneNumber")


def conversation_row(conversation: Conversation) -> Json:
    request = selection_to_json(conversation.request)
    return {
        "id": conversation.id,
        "stickyNumberId": conversation.sticky_number_id,
        "overrideNumberId": conversation.override_number_id,
        **{name: request[name] for name in SHOWN_REQUEST},
    }


def conversations_view(store: Store, limit: int) -> Json:
    return {"conversations": [conversation_row(c) for c in store.recent_conversations(limit)]}
