"""A label is present exactly when the enum it labels is, and the selected number agrees with the
top-level answer about its number, health label and reason label."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of
from contract_tests.checks.one_number_selected_iff_can_send import SELECTION_OPERATIONS

PAIRS = (("healthStatus", "healthLabel"), ("selectionReason", "reasonLabel"))
SHARED = ("number", "displayNumber", "healthLabel", "reasonLabel")


@schemathesis.check
def labels_match_enums(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, *SELECTION_OPERATIONS)
    if body is None:
        return None
    for enum_field, label_field in PAIRS:
        if (body.get(enum_field) is None) != (body.get(label_field) is None):
            raise AssertionError(
                f"{enum_field} is {body.get(enum_field)!r} but {label_field} is "
                f"{body.get(label_field)!r}: a label goes with its value"
            )
    selected = [n for n in body.get("eligibleNumbers") or [] if n.get("isSelected")]
    for item in selected[:1]:
        for name in SHARED:
            if item.get(name) != body.get(name):
                raise AssertionError(
                    f"the selected eligible number has {name} {item.get(name)!r}, the answer "
                    f"says {body.get(name)!r}"
                )
    return True
