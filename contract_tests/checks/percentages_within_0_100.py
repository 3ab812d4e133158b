"""Scores, progress and rates are percentages: between 0 and 100."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, number, walk

PERCENT_KEYS = {
    "healthScore",
    "progressPercent",
    "deliverySuccessRate",
    "optOutRatePercent",
    "warmupHealthScore",
    "warmupProgressPercent",
}


@schemathesis.check
def percentages_within_0_100(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus", "createPhoneNumber")
    if body is None:
        return None
    for pointer, _key, value in walk(body, where=PERCENT_KEYS.__contains__):
        amount = number(value)
        if amount is not None and not 0 <= amount <= 100:
            raise AssertionError(f"{pointer} is {value!r}, outside 0-100")
    return True
