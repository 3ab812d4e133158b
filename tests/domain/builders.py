"""Small worlds for domain tests: numbers in any state without going through HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.enums import HealthState
from mockserver.domain.factories import NumberDraft, established, new_number, seeded_faker
from mockserver.domain.model import PhoneNumber, Warmup

FAKE = seeded_faker(0)


def number(
    number_id: str, e164: str, state: HealthState = HealthState.HEALTHY, **fields: Any
) -> PhoneNumber:
    """An established, sendable number in the given health state, with any field replaced."""
    draft = NumberDraft(name=f"Line {number_id}", number=e164, business_id="biz_0001", user_id=None)
    created = new_number(FAKE, draft, number_id, f"evt_{number_id}", DEFAULT_START, None)
    warmup = Warmup(
        enabled=True,
        started_at=DEFAULT_START - timedelta(days=30),
        pause_reason=None,
        block_reason=None,
        quality=0.97,
        state=state,
        health_score=95,
        progress_percent=100,
    )
    base = established(created, DEFAULT_START - timedelta(days=40), warmup)
    return replace(base, **fields)
