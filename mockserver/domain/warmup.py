"""The warmup model: a number's daily traffic over simulated days, and the health it implies."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from mockserver.domain.enums import Channel, HealthState, InventoryState, NumberStatus
from mockserver.domain.model import (
    Direction,
    Outcome,
    PhoneNumber,
    TrafficEvent,
    Warmup,
)

WARMUP_DAYS = 14
HEALTHY_SCORE = 80
HEALTH_WINDOW = timedelta(days=7)
# Daily volumes at full warmup; a warming number is allowed a share in proportion to progress.
FULL_DAILY_MESSAGES = 250
FULL_DAILY_CALLS = 50
# Provisioning and 10DLC assignment each take a day at the carrier in this model.
PROVISIONING_TIME = timedelta(days=1)
DAILY_ACTION_TIME = time(15, 0)

_TEXTS = (
    "Hi {name}, thanks for reaching out! When is a good time to talk?",
    "Just following up on your quote request.",
    "Your appointment is confirmed for tomorrow at 10am.",
    "Thanks! We'll send the details over shortly.",
    "Is this still a good number to reach you?",
)


def daily_capacity(warmup: Warmup) -> tuple[int, int]:
    """(messages, calls) a number may make today, given how far its warmup has come."""
    if warmup.state in (HealthState.PAUSED, HealthState.BLOCKED, HealthState.NOT_STARTED):
        return 0, 0
    share = 100 if not warmup.enabled else warmup.progress_percent
    return FULL_DAILY_MESSAGES * share // 100, FULL_DAILY_CALLS * share // 100


def health_score(recent: list[TrafficEvent]) -> int:
    """0-100 from the last week's SMS: delivery rate, less opt-outs and spam signals."""
    sent = [e for e in recent if e.channel is Channel.SMS and e.direction is Direction.OUTBOUND]
    if not sent:
        return 100
    delivered = sum(e.outcome is Outcome.DELIVERED for e in sent)
    opt_outs = sum(e.is_opt_out for e in recent)
    spam = sum(e.is_spam_signal for e in recent)
    score = 100 * delivered / len(sent) - 5 * opt_outs - 10 * spam
    return max(0, min(100, round(score)))


