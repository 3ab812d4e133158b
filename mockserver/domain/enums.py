"""The documented enums, values exactly as the pages spell them."""

from __future__ import annotations

from enum import StrEnum


class HealthState(StrEnum):
    """SMS Warmup Health State."""

    NOT_STARTED = "Not Started"
    WARMING = "Warming"
    HEALTHY = "Healthy"
    NEEDS_ATTENTION = "Needs Attention"
    PAUSED = "Paused"
    BLOCKED = "Blocked"
    READY = "Ready"


class SelectionReason(StrEnum):
    """Outgoing Number Selection Reason, declared in the engine's priority order."""

    MANUAL_OVERRIDE = "ManualOverride"
    STICKY_CONVERSATION = "StickyConversation"
    LEAD_ASSIGNED = "LeadAssigned"
    CAMPAIGN_OR_SOURCE = "CampaignOrSource"
    PREFERRED = "Preferred"
    LOCAL_AREA = "LocalArea"
    HEALTHY_POOL = "HealthyPool"
    FALLBACK_DEFAULT = "FallbackDefault"


class Channel(StrEnum):
    """Outgoing Number Channel."""

    SMS = "sms"
    CALL = "call"


class InventoryState(StrEnum):
    AVAILABLE = "Available"
    ASSIGNED = "Assigned"
    PENDING_VERIFICATION = "Pending verification"
    READY_FOR_SMS = "Ready for SMS"
    READY_FOR_VOICE = "Ready for voice"
    RESTRICTED = "Restricted"
    SUSPENDED = "Suspended"
    FAILED = "Failed"
    RELEASED = "Released"
    WARMUP_ONLY = "Warmup-only"
    INTERNAL_TEST_ONLY = "Internal/test-only"


class NumberStatus(StrEnum):
    UNREGISTERED = "Unregistered"
    PROVISIONING = "Provisioning"
    FAILED_PROVISIONING = "FailedProvisioning"
    ACTIVE = "Active"
    EXPIRED = "Expired"
    SUSPENDED = "Suspended"


# What the UI shows beside each enum value; the contract checks hold deployments to the same pairs.
HEALTH_LABELS: dict[HealthState, str] = {
    HealthState.NOT_STARTED: "Not started",
    HealthState.WARMING: "Warming up",
    HealthState.HEALTHY: "Healthy",
    HealthState.NEEDS_ATTENTION: "Needs attention",
    HealthState.PAUSED: "Paused",
    HealthState.BLOCKED: "Blocked",
    HealthState.READY: "Ready",
}

REASON_LABELS: dict[SelectionReason, str] = {
    SelectionReason.MANUAL_OVERRIDE: "Chosen manually",
    SelectionReason.STICKY_CONVERSATION: "Same number as this conversation",
    SelectionReason.LEAD_ASSIGNED: "Assigned to this lead",
    SelectionReason.CAMPAIGN_OR_SOURCE: "Matches the campaign or source",
    SelectionReason.PREFERRED: "Preferred number",
    SelectionReason.LOCAL_AREA: "Local area code",
    SelectionReason.HEALTHY_POOL: "Healthy pool",
    SelectionReason.FALLBACK_DEFAULT: "Fallback number",
}
