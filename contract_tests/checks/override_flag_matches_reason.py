"""selectionReason is ManualOverride if and only if wasManuallyOverridden is true."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of
from contract_tests.checks.one_number_selected_iff_can_send import SELECTION_OPERATIONS


@schemathesis.check
def override_flag_matches_reason(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, *SELECTION_OPERATIONS)
    if body is None:
        return None
    by_reason = body.get("selectionReason") == "ManualOverride"
    if by_reason != bool(body.get("wasManuallyOverridden")):
        raise AssertionError(
            f"selectionReason is {body.get('selectionReason')!r} but wasManuallyOverridden is "
            f"{body.get('wasManuallyOverridden')!r}"
        )
    return True
