"""The service with its behaviour faults switched on: wrong state, answers that look right."""

from __future__ import annotations

from dataclasses import replace

from mockserver.domain.model import SelectionRequest
from mockserver.domain.selection import Selection
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.store import Store
from mockserver.faults.catalogue import FaultSet


class FaultyService(PhoneNumberService):
    def __init__(self, store: Store, max_numbers: int, faults: FaultSet) -> None:
        super().__init__(store, max_numbers)
        self.faults = faults

    def override(self, number_id: str, request: SelectionRequest) -> Selection:
        selection = super().override(number_id, request)
        if self.faults.has("override-ignored") and request.conversation_id:
            conversation = self.store.conversation(request.conversation_id)
            if conversation is not None:
                self.store.put_conversation(replace(conversation, override_number_id=None))
        return selection

    def clear_override(self, conversation_id: str) -> Selection:
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
