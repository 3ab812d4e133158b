"""Thin handlers: validated arguments in, one domain call, (body, status) out."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mockserver.api import responses
from mockserver.domain.service import PhoneNumberService
from mockserver.request_bodies import create_from_json, selection_from_json

Handler = Callable[..., ConnexionResponse]


def _json(body: dict[str, Any], status: int = 200) -> ConnexionResponse:
    # Operations declare two media types (JSON and problem+json): say which one this is.
    return ConnexionResponse(
        status_code=status,
        content_type="application/json",
        body=json.dumps(body, separators=(",", ":")).encode(),
    )


def make_handlers(service: PhoneNumberService) -> dict[str, Handler]:
    """The operationId -> handler table, bound to one world's service."""

    def create_phone_number(body: dict[str, Any]) -> ConnexionResponse:
        return _json(responses.phone_number(service.create(create_from_json(body))), 201)

    def get_phone_number_status(
        phone_number: str,
        window_days: str | int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> ConnexionResponse:
        report = service.status(
            phone_number,
            window_days=None if window_days is None else int(window_days),
            start_date=date.fromisoformat(start_date) if start_date else None,
            end_date=date.fromisoformat(end_date) if end_date else None,
        )
        return _json(responses.phone_number_status(report))

    def select_outgoing_number(body: dict[str, Any]) -> ConnexionResponse:
        return _json(responses.selection(service.select(selection_from_json(body))))

    def validate_manual_override(body: dict[str, Any]) -> ConnexionResponse:
        result = service.override(
            body["fromPhoneNumberId"], selection_from_json(body["selection"] or {})
        )
        return _json(responses.selection(result))

    def clear_conversation_override(conversation_id: str) -> ConnexionResponse:
        return _json(responses.selection(service.clear_override(conversation_id)))

    return {
        "createPhoneNumber": create_phone_number,
        "getPhoneNumberStatus": get_phone_number_status,
        "selectOutgoingNumber": select_outgoing_number,
        "validateManualOverride": validate_manual_override,
        "clearConversationOverride": clear_conversation_override,
    }
