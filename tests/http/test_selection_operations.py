"""Outgoing selection through the app: every reason, and the override lifecycle."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"


def clear_path(conversation_id: str) -> str:
    return f"/phone-numbers/outgoing/conversation/{conversation_id}/override"


def select(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post(SELECT, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def assert_consistent(result: dict[str, Any]) -> None:
    """Invariants every selection keeps (the contract checks hold deployments to them)."""
    selected = [n for n in result["eligibleNumbers"] if n["isSelected"]]
    if result["canSend"]:
        assert len(selected) == 1
        assert selected[0]["phoneNumberId"] == result["phoneNumberId"]
        assert selected[0]["canSend"] is True
        assert result["setupMessage"] is None
    else:
        assert selected == []
        assert result["setupMessage"]
        assert result["phoneNumberId"] is None
    assert (result["selectionReason"] == "ManualOverride") is result["wasManuallyOverridden"]


@pytest.mark.parametrize(
    ("body", "reason", "number_id"),
    [
        ({"leadId": "lead_0001"}, "LeadAssigned", "pn_0013"),
        ({"campaignId": "camp_0001"}, "CampaignOrSource", "pn_0008"),
        ({"sourceId": "src_0002"}, "CampaignOrSource", "pn_0009"),
        ({}, "Preferred", "pn_0002"),
        ({"teamId": "team_0001", "recipientPhoneNumber": "+15125550100"}, "LocalArea", "pn_0001"),
        ({"teamId": "team_0001"}, "HealthyPool", "pn_0001"),
        ({"teamId": "team_0003"}, "FallbackDefault", "pn_0003"),
    ],
)
def test_each_context_reaches_its_reason(
    client: TestClient, body: dict[str, str], reason: str, number_id: str
) -> None:
    result = select(client, **body)
    assert (result["selectionReason"], result["phoneNumberId"]) == (reason, number_id)
    assert result["canSend"] is True
    assert_consistent(result)


def test_needs_attention_number_sends_with_a_warning(client: TestClient) -> None:
    result = select(client, teamId="team_0003")
    assert result["healthStatus"] == "Needs Attention"
    assert result["healthLabel"] == "Needs attention"
    assert result["healthWarning"]


def test_a_conversation_sticks_to_its_number(client: TestClient) -> None:
    first = select(client, conversationId="conv-sticky", teamId="team_0001")
    assert first["selectionReason"] == "HealthyPool"
    # A later request for the same conversation with a context that would choose another number.
    again = select(client, conversationId="conv-sticky", teamId="team_0001", leadId="lead_0001")
    assert again["selectionReason"] == "StickyConversation"
    assert again["phoneNumberId"] == first["phoneNumberId"]


def test_override_lifecycle_pick_override_pick_clear_pick(client: TestClient) -> None:
    context = {"conversationId": "conv-life", "teamId": "team_0001"}
    picked = select(client, **context)
    other = next(n for n in picked["eligibleNumbers"] if n["canSend"] and not n["isSelected"])[
        "phoneNumberId"
    ]

    response = client.post(OVERRIDE, json={"fromPhoneNumberId": other, "selection": context})
    assert response.status_code == 200
    overridden = response.json()
    assert (overridden["selectionReason"], overridden["phoneNumberId"]) == ("ManualOverride", other)
    assert overridden["wasManuallyOverridden"] is True
    assert overridden["reasonLabel"] == "Chosen manually"
    assert_consistent(overridden)

    assert select(client, **context)["phoneNumberId"] == other

    cleared = client.delete(clear_path("conv-life"))
    assert cleared.status_code == 200
    assert cleared.json()["wasManuallyOverridden"] is False
    assert cleared.json()["phoneNumberId"] == picked["phoneNumberId"]

    after = select(client, **context)
    assert (after["selectionReason"], after["phoneNumberId"]) == (
        "StickyConversation",
        picked["phoneNumberId"],
    )


def test_override_to_a_number_that_cannot_send_pins_nothing(client: TestClient) -> None:
    context = {"conversationId": "conv-bad", "teamId": "team_0002"}
    before = select(client, **context)
    response = client.post(OVERRIDE, json={"fromPhoneNumberId": "pn_0007", "selection": context})
    assert response.status_code == 200
    refused = response.json()
    assert refused["canSend"] is False
    assert "Miami line" in refused["setupMessage"]
    assert "blocked" in refused["setupMessage"]
    assert_consistent(refused)
    assert select(client, **context)["phoneNumberId"] == before["phoneNumberId"]


def test_override_without_conversation_validates_but_pins_nothing(client: TestClient) -> None:
    response = client.post(OVERRIDE, json={"fromPhoneNumberId": "pn_0013", "selection": {}})
    assert response.json()["selectionReason"] == "ManualOverride"
    assert select(client)["selectionReason"] == "Preferred"


def test_override_with_unknown_number_is_404(client: TestClient) -> None:
    response = client.post(OVERRIDE, json={"fromPhoneNumberId": "pn_9999", "selection": {}})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "pn_9999" in response.json()["detail"]


def test_clearing_an_unknown_conversation_is_404(client: TestClient) -> None:
    response = client.delete(clear_path("never-seen"))
    assert response.status_code == 404
    assert "never-seen" in response.json()["detail"]


def test_clearing_without_an_override_returns_the_current_selection(client: TestClient) -> None:
    picked = select(client, conversationId="conv-plain", leadId="lead_0001")
    cleared = client.delete(clear_path("conv-plain")).json()
    assert cleared["phoneNumberId"] == picked["phoneNumberId"]
    assert cleared["selectionReason"] == "StickyConversation"


def test_when_nothing_can_send_the_answer_says_what_to_do(client: TestClient) -> None:
    # A team that owns nothing sees only the account-wide numbers, and none of them can send SMS
    # (one is provisioning, one is voice-only, one is internal/test-only).
    result = select(client, teamId="team_9999")
    assert result["canSend"] is False
    assert result["setupMessage"]
    assert result["eligibleNumbers"], "the blocked candidates are still listed"
    assert all(not n["canSend"] for n in result["eligibleNumbers"])
    assert_consistent(result)


def test_calls_are_not_gated_by_sms_warmup_or_10dlc(client: TestClient) -> None:
    result = select(client, teamId="team_9999", channel="call")
    assert result["canSend"] is True
    assert result["phoneNumberId"] == "pn_0011"  # the voice-only line, Ready
