"""After a successful override of a conversation, that conversation's next selection returns the
overridden number."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._follow_up import answer_object, select_again
from contract_tests.checks._json import body_of


@schemathesis.check
def override_is_honoured(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "validateManualOverride")
    request: dict[str, Any] = case.body if isinstance(case.body, dict) else {}
    selection = request.get("selection")
    if body is None or not body.get("canSend") or not isinstance(selection, dict):
        return None
    conversation = selection.get("conversationId")
    if not conversation:
        return None
    # That the answer itself names the number is override_answers_the_number_asked's rule.
    chosen = request.get("fromPhoneNumberId")
    follow_up = select_again("override_is_honoured", case, response, selection)
    after = answer_object(follow_up)
    if after is not None and after.get("phoneNumberId") != chosen:
        raise AssertionError(
            f"after overriding conversation {conversation!r} to {chosen!r}, the next selection "
            f"chose {after.get('phoneNumberId')!r} ({after.get('selectionReason')}); "
            + follow_up.describe()
        )
    return True
