"""Domain values as the contract's JSON: camelCase, int32 as integers, UTC times with a Z."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mockserver.domain.eligibility import health_warning
from mockserver.domain.enums import HEALTH_LABELS, REASON_LABELS
from mockserver.domain.memo import PerObject
from mockserver.domain.model import PhoneNumber, TrafficEvent
from mockserver.domain.phone_format import display_number
from mockserver.domain.selection import Candidate, Selection
from mockserver.domain.service import NumberView
from mockserver.domain.status import StatusReport, delivery_rate
from mockserver.domain.traffic_tally import Tally

Json = dict[str, Any]


def timestamp(value: datetime | None) -> str | None:
    # isoformat, not strftime: glibc's %Y writes year 1 as "1", which is not RFC 3339.
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def phone_number(view: NumberView) -> Json:
    n = view.number
    business, user = view.business, view.user
    return {
        "number": n.number,
        "business": {"id": n.business_id, "name": business.name if business else None},
        "user": {"id": n.user_id, "name": user.name if user else None},
        "teamId": n.team_id,
        "campaignId": n.campaign_id,
        "sourceId": n.source_id,
        "leadpingOwned": n.leadping_owned,
        "provider": n.provider,
        "providerPhoneNumberId": n.provider_phone_number_id,
        "providerOrderId": n.provider_order_id,
        "providerOrderStatus": n.provider_order_status,
        "providerStatus": n.provider_status,
        "providerError": n.provider_error,
        "providerSyncedAt": timestamp(n.provider_synced_at),
        "providerReleasedAt": timestamp(n.provider_released_at),
        "inventoryState": n.inventory_state.value,
        "capabilities": {
            "sms": n.capabilities.sms,
            "voice": n.capabilities.voice,
            "warmup": n.capabilities.warmup,
            "testing": n.capabilities.testing,
        },
        "routing": {
            "smsEnabled": n.routing.sms_enabled,
            "voiceEnabled": n.routing.voice_enabled,
            "warmupOnly": n.routing.warmup_only,
            "internalTestOnly": n.routing.internal_test_only,
            "teamId": n.team_id,
            "sourceId": n.source_id,
            "campaignId": n.campaign_id,
            "messagingProfileId": n.routing.messaging_profile_id,
            "voiceConnectionId": n.routing.voice_connection_id,
        },
        "tenDlc": {
            "brandId": n.ten_dlc.brand_id,
            "campaignId": n.ten_dlc.campaign_id,
            "campaignStatus": n.ten_dlc.campaign_status.value
            if n.ten_dlc.campaign_status
            else None,
            "assignmentStatus": n.ten_dlc.assignment_status,
            "messagingProfileId": n.ten_dlc.messaging_profile_id,
            "statusUpdatedAt": timestamp(n.ten_dlc.status_updated_at),
            "failureReason": n.ten_dlc.failure_reason,
            "lastProviderEventId": n.ten_dlc.last_provider_event_id,
        },
        "billing": {
            "businessId": n.business_id,
            "businessName": business.name if business else None,
            "userId": n.user_id,
            "userName": user.name if user else None,
            "subscriptionItemId": n.billing.subscription_item_id,
            "monthlyAmount": n.billing.monthly_amount,
            "channel": n.billing.channel,
        },
        "isPreferred": n.is_preferred,
        "isDefault": n.is_default,
        "location": {
            "location": n.location.city,
            "state": n.location.state,
            "countryCode": n.location.country_code,
        },
        "status": n.status.value,
        "enabled": n.enabled,
        "isInternalPool": n.is_internal_pool,
        "isApprovedTestDestination": n.is_approved_test_destination,
        "isMessagingProgramApproved": n.is_messaging_program_approved,
        "warmupEnabled": n.warmup.enabled,
        "warmupState": n.warmup.state.value,
        "healthStatus": n.warmup.state.value,
        "warmupHealthScore": n.warmup.health_score,
        "warmupProgressPercent": n.warmup.progress_percent,
        "warmupNextActionAt": timestamp(n.warmup.next_action_at),
        "warmupPauseReason": n.warmup.pause_reason,
        "healthReason": n.warmup.health_reason,
        "events": [
            {
                "id": e.id,
                "type": e.type,
                "title": e.title,
                "details": e.details,
                "actorId": e.actor_id,
                "actorName": e.actor_name,
                "createdAt": timestamp(e.created_at),
            }
            for e in n.events
        ],
        "name": n.name,
        "id": n.id,
        "createdAt": timestamp(n.created_at),
        "modifiedAt": timestamp(n.modified_at),
    }


def _warmup_counts(counts: Tally) -> Json:
    return {
        "sentCount": counts.sms_sent,
        "receivedCount": counts.sms_received,
        "deliveredCount": counts.sms_delivered,
        "failureCount": counts.sms_failed,
        "carrierRejectionCount": counts.carrier_rejected,
        "optOutSignalCount": counts.opt_outs,
        "spamSignalCount": counts.spam_signals,
        "deliverySuccessRate": delivery_rate(counts),
    }


def _event(event: TrafficEvent, number: PhoneNumber) -> Json:
    outbound = event.direction.value == "outbound"
    kind = "SMS" if event.channel.value == "sms" else "Call"
    return {
        "id": event.id,
        "createdAt": timestamp(event.at),
        "label": f"{kind} {'sent' if outbound else 'received'}",
        "eventType": event.channel.value,
        "direction": event.direction.value,
        "fromPhoneNumber": number.number if outbound else event.counterpart,
        "toPhoneNumber": event.counterpart if outbound else number.number,
        "textPreview": event.text[:80] if event.text else None,
        "providerStatus": event.outcome.value,
        "isOptOut": event.is_opt_out,
    }


def phone_number_status(report: StatusReport) -> Json:
    n, w = report.number, report.number.warmup
    window_counts = report.window_counts
    window = {"windowDays": report.window.days, "windowStartedAt": timestamp(report.window.start)}
    return {
        "number": n.number,
        "messagesPossible": report.messages_possible,
        "messagesWarmed": report.messages_warmed,
        "callsPossible": report.calls_possible,
        "warmupCallsMade": report.warmup_calls_made,
        "smsWarmup": {
            "phoneNumberId": n.id,
            "phoneNumber": n.number,
            "healthScore": w.health_score,
            "progressPercent": w.progress_percent,
            **_warmup_counts(report.warmup_counts),
            "nextScheduledActionAt": timestamp(w.next_action_at),
            "lastSuccessfulMessageAt": timestamp(report.last_successful_message_at),
            "lastHealthSnapshotAt": timestamp(report.last_health_snapshot_at),
            "startedAt": timestamp(w.started_at),
            "completedAt": timestamp(w.completed_at),
            "pauseReason": w.pause_reason,
            "blockReason": w.block_reason,
            "warmupEnabled": w.enabled,
            "isInternalPool": n.is_internal_pool,
            "isApprovedTestDestination": n.is_approved_test_destination,
            "isMessagingProgramApproved": n.is_messaging_program_approved,
            "globalWarmupEnabled": True,
            "canPause": report.can_pause,
            "canResume": report.can_resume,
            "uiState": {"tone": report.ui_tone, "description": report.ui_description},
            "recentActions": [
                {
                    "id": a.id,
                    "conversationId": a.conversation_id,
                    "fromPhoneNumber": n.number,
                    "toPhoneNumber": a.counterpart,
                    "body": a.text,
                    "scheduledAt": timestamp(a.at),
                    "executedAt": timestamp(a.at),
                    "failureReason": None if a.outcome.value == "delivered" else a.outcome.value,
                }
                for a in report.recent_actions
            ],
        },
        "optOutMetrics": {
            **window,
            "distinctContactedCount": window_counts.distinct_contacted,
            "optOutCount": window_counts.distinct_opted_out,
            "optOutRatePercent": window_counts.opt_out_rate,
        },
        "trafficMetrics": {
            **window,
            "smsSentCount": window_counts.sms_sent,
            "smsFailedCount": window_counts.sms_failed,
            "callPlacedCount": window_counts.calls_placed,
            "callFailedCount": window_counts.calls_failed,
        },
        "recentEvents": [_event(e, n) for e in report.recent_events],
    }


def _number_parts(n: PhoneNumber) -> tuple[Json, Json]:
    """What a candidate shows of its number: the fields before its own, and after."""
    before = {
        "phoneNumberId": n.id,
        "number": n.number,
        "displayNumber": display_number(n.number),
        "healthLabel": HEALTH_LABELS[n.warmup.state],
        "healthWarning": health_warning(n),
    }
    after = {
        "label": n.name,
        "campaignId": n.campaign_id,
        "sourceId": n.source_id,
        "teamId": n.team_id,
    }
    return before, after


# A selection renders up to 25 candidates; their numbers' parts are rendered once per number.
_number_parts_of = PerObject(_number_parts)


def _candidate(candidate: Candidate, selected: bool) -> Json:
    before, after = _number_parts_of(candidate.number)
    return {
        **before,
        "canSend": candidate.can_send,
        "reasonLabel": REASON_LABELS[candidate.reason] if candidate.reason else None,
        **after,
        "isSelected": selected,
    }


def selection(result: Selection) -> Json:
    chosen = result.chosen
    n = chosen.number if chosen else None
    reason = result.reason
    return {
        "canSend": chosen is not None,
        "setupMessage": result.setup_message,
        "phoneNumberId": n.id if n else None,
        "number": n.number if n else None,
        "displayNumber": display_number(n.number) if n else None,
        "healthStatus": n.warmup.state.value if n else None,
        "healthLabel": HEALTH_LABELS[n.warmup.state] if n else None,
        "healthWarning": health_warning(n) if n else None,
        "selectionReason": reason.value if reason else None,
        "reasonLabel": REASON_LABELS[reason] if reason else None,
        "wasManuallyOverridden": result.was_manually_overridden,
        "campaignId": result.request.campaign_id,
        "sourceId": result.request.source_id,
        "eligibleNumbers": [
            _candidate(c, selected=chosen is not None and c.number.id == chosen.number.id)
            for c in result.candidates
        ],
    }
