"""Whether a number may carry a new outbound message or call, and if not, what blocks it."""

from __future__ import annotations

from enum import StrEnum

from mockserver.domain.enums import Channel, HealthState, InventoryState, NumberStatus
from mockserver.domain.memo import PerObject
from mockserver.domain.model import PhoneNumber, SelectionRequest


class Blocker(StrEnum):
    """Why a number cannot send, in the order a user should fix them (most fixable first)."""

    TEN_DLC = "ten_dlc"
    NOT_STARTED = "not_started"
    WARMING = "warming"
    PROVISIONING = "provisioning"
    INVENTORY = "inventory"
    NO_CAPABILITY = "no_capability"
    DISABLED = "disabled"
    PAUSED = "paused"
    BLOCKED = "blocked"


SETUP_MESSAGES: dict[Blocker, str] = {
    Blocker.TEN_DLC: "10DLC registration is pending. Finish your brand and campaign registration "
    "to send SMS; it usually takes 1-3 business days.",
    Blocker.NOT_STARTED: "Your numbers have not started warming up yet. Warmup starts "
    "automatically within a day of adding a number.",
    Blocker.WARMING: "Your numbers are still warming up. Sending opens once warmup completes.",
    Blocker.PROVISIONING: "Your numbers are still being provisioned. Check back shortly.",
    Blocker.INVENTORY: "None of your numbers is ready for this channel. Verify a number or add "
    "one that supports it.",
    Blocker.NO_CAPABILITY: "None of your numbers supports this channel. Add a number with "
    "this capability.",
    Blocker.DISABLED: "Your numbers are disabled. Enable a number to start sending.",
    Blocker.PAUSED: "Your numbers are paused. Resume a number's warmup to start sending.",
    Blocker.BLOCKED: "Your numbers are blocked by carriers. Contact support to restore sending.",
}
NO_NUMBERS_MESSAGE = "Add a phone number to start sending."

# Inventory states that carry customer traffic per channel; Warmup-only and Internal/test-only
# numbers never do (they exist for warmup traffic and QA respectively).
_SENDING_INVENTORY = {
    Channel.SMS: {InventoryState.AVAILABLE, InventoryState.ASSIGNED, InventoryState.READY_FOR_SMS},
    Channel.CALL: {
        InventoryState.AVAILABLE,
        InventoryState.ASSIGNED,
        InventoryState.READY_FOR_VOICE,
    },
}
_WARMUP_BLOCKERS = {
    HealthState.NOT_STARTED: Blocker.NOT_STARTED,
    HealthState.WARMING: Blocker.WARMING,
}


def in_scope(number: PhoneNumber, request: SelectionRequest) -> bool:
    """A team sees its own numbers and the account-wide ones; released numbers are gone."""
    if number.inventory_state is InventoryState.RELEASED:
        return False
    return request.team_id is None or number.team_id in (None, request.team_id)


def blocker(number: PhoneNumber, channel: Channel) -> Blocker | None:
    """None when the number can send on the channel, else the first thing in the way."""
    return _blockers_of(number)[channel]


def _blocker(number: PhoneNumber, channel: Channel) -> Blocker | None:
    state = number.warmup.state
    if state is HealthState.BLOCKED:
        return Blocker.BLOCKED
    if state is HealthState.PAUSED:
        return Blocker.PAUSED
    if not number.enabled:
        return Blocker.DISABLED
    if number.status is NumberStatus.PROVISIONING:
        return Blocker.PROVISIONING
    if number.status is not NumberStatus.ACTIVE:
        return Blocker.INVENTORY
    if number.inventory_state not in _SENDING_INVENTORY[channel]:
        return Blocker.INVENTORY
    if channel is Channel.SMS:
        if not (number.capabilities.sms and number.routing.sms_enabled):
            return Blocker.NO_CAPABILITY
        # Carriers gate A2P SMS on 10DLC; SMS warmup gates only SMS, not calls.
        if not number.ten_dlc.ready_for_sms:
            return Blocker.TEN_DLC
        if state in _WARMUP_BLOCKERS:
            return _WARMUP_BLOCKERS[state]
    elif not (number.capabilities.voice and number.routing.voice_enabled):
        return Blocker.NO_CAPABILITY
    return None


def _blockers(number: PhoneNumber) -> dict[Channel, Blocker | None]:
    return {channel: _blocker(number, channel) for channel in Channel}


# A selection asks for up to 25 numbers' blockers; each number's are worked out once.
_blockers_of = PerObject(_blockers)


def health_warning(number: PhoneNumber) -> str | None:
    """The warning a user sees beside a number that can send but should be watched."""
    if number.warmup.state is HealthState.NEEDS_ATTENTION:
        return number.warmup.health_reason or "This number's health needs attention."
    return None
