"""The contract's request bodies as domain values and back: handlers read them from requests,
scenario files keep them in their history. One mapping, so the two can never disagree."""

from __future__ import annotations

from typing import Any

from mockserver.domain.enums import Channel
from mockserver.domain.model import CreateRequest, SelectionRequest

Json = dict[str, Any]


def selection_from_json(body: Json) -> SelectionRequest:
    channel = body.get("channel")
    return SelectionRequest(
        conversation_id=body.get("conversationId"),
        lead_id=body.get("leadId"),
        recipient_phone_number=body.get("recipientPhoneNumber"),
        channel=Channel(channel) if channel else None,
        campaign_id=body.get("campaignId"),
        source_id=body.get("sourceId"),
        team_id=body.get("teamId"),
    )


def selection_to_json(request: SelectionRequest) -> Json:
    return {
        "conversationId": request.conversation_id,
        "leadId": request.lead_id,
        "recipientPhoneNumber": request.recipient_phone_number,
        "channel": request.channel.value if request.channel else None,
        "campaignId": request.campaign_id,
        "sourceId": request.source_id,
        "teamId": request.team_id,
    }


def create_from_json(body: Json) -> CreateRequest:
    return CreateRequest(
        name=body["name"],
        number=body["number"],
        business_id=body.get("businessId"),
        enabled=body.get("enabled", True),
        id=body.get("id"),
    )


def create_to_json(request: CreateRequest) -> Json:
    return {
        "name": request.name,
        "number": request.number,
        "businessId": request.business_id,
        "enabled": request.enabled,
        "id": request.id,
    }
