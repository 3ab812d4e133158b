"""The operations of the API as domain calls: one method per operation, atomic over the store."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mockserver.domain import warmup as warmup_model
from mockserver.domain.clock import MINUTES_A_DAY
from mockserver.domain.eligibility import SETUP_MESSAGES, blocker, in_scope
from mockserver.domain.enums import Channel, SelectionReason
from mockserver.domain.errors import AlreadyExists, DomainError, NotFound, TooMuchWork, WorldFull
from mockserver.domain.factories import NumberDraft, new_number, seeded_faker
from mockserver.domain.history import (
    Advanced,
    Cleared,
    Created,
    Overridden,
    Selected,
    Write,
    WriteCost,
    size_of,
)
from mockserver.domain.model import (
    Business,
    Conversation,
    CreateRequest,
    PhoneNumber,
    SelectionRequest,
    User,
)
from mockserver.domain.selection import Candidate, Selection, select
from mockserver.domain.status import Reports, StatusReport, WindowSpec
from mockserver.domain.store import Store
from mockserver.domain.world import World, WorldOrigin

if TYPE_CHECKING:
    from faker import Faker


@dataclass(frozen=True)
class NumberView:
    """A number with the business and user it names, as the create response shows them."""

    number: PhoneNumber
    business: Business | None
    user: User | None


# The mock has no authentication: the caller is the account's owner, in its first business
# (docs/decisions.md, W2). Every world is built with these first.
ACCOUNT_BUSINESS_ID = "biz_0001"
ACCOUNT_OWNER_ID = "user_0001"


# The most simulated number-days (days x numbers) one advance plays: about 5 s of work here.
MAX_NUMBER_DAYS = 20_000


def number_seed(world_seed: int, number_id: str) -> int:
    """The Faker seed of one created number: the same whichever process creates it and whatever
    was created before (a stream shared by the world would differ between processes)."""
    digest = hashlib.blake2b(f"{world_seed}:{number_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class PhoneNumberService:
    """Everything lives in the store (the world, its clock, its history), so any number of
    services over one shared store answer as one."""

    def __init__(self, store: Store, max_numbers: int = 20_000) -> None:
        self.max_numbers = max_numbers
        self.store = store
        # Made on the first create (a cached world needs no Faker to start), then re-seeded for
        # every number: one create at a time uses it (a shared store runs creates side by side).
        self._fake: Faker | None = None
        self._faking = threading.Lock()
        self._reports = Reports()

    def _seed(self) -> int:
        origin = self.store.origin()
        if origin is None:
            raise RuntimeError("the store holds no world: load one before serving requests")
        return origin.seed

    def _record(self, write: Write, number_days: int = 0) -> None:
        self.store.record(write, WriteCost(size_of(write), number_days))

    def replay(self, history: list[Write] | tuple[Write, ...]) -> None:
        """Apply recorded writes in order; the world is deterministic, so the result is exact."""
        for write in history:
            try:
                self.apply(write)
            except DomainError:
                continue  # it failed the same way when it was recorded

    def apply(self, write: Write) -> None:
        """Make one recorded write again."""
        match write:
            case Created(request):
                self.create(request)
            case Selected(request):
                self.select(request)
            case Overridden(number_id, request):
                self.override(number_id, request)
            case Cleared(conversation_id):
                self.clear_override(conversation_id)
            case Advanced(days, minutes):
                self.advance(days, minutes)

    def reset(self, world: World, origin: WorldOrigin) -> None:
        """Start over in another world: the store, its clock and its history all rewind."""
        with self.store.atomic():
            self.store.load(world, origin)

    def create(self, request: CreateRequest) -> NumberView:
        return self.store.atomically(lambda: self._create(request))

    def _create(self, request: CreateRequest) -> NumberView:
        store = self.store
        if request.id and store.number(request.id):
            raise AlreadyExists(f"id '{request.id}'", request.id)
        existing = store.number_by_e164(request.number)
        if existing:
            raise AlreadyExists(f"'{request.number}'", existing.id)
        if store.number_count() >= self.max_numbers:
            raise WorldFull(self.max_numbers)
        business = self._business(request.business_id)
        owner = store.user(ACCOUNT_OWNER_ID)
        user = owner if owner and owner.business_id == business.id else None
        now = store.tick()
        number_id = request.id or store.next_id("pn")
        seed = number_seed(self._seed(), number_id)
        draft = NumberDraft(
            name=request.name,
            number=request.number,
            business_id=business.id,
            user_id=user.id if user else None,
            enabled=request.enabled,
            id=request.id,
        )
        event_id = store.next_id("evt")
        with self._faking:
            fake = self._fake = self._fake or seeded_faker(0)
            fake.seed_instance(seed)
            number = new_number(
                fake, draft, number_id, event_id, now, (user.id, user.name) if user else None
            )
        number = warmup_model.derive(number, [], now)
        store.put_number(number)
        self._record(Created(request))
        return NumberView(number, business, user)

    def _business(self, business_id: str | None) -> Business:
        if business_id is not None:
            business = self.store.business(business_id)
            if business is None:
                raise NotFound("business", business_id)
            return business
        # No business named: the account's own, which every world builds first.
        default = self.store.business(ACCOUNT_BUSINESS_ID)
        if default is None:
            raise NotFound("business", ACCOUNT_BUSINESS_ID)
        return default

    def status(
        self,
        e164: str,
        window_days: int | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> StatusReport:
        read = self.store.status_read(e164, WindowSpec(window_days, start_date, end_date))
        if read is None:
            raise NotFound("phone number", e164)
        return self._reports.of(read)

    def select(self, request: SelectionRequest) -> Selection:
        return self.store.atomically(lambda: self._select(request))

    def _select(self, request: SelectionRequest) -> Selection:
        selection = select(self.store, request)
        self._remember(request, selection)
        if request.conversation_id:
            self._record(Selected(request))
        return selection

    def override(self, number_id: str, request: SelectionRequest) -> Selection:
        return self.store.atomically(lambda: self._override(number_id, request))

    def _override(self, number_id: str, request: SelectionRequest) -> Selection:
        number = self.store.number(number_id)
        if number is None:
            raise NotFound("phone number id", number_id)
        problem = blocker(number, request.channel or Channel.SMS)
        if problem is not None or not in_scope(number, request):
            current = select(self.store, request)
            reason = SETUP_MESSAGES[problem] if problem else "It belongs to another team."
            message = f"{number.name} ({number.number}) can't be used here. {reason}"
            # Nothing is pinned and nothing selected: the user picks again from the list.
            unselected = tuple(
                replace(c, reason=None) if c.can_send else c for c in current.candidates
            )
            return Selection(None, unselected, request, message)
        if request.conversation_id:
            conversation = self._conversation(request)
            self.store.put_conversation(replace(conversation, override_number_id=number.id))
            self._record(Overridden(number_id, request))
        return select(self.store, request, override_id=number.id)

    def clear_override(self, conversation_id: str) -> Selection:
        return self.store.atomically(lambda: self._clear_override(conversation_id))

    def _clear_override(self, conversation_id: str) -> Selection:
        conversation = self.store.conversation(conversation_id)
        if conversation is None:
            raise NotFound("conversation", conversation_id)
        self.store.put_conversation(replace(conversation, override_number_id=None))
        selection = select(self.store, conversation.request)
        self._remember(conversation.request, selection)
        self._record(Cleared(conversation_id))
        return selection

    def _conversation(self, request: SelectionRequest) -> Conversation:
        assert request.conversation_id is not None
        known = self.store.conversation(request.conversation_id)
        return (
            replace(known, request=request)
            if known
            else Conversation(request.conversation_id, request)
        )

    def _remember(self, request: SelectionRequest, selection: Selection) -> None:
        """A conversation sticks to the automatically chosen number; overrides do not move it."""
        if not request.conversation_id:
            return
        conversation = self._conversation(request)
        chosen: Candidate | None = selection.chosen
        if chosen and selection.reason is not SelectionReason.MANUAL_OVERRIDE:
            conversation = replace(conversation, sticky_number_id=chosen.number.id)
        self.store.put_conversation(conversation)

    def advance(self, days: int, minutes: int = 0) -> None:
        """Move the simulated clock on, playing every number's traffic for each whole day; the
        minutes left over (under a day) move the clock and what derives from it (health over
        the last days, warmup stages), with no traffic of their own."""
        days, minutes = days + minutes // MINUTES_A_DAY, minutes % MINUTES_A_DAY
        with self.store.atomic():
            work = days * self.store.number_count()
            if (days < 1 and minutes < 1) or work > MAX_NUMBER_DAYS:
                raise TooMuchWork(days, self.store.number_count(), MAX_NUMBER_DAYS)
            self._record(Advanced(days, minutes), work)
            seed = self._seed()
            for _ in range(days):
                day = self.store.now()
                for number in self.store.numbers():
                    events = warmup_model.simulate_day(number, day, seed, self.store.next_id)
                    self.store.add_traffic(events)
                self._derive_at(self.store.advance_clock(timedelta(days=1)))
            if minutes:
                self._derive_at(self.store.advance_clock(timedelta(minutes=minutes)))

    def _derive_at(self, now: datetime) -> None:
        """Every number's health and stage as of `now`, from its recent traffic."""
        for number in self.store.numbers():
            recent = self.store.traffic(number.id, now - warmup_model.HEALTH_WINDOW, now)
            self.store.put_number(warmup_model.derive(number, recent, now))
