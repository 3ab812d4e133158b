"""ManualOverride means the conversation was overridden to that number and not cleared since: a
selection answered ManualOverride names the number the run's last override of that conversation
pinned; after a clear, the override does not come back. Applies in leadping-contract runs."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests import run_context
from contract_tests.checks._json import body_of, conversation_of, operation_id, request_body
from contract_tests.checks.sticky_means_sent_before import EXAMPLE_CONVERSATIONS
from contract_tests.conversation_memory import UNSEEN


@schemathesis.check
def manual_override_means_overridden(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    run = run_context.current()
    operation = operation_id(case) or ""
    body = body_of(
        response,
        case,
        "selectOutgoingNumber",
        "clearConversationOverride",
        "validateManualOverride",
    )
    conversation = conversation_of(case, response)
    if run is None or body is None or not conversation:
        return None
    pinned = run.memory.pins.get(conversation)
    run.memory.note_pin(operation, conversation, request_body(case), body)
    if operation == "validateManualOverride" or body.get("selectionReason") != "ManualOverride":
        return True
    if operation == "clearConversationOverride":
        raise AssertionError(f"clearing conversation {conversation[:80]!r} answered ManualOverride")
    chosen = body.get("phoneNumberId")
    if pinned is None:
        raise AssertionError(
            f"conversation {conversation[:80]!r} is answered ManualOverride ({chosen}) after its "
            "override was cleared, with no override since"
        )
    known = conversation in run.known.conversations or conversation in EXAMPLE_CONVERSATIONS
    if pinned is UNSEEN and not known:
        raise AssertionError(
            f"conversation {conversation[:80]!r} is answered ManualOverride ({chosen}) but was "
            "never overridden"
        )
    if pinned is not UNSEEN and pinned != chosen:
        raise AssertionError(
            f"conversation {conversation[:80]!r} was overridden to {pinned!r} but is answered "
            f"ManualOverride with {chosen!r}"
        )
    return True
