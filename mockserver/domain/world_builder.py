"""Build a World from a scenario (a hand-editable description) with a seed and a clock reading."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mockserver.domain import warmup as warmup_model
from mockserver.domain.enums import InventoryState, NumberStatus
from mockserver.domain.errors import ScenarioError
from mockserver.domain.factories import (
    NumberDraft,
    established,
    nanp_number,
    new_number,
    seeded_faker,
    ten_dlc_for,
)
from mockserver.domain.model import (
    Business,
    Campaign,
    Capabilities,
    Lead,
    PhoneNumber,
    Routing,
    Source,
    Team,
    TenDlcCampaignStatus,
    TrafficEvent,
    User,
    Warmup,
)
from mockserver.domain.world import World

if TYPE_CHECKING:
    from faker import Faker

# History is simulated for at most this many days before "now": a whole warmup and any window a
# UI is likely to ask for (status windows default to 30 days).
HISTORY_DAYS = 120
# Days of played history that can hold an event of the last week (a week and its edges).
RECENT_DAYS = 9


def _get(spec: Mapping[str, Any], key: str, where: str, default: Any = ...) -> Any:
    if key in spec:
        return spec[key]
    if default is ...:
        raise ScenarioError(f"{where}.{key}: required")
    return default


def build_world(spec: Mapping[str, Any], seed: int, now: datetime) -> World:
    """Entities from the scenario; names, ids of providers and traffic from the seed."""
    fake = seeded_faker(seed)
    businesses = tuple(
        Business(id=f"biz_{i:04d}", name=fake.company())
        for i in range(1, int(_get(spec, "businesses", "scenario", 1)) + 1)
    )
    if not businesses:
        raise ScenarioError("scenario.businesses: at least 1")
    users = tuple(
        User(id=f"user_{i:04d}", name=fake.name(), business_id=businesses[0].id)
        for i in range(1, int(_get(spec, "users", "scenario", 2)) + 1)
    )
    teams = tuple(
        Team(id=t["id"], name=t["name"], business_id=businesses[0].id)
        for t in _get(spec, "teams", "scenario", [])
    )
    campaigns = tuple(
        Campaign(id=c["id"], name=c["name"], team_id=c.get("team"))
        for c in _get(spec, "campaigns", "scenario", [])
    )
    sources = tuple(
        Source(id=s["id"], name=s["name"]) for s in _get(spec, "sources", "scenario", [])
    )
    numbers: list[PhoneNumber] = []
    traffic: list[TrafficEvent] = []
    counters: dict[str, int] = {}

    def new_id(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}_{counters[prefix]:04d}"

    for i, entry in enumerate(_get(spec, "numbers", "scenario", [])):
        where = f"numbers[{i}]"
        number = _number(fake, entry, where, new_id, businesses[0], users, now)
        history = _simulate(number, seed, now, new_id)
        numbers.append(warmup_model.derive(number, _last_week(history, now), now))
        traffic.extend(history)
    number_ids = {n.id for n in numbers}
    leads = []
    for i, entry in enumerate(_get(spec, "leads", "scenario", [])):
        assigned = entry.get("assigned")
        if assigned is not None and assigned not in number_ids:
            raise ScenarioError(f"leads[{i}].assigned: no number '{assigned}' in this scenario")
        leads.append(
            Lead(
                id=_get(entry, "id", f"leads[{i}]"),
                name=fake.name(),
                phone_number=nanp_number(fake, entry.get("area")),
                assigned_phone_number_id=assigned,
                team_id=entry.get("team"),
            )
        )
    return World(
        businesses=businesses,
        users=users,
        teams=teams,
        campaigns=campaigns,
        sources=sources,
        leads=tuple(leads),
        numbers=tuple(numbers),
        traffic=tuple(traffic),
    )


def _enum(kind: type[InventoryState] | type[NumberStatus], value: str, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(v.value) for v in kind)
        raise ScenarioError(f"{where}: {value!r} is not one of {allowed}") from None


def _number(
    fake: Faker,
    entry: Mapping[str, Any],
    where: str,
    new_id: Callable[[str], str],
    business: Business,
    users: tuple[User, ...],
    now: datetime,
) -> PhoneNumber:
    created_at = now - timedelta(days=int(_get(entry, "age_days", where, 60)))
    user = users[0] if users else None
    draft = NumberDraft(
        name=_get(entry, "name", where),
        number=nanp_number(fake, str(_get(entry, "area", where))),
        business_id=business.id,
        user_id=user.id if user else None,
        enabled=bool(entry.get("enabled", True)),
    )
    actor = (user.id, user.name) if user else None
    number = new_number(fake, draft, _get(entry, "id", where), new_id("evt"), created_at, actor)
    spec_warmup = entry.get("warmup", {})
    started_days = spec_warmup.get("started_days_ago")
    warmup = Warmup(
        enabled=bool(spec_warmup.get("enabled", True)),
        started_at=None if started_days is None else now - timedelta(days=int(started_days)),
        pause_reason=spec_warmup.get("pause_reason"),
        block_reason=spec_warmup.get("block_reason"),
        quality=float(spec_warmup.get("quality", 0.97)),
    )
    status = _enum(NumberStatus, entry.get("status", "Active"), f"{where}.status")
    if status is NumberStatus.PROVISIONING:
        number = replace(number, warmup=replace(warmup, started_at=created_at + timedelta(days=1)))
    else:
        number = established(number, created_at, warmup)
    ten_dlc = entry.get("ten_dlc", "approved")
    if ten_dlc not in ("approved", "pending", "none"):
        raise ScenarioError(
            f"{where}.ten_dlc: {ten_dlc!r} is not one of 'approved', 'pending', 'none'"
        )
    channels = set(entry.get("channels", ["sms", "call"]))
    inventory = _enum(
        InventoryState, entry.get("inventory", number.inventory_state), f"{where}.inventory"
    )
    return replace(
        number,
        status=status,
        inventory_state=inventory,
        team_id=entry.get("team"),
        campaign_id=entry.get("campaign"),
        source_id=entry.get("source"),
        is_preferred=bool(entry.get("preferred", False)),
        is_default=bool(entry.get("default", False)),
        is_internal_pool=inventory is InventoryState.INTERNAL_TEST_ONLY,
        is_approved_test_destination=inventory is InventoryState.INTERNAL_TEST_ONLY,
        is_messaging_program_approved=ten_dlc == "approved",
        capabilities=Capabilities(
            sms="sms" in channels, voice="call" in channels, warmup=warmup.enabled, testing=False
        ),
        routing=Routing(
            sms_enabled="sms" in channels,
            voice_enabled="call" in channels,
            warmup_only=inventory is InventoryState.WARMUP_ONLY,
            internal_test_only=inventory is InventoryState.INTERNAL_TEST_ONLY,
            messaging_profile_id=number.routing.messaging_profile_id,
            voice_connection_id=number.routing.voice_connection_id,
        ),
        ten_dlc=(
            ten_dlc_for(fake, TenDlcCampaignStatus.PENDING, assigned=False, at=created_at)
            if ten_dlc == "pending"
            else replace(number.ten_dlc, campaign_status=None, assignment_status=None)
            if ten_dlc == "none"
            else number.ten_dlc
        ),
    )


def _simulate(
    number: PhoneNumber, seed: int, now: datetime, new_id: Callable[[str], str]
) -> list[TrafficEvent]:
    """Play the number's days up to yesterday, deriving its state each morning as the model does."""
    days: list[list[TrafficEvent]] = []
    first = max(number.created_at, now - timedelta(days=HISTORY_DAYS))
    for offset in range((now - first).days, 0, -1):
        day = now - timedelta(days=offset)
        # A day's events fall on its own date, so the last week lies in the last few days played
        # (scanning the whole history each morning made world building quadratic).
        recent = _last_week([e for played in days[-RECENT_DAYS:] for e in played], day)
        today = warmup_model.derive(number, recent, day)
        days.append(warmup_model.simulate_day(today, day, seed, new_id))
    return [e for played in days for e in played]


def _last_week(history: list[TrafficEvent], now: datetime) -> list[TrafficEvent]:
    since = now - warmup_model.HEALTH_WINDOW
    return [e for e in history if since <= e.at < now]
