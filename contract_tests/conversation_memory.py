"""What a run has seen of each conversation, for the checks whose rule spans calls: the number it
last went out from automatically (StickyConversation's meaning) and its manual pin
(ManualOverride's). Each check owns one part and notes answers after judging them; the kit's own
follow-up requests are noted too. Bounded: the least recently noted conversations are forgotten."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

MAX_CONVERSATIONS = 10_000
UNSEEN = object()  # never noted: not the same as a conversation noted without a number


@dataclass
class _Part:
    values: OrderedDict[str, Any] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, conversation: str) -> Any:
        with self.lock:
            return self.values.get(conversation, UNSEEN)

    def put(self, conversation: str, value: Any) -> None:
        with self.lock:
            self.values[conversation] = value
            self.values.move_to_end(conversation)
            while len(self.values) > MAX_CONVERSATIONS:
                self.values.popitem(last=False)


SELECTIONS = ("selectOutgoingNumber", "clearConversationOverride")


@dataclass
class ConversationMemory:
    # conversation -> the number it last went out from automatically (None: nothing could send)
    sent_from: _Part = field(default_factory=_Part)
    # conversation -> the pinned number id, or None once cleared
    pins: _Part = field(default_factory=_Part)

    def note_sent(
        self, operation_id: str, conversation: str | None, answer: dict[str, Any]
    ) -> None:
        if not conversation or operation_id not in SELECTIONS or not answer.get("canSend"):
            return
        if answer.get("selectionReason") != "ManualOverride":
            self.sent_from.put(conversation, answer.get("number"))

    def note_pin(
        self,
        operation_id: str,
        conversation: str | None,
        request: dict[str, Any],
        answer: dict[str, Any],
    ) -> None:
        if not conversation:
            return
        if operation_id == "validateManualOverride" and answer.get("canSend"):
            self.pins.put(conversation, request.get("fromPhoneNumberId"))
        elif operation_id == "clearConversationOverride":
            self.pins.put(conversation, None)

    def note(
        self,
        operation_id: str,
        conversation: str | None,
        request: dict[str, Any],
        answer: dict[str, Any],
    ) -> None:
        """Both parts at once: for answers no check judges (the kit's own follow-ups)."""
        self.note_sent(operation_id, conversation, answer)
        self.note_pin(operation_id, conversation, request, answer)
