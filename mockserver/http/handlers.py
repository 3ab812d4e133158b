"""Thin handlers: a validated call in, one domain call, the answer's body out."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from mockserver.domain.service import PhoneNumberService
from mockserver.domain.status import StatusReport
from mockserver.http.endpoint import Answer, Call, Handler
from mockserver.wire import responses
from mockserver.wire.request_bodies import create_from_json, selection_from_json


class RenderedReports:
    """The answers made of status reports, by the report's identity: the service hands out the
    report it already made when nothing it is made of has changed (decision P10), so a repeated
    read renders and encodes nothing (P11). Each entry holds its report, so no id is reused."""

    def __init__(self, keep: int = 1024) -> None:
        self._keep = keep
        self._kept: dict[int, tuple[StatusReport, dict[str, Any], bytes]] = {}

    def answer(self, report: StatusReport) -> Answer:
        kept = self._kept.get(id(report))
        if kept is None or kept[0] is not report:
            body = responses.phone_number_status(report)
            if len(self._kept) >= self._keep:
                self._kept.clear()  # as domain/memo.py: simpler than LRU, refilling is cheap
            kept = self._kept[id(report)] = (report, body, orjson.dumps(body))
        return Answer(kept[1], encoded=kept[2])


def make_handlers(service: PhoneNumberService) -> dict[str, Handler]:
    """The operationId -> handler table, bound to one world's service."""
    rendered = RenderedReports()

    def create_phone_number(call: Call) -> Answer:
        return Answer(responses.phone_number(service.create(create_from_json(call.body))), 201)

    def get_phone_number_status(call: Call) -> Answer:
        # Connexion has checked every parameter against the contract; here they are only read.
        window_days = call.query.get("windowDays")
        start_date = call.query.get("startDate")
        end_date = call.query.get("endDate")
        report = service.status(
            call.path["phoneNumber"],
            window_days=None if window_days is None else int(window_days),
            start_date=date.fromisoformat(start_date) if start_date else None,
            end_date=date.fromisoformat(end_date) if end_date else None,
        )
        return rendered.answer(report)

    def select_outgoing_number(call: Call) -> Answer:
        return Answer(responses.selection(service.select(selection_from_json(call.body))))

    def validate_manual_override(call: Call) -> Answer:
        body = call.body
        result = service.override(
            body["fromPhoneNumberId"], selection_from_json(body["selection"] or {})
        )
        return Answer(responses.selection(result))

    def clear_conversation_override(call: Call) -> Answer:
        return Answer(responses.selection(service.clear_override(call.path["conversationId"])))

    return {
        "createPhoneNumber": create_phone_number,
        "getPhoneNumberStatus": get_phone_number_status,
        "selectOutgoingNumber": select_outgoing_number,
        "validateManualOverride": validate_manual_override,
        "clearConversationOverride": clear_conversation_override,
    }
