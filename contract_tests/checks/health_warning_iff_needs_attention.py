"""A health warning is shown exactly when the health needs attention (decision S8): on the
answer and on each eligible number, `healthWarning` is set if and only if its health label is
"Needs attention"."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of
from contract_tests.checks.one_number_selected_iff_can_send import SELECTION_OPERATIONS

NEEDS_ATTENTION = "Needs attention"


@schemathesis.check
def health_warning_iff_needs_attention(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, *SELECTION_OPERATIONS)
    if body is None:
        return None
    for where, item in [
        ("the answer", body),
        *((f"eligibleNumbers[{i}]", n) for i, n in enumerate(body.get("eligibleNumbers") or [])),
    ]:
        label = item.get("healthLabel")
        if label is None:
            continue
        warned = bool(item.get("healthWarning"))
        if warned != (label == NEEDS_ATTENTION):
            raise AssertionError(
                f"{where} is {label!r} but its healthWarning is {item.get('healthWarning')!r}: a "
                "warning goes with Needs attention, and only with it"
            )
    return True
