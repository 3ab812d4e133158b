"""A pinned conversation answers with its pin: after an override of a conversation (and no clear
since), its next selections are ManualOverride with that number, while the number can send.
Judged over the run's sequence of calls, without a request of its own, so it applies to live
traffic too. Applies in leadping-contract runs and audits."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests import run_context
from contract_tests.checks._json import body_of, conversation_of
from contract_tests.conversation_memory import UNSEEN


def _pin_can_send(answer: dict[str, Any], pin: object) -> bool:
    return any(
        n.get("phoneNumberId") == pin and n.get("canSend")
        for n in answer.get("eligibleNumbers") or []
    )


@schemathesis.check
def pinned_conversation_answers_its_pin(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    run = run_context.current()
    body = body_of(response, case, "selectOutgoingNumber")
    conversation = conversation_of(case, response)
    if run is None or body is None or not conversation:
        return None
    pin = run.memory.pins.get(conversation)
    if pin is UNSEEN or pin is None:
        return True
    if body.get("phoneNumberId") != pin and _pin_can_send(body, pin):
        raise AssertionError(
            f"conversation {conversation[:80]!r} was overridden to {pin!r}, which can still "
            f"send, but its selection chose {body.get('phoneNumberId')!r} "
            f"({body.get('selectionReason')})"
        )
    return True
