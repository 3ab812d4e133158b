"""Thin handlers: a validated call in, one domain call, the answer's body out."""

from __future__ import annotations

from datetime import date

from mockserver.domain.service import PhoneNumberService
from mockserver.http.endpoint import Answer, Call, Handler
from mockserver.wire import responses
from mockserver.wire.request_bodies import create_from_json, selection_from_json


def make_handlers(service: PhoneNumberService) -> dict[str, Handler]:
    """The operationId -> handler table, bound to one world's service."""

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
        return Answer(responses.phone_number_status(report))

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
