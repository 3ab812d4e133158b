"""After clearing an override, neither the answer nor the next selection claims one."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._follow_up import answer_object, select_again
from contract_tests.checks._json import body_of, conversation_of


def _claims_override(answer: dict[str, Any]) -> bool:
    return (
        bool(answer.get("wasManuallyOverridden"))
        or answer.get("selectionReason") == "ManualOverride"
    )


@schemathesis.check
def clear_removes_override(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "clearConversationOverride")
    if body is None:
        return None
    if _claims_override(body):
        raise AssertionError(
            "the override was cleared but the answer still claims a manual override"
        )
    conversation_id = conversation_of(case, response)
    follow_up = select_again(
        "clear_removes_override", case, response, {"conversationId": conversation_id}
    )
    after = answer_object(follow_up)
    if after is not None and _claims_override(after):
        raise AssertionError(
            f"after clearing conversation {conversation_id!r}, the next selection is still a "
            "manual override; " + follow_up.describe()
        )
    return True
