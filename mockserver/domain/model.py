"""The entities the pages imply, as frozen values; a change is a `dataclasses.replace`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mockserver.domain.enums import Channel, HealthState, InventoryState, NumberStatus
from mockserver.domain.phone_format import area_code


@dataclass(frozen=True)
class Business:
    id: str
    name: str


@dataclass(frozen=True)
class User:
    id: str
    name: str
    business_id: str


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    business_id: str


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    team_id: str | None


@dataclass(frozen=True)
class Source:
    id: str
    name: str


@dataclass(frozen=True)
class Lead:
    id: str
    name: str
    phone_number: str
    assigned_phone_number_id: str | None
    team_id: str | None


@dataclass(frozen=True)
class Capabilities:
    sms: bool
    voice: bool
    warmup: bool
    testing: bool


@dataclass(frozen=True)
class Routing:
    sms_enabled: bool
    voice_enabled: bool
    warmup_only: bool
    internal_test_only: bool
    messaging_profile_id: str | None
    voice_connection_id: str | None


class TenDlcCampaignStatus(StrEnum):
    """10DLC campaign vetting states as carriers report them (The Campaign Registry)."""

    PENDING = "Pending"
    APPROVED = "Approved"
    REJECTED = "Rejected"


@dataclass(frozen=True)
class TenDlc:
    brand_id: str | None
    campaign_id: str | None
    campaign_status: TenDlcCampaignStatus | None
    assignment_status: str | None
    messaging_profile_id: str | None
    status_updated_at: datetime | None
    failure_reason: str | None
    last_provider_event_id: str | None

    @property
    def ready_for_sms(self) -> bool:
        """US carriers accept A2P SMS only from a number assigned to an approved 10DLC campaign."""
        return self.campaign_status is TenDlcCampaignStatus.APPROVED and (
            self.assignment_status == "Assigned"
        )


@dataclass(frozen=True)
class Billing:
    subscription_item_id: str | None
    monthly_amount: float | None
    channel: str | None


@dataclass(frozen=True)
class Location:
    city: str | None
    state: str | None
    country_code: str | None


@dataclass(frozen=True)
class Warmup:
    """Inputs of the warmup model (first block) and what it derived from them (second block)."""

    enabled: bool
    started_at: datetime | None
    pause_reason: str | None
    block_reason: str | None
    # The simulated share of warmup messages that carriers deliver; not part of any response.
    quality: float
    state: HealthState = HealthState.NOT_STARTED
    health_score: int = 0
    progress_percent: int = 0
    completed_at: datetime | None = None
    next_action_at: datetime | None = None
    health_reason: str | None = None


@dataclass(frozen=True)
class NumberEvent:
    id: str
    type: str
    title: str
    details: str
    actor_id: str | None
    actor_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class PhoneNumber:
    id: str
    number: str
    name: str
    business_id: str
    user_id: str | None
    team_id: str | None
    campaign_id: str | None
    source_id: str | None
    enabled: bool
    inventory_state: InventoryState
    status: NumberStatus
    capabilities: Capabilities
    routing: Routing
    ten_dlc: TenDlc
    billing: Billing
    location: Location
    warmup: Warmup
    created_at: datetime
    modified_at: datetime | None = None
    is_preferred: bool = False
    is_default: bool = False
    is_internal_pool: bool = False
    is_approved_test_destination: bool = False
    is_messaging_program_approved: bool = False
    leadping_owned: bool = True
    provider: str | None = "telnyx"
    provider_phone_number_id: str | None = None
    provider_order_id: str | None = None
    provider_order_status: str | None = None
    provider_status: str | None = None
    provider_error: str | None = None
    provider_synced_at: datetime | None = None
    provider_released_at: datetime | None = None
    events: tuple[NumberEvent, ...] = ()

    @property
    def area_code(self) -> str | None:
        """The NANP area code of a +1 number; None elsewhere."""
        return area_code(self.number)


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Outcome(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    CARRIER_REJECTED = "carrier_rejected"
    RECEIVED = "received"
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class TrafficEvent:
    """One message or call through a number: the history status metrics are computed from."""

    id: str
    phone_number_id: str
    at: datetime
    channel: Channel
    direction: Direction
    counterpart: str
    outcome: Outcome
    text: str | None = None
    conversation_id: str | None = None
    is_warmup: bool = False
    is_opt_out: bool = False
    is_spam_signal: bool = False


@dataclass(frozen=True)
class SelectionRequest:
    conversation_id: str | None = None
    lead_id: str | None = None
    recipient_phone_number: str | None = None
    channel: Channel | None = None
    campaign_id: str | None = None
    source_id: str | None = None
    team_id: str | None = None


@dataclass(frozen=True)
class CreateRequest:
    name: str
    number: str
    business_id: str | None = None
    enabled: bool = True
    id: str | None = None


# One write, as it can be replayed: ("create", CreateRequest), ("select", SelectionRequest),
# ("override", (number_id, SelectionRequest)), ("clear", conversation_id) or ("advance", days).
@dataclass(frozen=True)
class Conversation:
    """A conversation's automatic (sticky) number, its manual override, and its last request."""

    id: str
    request: SelectionRequest = field(default_factory=SelectionRequest)
    sticky_number_id: str | None = None
    override_number_id: str | None = None
