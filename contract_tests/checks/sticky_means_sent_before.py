"""StickyConversation means the conversation already went out from that same number: in a run,
a conversation's sticky answer names the number it last went out from automatically (unless
that number can no longer send), and a conversation the run has never seen, and nobody listed as
known, cannot be sticky. Applies in leadping-contract runs, which remember the conversations."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests import run_context
from contract_tests.checks._json import body_of, conversation_of, operation_id
from contract_tests.conversation_memory import SELECTIONS, UNSEEN

# The contract's own example conversation: a deployment may well have one by that name.
EXAMPLE_CONVERSATIONS = frozenset({"conv_0001"})


def _still_sends(answer: dict[str, Any], number: object) -> bool:
    return any(
        n.get("number") == number and n.get("canSend") for n in answer.get("eligibleNumbers") or []
    )


@schemathesis.check
def sticky_means_sent_before(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    run = run_context.current()
    body = body_of(response, case, *SELECTIONS)
    conversation = conversation_of(case, response)
    if run is None or body is None or not conversation:
        return None
    before = run.memory.sent_from.get(conversation)
    run.memory.note_sent(operation_id(case) or "", conversation, body)
    if body.get("selectionReason") != "StickyConversation":
        return True
    number = body.get("number")
    if before is UNSEEN:
        known = conversation in run.known.conversations or conversation in EXAMPLE_CONVERSATIONS
        if not known:
            raise AssertionError(
                f"conversation {conversation[:80]!r} is answered StickyConversation ({number}) "
                "but nothing went out in it before"
            )
    elif before is not None and before != number and _still_sends(body, before):
        raise AssertionError(
            f"conversation {conversation[:80]!r} last went out from {before} (which can still "
            f"send) but is answered StickyConversation with {number}"
        )
    return True