def derive(number: PhoneNumber, recent: list[TrafficEvent], now: datetime) -> PhoneNumber:
    """Bring a number's lifecycle and warmup up to `now`; `recent` is its last week of traffic."""
    number = _advance_lifecycle(number, now)
    warmup = number.warmup
    started = warmup.started_at is not None and warmup.started_at <= now
    progress = 0
    completed_at = None
    if started and warmup.started_at is not None:
        progress = min(100, (now - warmup.started_at).days * 100 // WARMUP_DAYS)
        if progress == 100:
            completed_at = warmup.started_at + timedelta(days=WARMUP_DAYS)
    score = health_score(recent) if started or not warmup.enabled else 0
    state, reason = _state(warmup, started=started, progress=progress, score=score)
    next_action = None
    if state is HealthState.NOT_STARTED and warmup.started_at is not None:
        next_action = warmup.started_at
    elif state is HealthState.WARMING:
        next_action = datetime.combine(
            now.date() + timedelta(days=1), DAILY_ACTION_TIME, now.tzinfo
        )
    derived = replace(
        warmup,
        state=state,
        health_score=score,
        progress_percent=progress if warmup.enabled else 100,
        completed_at=completed_at,
        next_action_at=next_action,
        health_reason=reason,
    )
    return replace(number, warmup=derived)


def _state(warmup: Warmup, *, started: bool, progress: int, score: int) -> tuple[HealthState, str]:
    if warmup.block_reason:
        return HealthState.BLOCKED, f"Blocked: {warmup.block_reason}"
    if warmup.pause_reason:
        return HealthState.PAUSED, f"Paused: {warmup.pause_reason}"
    if warmup.enabled and not started:
        return HealthState.NOT_STARTED, "Warmup has not started yet."
    if warmup.enabled and progress < 100:
        return HealthState.WARMING, f"Warming up: {progress}% of full sending volume."
    if score < HEALTHY_SCORE:
        return HealthState.NEEDS_ATTENTION, f"Health score {score} is below {HEALTHY_SCORE}."
    if not warmup.enabled:
        return HealthState.READY, "Established number; no warmup needed."
    return HealthState.HEALTHY, f"Warmup complete; health score {score}."


def _advance_lifecycle(number: PhoneNumber, now: datetime) -> PhoneNumber:
    """A provisioning number becomes active, and gets its 10DLC assignment, a day after creation."""
    if (
        number.status is not NumberStatus.PROVISIONING
        or now < number.created_at + PROVISIONING_TIME
    ):
        return number
    return activated(number, now)


def activated(number: PhoneNumber, at: datetime) -> PhoneNumber:
    """The number as the provider hands it over: active, assigned, its 10DLC assignment done."""
    ten_dlc = number.ten_dlc
    if ten_dlc.campaign_id and ten_dlc.assignment_status == "Pending":
        ten_dlc = replace(ten_dlc, assignment_status="Assigned", status_updated_at=at)
    return replace(
        number,
        status=NumberStatus.ACTIVE,
        inventory_state=InventoryState.ASSIGNED,
        provider_status="active",
        provider_order_status="complete",
        provider_synced_at=at,
        ten_dlc=ten_dlc,
        modified_at=at,
    )


def simulate_day(
    number: PhoneNumber, day: datetime, seed: int, new_id: Callable[[str], str]
) -> list[TrafficEvent]:
    """The traffic a number sends and receives on one simulated day, the same for the same seed."""
    warmup = number.warmup
    if not number.enabled or number.status is not NumberStatus.ACTIVE:
        return []
    if warmup.state in (HealthState.NOT_STARTED, HealthState.PAUSED, HealthState.BLOCKED):
        return []
    rng = random.Random(f"{seed}:{number.id}:{day.date().isoformat()}")
    warming = warmup.state is HealthState.WARMING
    day_index = warmup.progress_percent * WARMUP_DAYS // 100
    messages = 4 + 2 * day_index if warming else rng.randint(15, 40)
    calls = 1 + day_index // 3 if warming else rng.randint(2, 6)
    area = number.area_code or "512"
    start = datetime.combine(day.date(), time(9, 0), day.tzinfo)
    events: list[TrafficEvent] = []
    for i in range(messages):
        at = start + timedelta(minutes=i * 480 // messages)
        to = f"+1{area}55501{rng.randint(0, 99):02d}"
        roll = rng.random()
        if roll < warmup.quality:
            outcome = Outcome.DELIVERED
        elif roll < warmup.quality + (1 - warmup.quality) * 0.3:
            outcome = Outcome.CARRIER_REJECTED
        else:
            outcome = Outcome.FAILED
        text = rng.choice(_TEXTS).format(name="there")
        events.append(
            _event(
                new_id,
                number,
                at,
                Channel.SMS,
                Direction.OUTBOUND,
                to,
                outcome,
                text=text,
                is_warmup=warming,
            )
        )
        if outcome is Outcome.DELIVERED and rng.random() < 0.3:
            opt_out = rng.random() < (1 - warmup.quality) * 0.2
            spam = not opt_out and rng.random() < (1 - warmup.quality) * 0.05
            reply = "STOP" if opt_out else "Sounds good, thanks!"
            events.append(
                _event(
                    new_id,
                    number,
                    at + timedelta(minutes=3),
                    Channel.SMS,
                    Direction.INBOUND,
                    to,
                    Outcome.RECEIVED,
                    text=reply,
                    is_warmup=warming,
                    is_opt_out=opt_out,
                    is_spam_signal=spam,
                )
            )
    for i in range(calls):
        at = start + timedelta(minutes=30 + i * 420 // calls)
        to = f"+1{area}55501{rng.randint(0, 99):02d}"
        outcome = Outcome.ANSWERED if rng.random() < 0.7 else Outcome.NO_ANSWER
        events.append(
            _event(
                new_id, number, at, Channel.CALL, Direction.OUTBOUND, to, outcome, is_warmup=warming
            )
        )
    return sorted(events, key=lambda e: e.at)


def _event(
    new_id: Callable[[str], str],
    number: PhoneNumber,
    at: datetime,
    channel: Channel,
    direction: Direction,
    counterpart: str,
    outcome: Outcome,
    *,
    text: str | None = None,
    is_warmup: bool = False,
    is_opt_out: bool = False,
    is_spam_signal: bool = False,
) -> TrafficEvent:
    return TrafficEvent(
        id=new_id("msg" if channel is Channel.SMS else "call"),
        phone_number_id=number.id,
        at=at,
        channel=channel,
        direction=direction,
        counterpart=counterpart,
        outcome=outcome,
        text=text,
        is_warmup=is_warmup,
        is_opt_out=is_opt_out,
        is_spam_signal=is_spam_signal,
    )
