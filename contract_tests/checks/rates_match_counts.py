"""A rate is the ratio of the counts beside it: deliverySuccessRate = delivered / sent x 100,
optOutRatePercent = opted out / contacted x 100 (within rounding to two decimals)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, number

# (part, rate, numerator, denominator)
RATES = (
    ("smsWarmup", "deliverySuccessRate", "deliveredCount", "sentCount"),
    ("optOutMetrics", "optOutRatePercent", "optOutCount", "distinctContactedCount"),
)
TOLERANCE = 0.01


@schemathesis.check
def rates_match_counts(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    if body is None:
        return None
    for part, rate, numerator, denominator in RATES:
        section = body.get(part) or {}
        given = number(section.get(rate))
        top, bottom = number(section.get(numerator)), number(section.get(denominator))
        if given is None or top is None or bottom is None:
            continue
        expected = 100 * top / bottom if bottom else 0.0
        if abs(given - expected) > TOLERANCE:
            raise AssertionError(
                f"{part}.{rate} is {given} but {numerator}/{denominator} = "
                f"{section.get(numerator)}/{section.get(denominator)} gives {expected:.2f}"
            )
    return True
