"""Whether a number can send, and what blocks it first (docs/decisions.md, S2, S3, S6)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from mockserver.domain.eligibility import Blocker, blocker, health_warning, in_scope
from mockserver.domain.enums import Channel, HealthState, InventoryState, NumberStatus
from mockserver.domain.model import (
    Capabilities,
    PhoneNumber,
    SelectionRequest,
    TenDlcCampaignStatus,
)
from tests.domain.builders import number

READY = number("pn_0001", "+15125550100")


def with_warmup(base: PhoneNumber, state: HealthState, **fields: Any) -> PhoneNumber:
    return replace(base, warmup=replace(base.warmup, state=state, **fields))


def test_an_established_healthy_number_sends_both_ways() -> None:
    assert blocker(READY, Channel.SMS) is None
    assert blocker(READY, Channel.CALL) is None


@pytest.mark.parametrize(
    ("changed", "sms", "call"),
    [
        (with_warmup(READY, HealthState.BLOCKED), Blocker.BLOCKED, Blocker.BLOCKED),
        (with_warmup(READY, HealthState.PAUSED), Blocker.PAUSED, Blocker.PAUSED),
        (replace(READY, enabled=False), Blocker.DISABLED, Blocker.DISABLED),
        (
            replace(READY, status=NumberStatus.PROVISIONING),
            Blocker.PROVISIONING,
            Blocker.PROVISIONING,
        ),
        (replace(READY, status=NumberStatus.SUSPENDED), Blocker.INVENTORY, Blocker.INVENTORY),
        (
            replace(READY, inventory_state=InventoryState.WARMUP_ONLY),
            Blocker.INVENTORY,
            Blocker.INVENTORY,
        ),
        (replace(READY, inventory_state=InventoryState.READY_FOR_SMS), None, Blocker.INVENTORY),
        (replace(READY, inventory_state=InventoryState.READY_FOR_VOICE), Blocker.INVENTORY, None),
        (
            replace(
                READY, capabilities=Capabilities(sms=False, voice=True, warmup=True, testing=False)
            ),
            Blocker.NO_CAPABILITY,
            None,
        ),
        (
            replace(
                READY, ten_dlc=replace(READY.ten_dlc, campaign_status=TenDlcCampaignStatus.PENDING)
            ),
            Blocker.TEN_DLC,
            None,
        ),
        (with_warmup(READY, HealthState.WARMING), Blocker.WARMING, None),
        (with_warmup(READY, HealthState.NOT_STARTED), Blocker.NOT_STARTED, None),
        (with_warmup(READY, HealthState.NEEDS_ATTENTION), None, None),
    ],
)
def test_the_first_blocker_per_channel(
    changed: PhoneNumber, sms: Blocker | None, call: Blocker | None
) -> None:
    """SMS warmup and 10DLC gate SMS only; Warmup-only numbers carry no customer traffic."""
    assert (blocker(changed, Channel.SMS), blocker(changed, Channel.CALL)) == (sms, call)


def test_a_paused_number_is_paused_before_anything_else_is_wrong() -> None:
    broken = replace(with_warmup(READY, HealthState.PAUSED), enabled=False)
    assert blocker(broken, Channel.SMS) is Blocker.PAUSED


def test_a_team_sees_its_own_and_the_account_wide_numbers() -> None:
    ours, shared, theirs = (replace(READY, team_id=t) for t in ("t1", None, "t2"))
    request = SelectionRequest(team_id="t1")
    assert [in_scope(n, request) for n in (ours, shared, theirs)] == [True, True, False]
    assert all(in_scope(n, SelectionRequest()) for n in (ours, shared, theirs))


def test_a_released_number_is_never_in_scope() -> None:
    released = replace(READY, inventory_state=InventoryState.RELEASED)
    assert not in_scope(released, SelectionRequest())


def test_only_a_number_that_needs_attention_carries_a_warning() -> None:
    watched = with_warmup(READY, HealthState.NEEDS_ATTENTION, health_reason="Score 61 is below 80.")
    assert health_warning(watched) == "Score 61 is below 80."
    assert health_warning(with_warmup(READY, HealthState.NEEDS_ATTENTION)) is not None
    for state in HealthState:
        if state is not HealthState.NEEDS_ATTENTION:
            assert health_warning(with_warmup(READY, state)) is None
