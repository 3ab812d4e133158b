"""A selection's reason is one the request could have: LeadAssigned only with a lead,
CampaignOrSource only with a campaign or source (and a chosen number of that campaign or
source), LocalArea only with a recipient or a lead (and the recipient's area code), ManualOverride
and StickyConversation only within a conversation."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, operation_id, request_body


def _area(number: object) -> str | None:
    text = str(number or "")
    return text[2:5] if text.startswith("+1") and len(text) == 12 else None


def _context(case: Case[Any]) -> dict[str, Any]:
    body = request_body(case)
    if operation_id(case) == "validateManualOverride":
        selection = body.get("selection")
        return selection if isinstance(selection, dict) else {}
    return body


def _problem(reason: str, request: dict[str, Any], answer: dict[str, Any]) -> str | None:
    selected = (n for n in answer.get("eligibleNumbers") or [] if n.get("isSelected"))
    chosen: dict[str, Any] = next(selected, {})
    if reason == "LeadAssigned" and not request.get("leadId"):
        return "LeadAssigned without a leadId in the request"
    if reason == "CampaignOrSource":
        campaign, source = request.get("campaignId"), request.get("sourceId")
        if not campaign and not source:
            return "CampaignOrSource without a campaignId or sourceId in the request"
        if chosen and chosen.get("campaignId") != campaign and chosen.get("sourceId") != source:
            return (
                f"CampaignOrSource, but the chosen number belongs to campaign "
                f"{chosen.get('campaignId')!r} and source {chosen.get('sourceId')!r}"
            )
    if reason == "LocalArea":
        recipient = request.get("recipientPhoneNumber")
        if not recipient and not request.get("leadId"):
            return "LocalArea without a recipientPhoneNumber or leadId in the request"
        if recipient and _area(recipient) and _area(answer.get("number")) != _area(recipient):
            return f"LocalArea, but {answer.get('number')} is not in {recipient}'s area code"
    if reason in ("StickyConversation", "ManualOverride") and not request.get("conversationId"):
        return f"{reason} for a request without a conversationId"
    return None


@schemathesis.check
def reason_backed_by_request(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "selectOutgoingNumber", "validateManualOverride")
    reason = body.get("selectionReason") if body else None
    if body is None or not isinstance(reason, str):
        return None
    if operation_id(case) == "validateManualOverride" and reason == "ManualOverride":
        return True  # the override itself
    problem = _problem(reason, _context(case), body)
    if problem is not None:
        raise AssertionError(problem)
    return True
