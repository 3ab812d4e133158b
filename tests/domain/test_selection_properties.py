"""Properties of the selection engine over generated worlds, against a brute-force oracle."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.domain.eligibility import blocker, in_scope
from mockserver.domain.enums import (
    Channel,
    HealthState,
    InventoryState,
    NumberStatus,
    SelectionReason,
)
from mockserver.domain.model import (
    Conversation,
    Lead,
    PhoneNumber,
    SelectionRequest,
    TenDlcCampaignStatus,
)
from mockserver.domain.phone_format import area_code
from mockserver.domain.selection import Selection, select
from mockserver.domain.world import World, WorldOrigin
from mockserver.stores.memory import MemoryStore
from tests.domain.builders import number

AREAS = ["512", "303", "415"]
TEAMS = [None, "t1", "t2"]
IDS = [f"pn_{i:04d}" for i in range(1, 9)]


@st.composite
def phone_numbers(draw: st.DrawFn, number_id: str) -> PhoneNumber:
    base = number(
        number_id,
        f"+1{draw(st.sampled_from(AREAS))}555{int(number_id[3:]):04d}",
        draw(st.sampled_from(list(HealthState))),
    )
    ten_dlc = draw(st.sampled_from([TenDlcCampaignStatus.APPROVED, TenDlcCampaignStatus.PENDING]))
    return replace(
        base,
        team_id=draw(st.sampled_from(TEAMS)),
        campaign_id=draw(st.sampled_from([None, "c1", "c2"])),
        source_id=draw(st.sampled_from([None, "s1"])),
        is_preferred=draw(st.booleans()),
        is_default=draw(st.booleans()),
        enabled=draw(st.booleans().map(lambda b: b or draw(st.booleans()))),
        status=draw(
            st.sampled_from(
                [
                    NumberStatus.ACTIVE,
                    NumberStatus.ACTIVE,
                    NumberStatus.PROVISIONING,
                    NumberStatus.SUSPENDED,
                ]
            )
        ),
        inventory_state=draw(
            st.sampled_from(
                [
                    InventoryState.ASSIGNED,
                    InventoryState.READY_FOR_VOICE,
                    InventoryState.RELEASED,
                    InventoryState.WARMUP_ONLY,
                ]
            )
        ),
        ten_dlc=replace(base.ten_dlc, campaign_status=ten_dlc),
    )


@st.composite
def worlds(draw: st.DrawFn) -> tuple[World, SelectionRequest]:
    count = draw(st.integers(0, len(IDS)))
    numbers = tuple(draw(phone_numbers(number_id)) for number_id in IDS[:count])
    maybe_id = st.sampled_from([None, *IDS])
    leads = (
        Lead("lead_1", "Pat", f"+1{draw(st.sampled_from(AREAS))}5550100", draw(maybe_id), None),
    )
    conversations = (
        Conversation("conv_1", sticky_number_id=draw(maybe_id), override_number_id=draw(maybe_id)),
    )
    request = SelectionRequest(
        conversation_id=draw(st.sampled_from([None, "conv_1", "conv_new"])),
        lead_id=draw(st.sampled_from([None, "lead_1"])),
        recipient_phone_number=draw(st.sampled_from([None, "+15125550199", "+4420555000"])),
        channel=draw(st.sampled_from([None, Channel.SMS, Channel.CALL])),
        campaign_id=draw(st.sampled_from([None, "c1"])),
        source_id=draw(st.sampled_from([None, "s1"])),
        team_id=draw(st.sampled_from(TEAMS)),
    )
    world = World(numbers=numbers, leads=leads, conversations=conversations)
    return world, request


def run(world: World, request: SelectionRequest) -> tuple[MemoryStore, Selection]:
    store = MemoryStore()
    store.load(world, WorldOrigin(seed=0, scenario="property"))
    return store, select(store, request)


def oracle(
    store: MemoryStore, world: World, request: SelectionRequest
) -> list[tuple[SelectionReason, set[str]]]:
    """For each reason in priority order, the numbers that could win by it, found by brute force."""
    channel = request.channel or Channel.SMS
    sendable = {
        n.id: n for n in world.numbers if in_scope(n, request) and blocker(n, channel) is None
    }
    conversation = store.conversation(request.conversation_id) if request.conversation_id else None
    lead = store.lead(request.lead_id) if request.lead_id else None
    recipient = request.recipient_phone_number or (lead.phone_number if lead else None)

    def where(test: object) -> set[str]:
        return {i for i, n in sendable.items() if test(n)}  # type: ignore[operator]

    return [
        (
            SelectionReason.MANUAL_OVERRIDE,
            where(lambda n: conversation and n.id == conversation.override_number_id),
        ),
        (
            SelectionReason.STICKY_CONVERSATION,
            where(lambda n: conversation and n.id == conversation.sticky_number_id),
        ),
        (
            SelectionReason.LEAD_ASSIGNED,
            where(lambda n: lead and n.id == lead.assigned_phone_number_id),
        ),
        (
            SelectionReason.CAMPAIGN_OR_SOURCE,
            where(
                lambda n: (
                    (request.campaign_id and n.campaign_id == request.campaign_id)
                    or (request.source_id and n.source_id == request.source_id)
                )
            ),
        ),
        (SelectionReason.PREFERRED, where(lambda n: n.is_preferred)),
        (
            SelectionReason.LOCAL_AREA,
            where(lambda n: area_code(recipient) and n.area_code == area_code(recipient)),
        ),
        (
            SelectionReason.HEALTHY_POOL,
            where(lambda n: n.warmup.state in (HealthState.HEALTHY, HealthState.READY)),
        ),
        (SelectionReason.FALLBACK_DEFAULT, set(sendable)),
    ]


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_the_winner_is_the_first_reason_with_a_sendable_number(
    case: tuple[World, SelectionRequest],
) -> None:
    world, request = case
    store, selection = run(world, request)
    expected = next(((reason, ids) for reason, ids in oracle(store, world, request) if ids), None)
    if expected is None:
        assert selection.chosen is None
        assert selection.setup_message
    else:
        assert selection.chosen is not None
        assert selection.reason is expected[0]
        assert selection.chosen.number.id in expected[1]


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_one_selected_number_iff_can_send_and_it_is_eligible(
    case: tuple[World, SelectionRequest],
) -> None:
    world, request = case
    _, selection = run(world, request)
    ids = [c.number.id for c in selection.candidates]
    assert len(ids) == len(set(ids)), "a number is listed once"
    if selection.chosen is not None:
        chosen = selection.chosen.number
        assert ids[0] == chosen.id
        assert in_scope(chosen, request)
        assert blocker(chosen, request.channel or Channel.SMS) is None
        assert selection.setup_message is None
    assert all(in_scope(c.number, request) for c in selection.candidates)


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_a_sendable_override_always_wins(case: tuple[World, SelectionRequest]) -> None:
    world, request = case
    request = replace(request, conversation_id="conv_1")
    store, selection = run(world, request)
    pinned = store.number(world.conversations[0].override_number_id or "")
    if (
        pinned
        and in_scope(pinned, request)
        and blocker(pinned, request.channel or Channel.SMS) is None
    ):
        assert selection.reason is SelectionReason.MANUAL_OVERRIDE
        assert selection.chosen is not None
        assert selection.chosen.number.id == pinned.id
        assert selection.was_manually_overridden
    else:
        assert not selection.was_manually_overridden
