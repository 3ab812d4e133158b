"""The service with its behaviour faults switched on: wrong state, answers that look right."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date

from mockserver.domain.errors import NotFound
from mockserver.domain.model import SelectionRequest
from mockserver.domain.selection import Selection
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.status import StatusReport
from mockserver.domain.store import Store
from mockserver.faults.catalogue import FaultSet

MAX_REMEMBERED = 1_000


class FaultyService(PhoneNumberService):
    def __init__(self, store: Store, max_numbers: int, faults: FaultSet) -> None:
        super().__init__(store, max_numbers)
        self.faults = faults
        # clear-comes-back: conversations cleared, and the pin each will get back.
        self._cleared: OrderedDict[str, str] = OrderedDict()

    def status(
        self,
        e164: str,
        window_days: int | None = None,
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> StatusReport:
        if self.faults.has("created-number-has-no-status"):
            number = self.store.number_by_e164(e164)
            origin = self.store.origin()
            if number is not None and origin is not None and number.created_at >= origin.start:
                raise NotFound("phone number", e164)
        return super().status(e164, window_days, start_date, end_date)

    def select(self, request: SelectionRequest) -> Selection:
        selection = super().select(request)
        pin = self._cleared.pop(request.conversation_id or "", None)
        if pin is not None:
            conversation = self.store.conversation(request.conversation_id or "")
            if conversation is not None:  # the override comes back for the next selection
                self.store.put_conversation(replace(conversation, override_number_id=pin))
        return selection

    def override(self, number_id: str, request: SelectionRequest) -> Selection:
        selection = super().override(number_id, request)
        if self.faults.has("override-ignored") and request.conversation_id:
            conversation = self.store.conversation(request.conversation_id)
            if conversation is not None:
                self.store.put_conversation(replace(conversation, override_number_id=None))
        return selection

    def clear_override(self, conversation_id: str) -> Selection:
        if self.faults.has("clear-comes-back"):
            conversation = self.store.conversation(conversation_id)
            if conversation is not None and conversation.override_number_id:
                self._cleared[conversation_id] = conversation.override_number_id
                while len(self._cleared) > MAX_REMEMBERED:
                    self._cleared.popitem(last=False)
        if not self.faults.has("clear-does-not-clear"):
            return super().clear_override(conversation_id)
        conversation = self.store.conversation(conversation_id)
        if conversation is None:
            return super().clear_override(conversation_id)
        return self.select(conversation.request)


def service_with(store: Store, max_numbers: int, faults: FaultSet) -> PhoneNumberService:
    """The plain service, or the faulty one when any fault is on."""
    if faults:
        return FaultyService(store, max_numbers, faults)
    return PhoneNumberService(store, max_numbers)
