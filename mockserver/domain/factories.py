"""Faker-backed factories: realistic, internally consistent numbers and worlds from a seed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mockserver.domain.enums import InventoryState, NumberStatus
from mockserver.domain.model import (
    Billing,
    Capabilities,
    Location,
    NumberEvent,
    PhoneNumber,
    Routing,
    TenDlc,
    TenDlcCampaignStatus,
    Warmup,
)
from mockserver.domain.phone_format import AREA_CODES, display_number, place
from mockserver.domain.warmup import activated

if TYPE_CHECKING:
    from faker import Faker

MONTHLY_AMOUNT = 1.15


def seeded_faker(seed: int) -> Faker:
    """A Faker of its own, seeded per world (the global Faker.seed would be shared state)."""
    # Imported when first needed: importing Faker scans its locales (~0.1 s), and a mock that
    # starts from a cached world needs none until a number is created.
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    return fake


def nanp_number(fake: Faker, area: str | None = None) -> str:
    """A valid US E.164 number: exchange 2-9XX but not N11, and not the 555 fiction range."""
    area = area or fake.random_element(sorted(AREA_CODES))
    while True:
        exchange = fake.random_int(200, 999)
        if exchange % 100 != 11 and exchange != 555:
            return f"+1{area}{exchange}{fake.random_int(0, 9999):04d}"


@dataclass(frozen=True)
class NumberDraft:
    """What a create request says about a new number."""

    name: str
    number: str
    business_id: str
    user_id: str | None
    enabled: bool = True
    id: str | None = None


def ten_dlc_for(fake: Faker, status: TenDlcCampaignStatus, assigned: bool, at: datetime) -> TenDlc:
    return TenDlc(
        brand_id=f"B{fake.bothify('??#####').upper()}",
        campaign_id=f"C{fake.bothify('??#####').upper()}",
        campaign_status=status,
        assignment_status="Assigned" if assigned else "Pending",
        messaging_profile_id=str(fake.uuid4()),
        status_updated_at=at,
        failure_reason=None,
        last_provider_event_id=str(fake.uuid4()),
    )


def new_number(
    fake: Faker,
    draft: NumberDraft,
    number_id: str,
    event_id: str,
    now: datetime,
    actor: tuple[str, str] | None,
) -> PhoneNumber:
    """A number as the service holds it right after creation: provisioning, warmup to start."""
    city, state, country = place(draft.number)
    actor_id, actor_name = actor or (None, None)
    created = NumberEvent(
        id=event_id,
        type="created",
        title="Phone number created",
        details=f"{draft.name} ({display_number(draft.number)}) was added.",
        actor_id=actor_id,
        actor_name=actor_name,
        created_at=now,
    )
    return PhoneNumber(
        id=number_id,
        number=draft.number,
        name=draft.name,
        business_id=draft.business_id,
        user_id=draft.user_id,
        team_id=None,
        campaign_id=None,
        source_id=None,
        enabled=draft.enabled,
        inventory_state=InventoryState.PENDING_VERIFICATION,
        status=NumberStatus.PROVISIONING,
        capabilities=Capabilities(sms=True, voice=True, warmup=True, testing=False),
        routing=Routing(
            sms_enabled=True,
            voice_enabled=True,
            warmup_only=False,
            internal_test_only=False,
            messaging_profile_id=str(fake.uuid4()),
            voice_connection_id=str(fake.random_number(digits=10, fix_len=True)),
        ),
        # The account's 10DLC campaign is approved; the new number's assignment is pending.
        ten_dlc=ten_dlc_for(fake, TenDlcCampaignStatus.APPROVED, assigned=False, at=now),
        billing=Billing(
            subscription_item_id=f"si_{fake.bothify('??????????????')}",
            monthly_amount=MONTHLY_AMOUNT,
            channel="sms",
        ),
        location=Location(city=city, state=state, country_code=country),
        warmup=Warmup(
            enabled=True,
            started_at=now + timedelta(days=1),
            pause_reason=None,
            block_reason=None,
            quality=0.97,
        ),
        created_at=now,
        provider_phone_number_id=str(fake.uuid4()),
        provider_order_id=str(fake.uuid4()),
        provider_order_status="pending",
        provider_status="provisioning",
        events=(created,),
    )


def established(number: PhoneNumber, created_at: datetime, warmup: Warmup) -> PhoneNumber:
    """A number that finished provisioning long ago: active, assigned, 10DLC in place."""
    backdated = replace(
        number,
        warmup=warmup,
        created_at=created_at,
        events=tuple(replace(e, created_at=created_at) for e in number.events),
    )
    # Provisioning took a couple of hours at the provider.
    return activated(backdated, created_at + timedelta(hours=2))
