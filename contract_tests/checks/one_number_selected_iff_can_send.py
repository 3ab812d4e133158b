"""canSend true: a number is returned and exactly one eligible number, that one, is selected.
canSend false: no number is named, nothing is selected, and the setup message says what to do."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of

# What names the chosen number: all null when nothing can send (decision S6).
NUMBER_FIELDS = ("phoneNumberId", "number", "displayNumber", "healthStatus", "selectionReason")
SELECTION_OPERATIONS = (
    "selectOutgoingNumber",
    "validateManualOverride",
    "clearConversationOverride",
)


@schemathesis.check
def one_number_selected_iff_can_send(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, *SELECTION_OPERATIONS)
    if body is None:
        return None
    selected = [n for n in body.get("eligibleNumbers") or [] if n.get("isSelected")]
    if body.get("canSend"):
        if not body.get("phoneNumberId") or not body.get("number"):
            raise AssertionError("canSend is true but no phoneNumberId/number is returned")
        if len(selected) != 1:
            raise AssertionError(
                f"canSend is true but {len(selected)} eligible numbers are selected"
            )
        if selected[0].get("phoneNumberId") != body["phoneNumberId"]:
            raise AssertionError(
                f"the selected eligible number {selected[0].get('phoneNumberId')!r} is not the "
                f"returned number {body['phoneNumberId']!r}"
            )
        if selected[0].get("canSend") is not True:
            raise AssertionError("the selected eligible number says it cannot send")
    else:
        if selected:
            raise AssertionError(
                f"canSend is false but {len(selected)} eligible numbers are selected"
            )
        if not (body.get("setupMessage") or "").strip():
            raise AssertionError("canSend is false but setupMessage is empty")
        named = [f for f in NUMBER_FIELDS if body.get(f) is not None]
        if named:
            raise AssertionError(f"canSend is false but {', '.join(named)} name a number")
    return True
