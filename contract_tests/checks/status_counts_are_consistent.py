"""Status counts are non-negative and nested: delivered <= sent, rejections <= failures,
opted-out <= contacted, failed <= sent or placed."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, number, walk

# (part, smaller, larger): the smaller count can never exceed the larger.
BOUNDS = (
    ("smsWarmup", "deliveredCount", "sentCount"),
    ("smsWarmup", "failureCount", "sentCount"),
    ("smsWarmup", "carrierRejectionCount", "failureCount"),
    ("optOutMetrics", "optOutCount", "distinctContactedCount"),
    ("trafficMetrics", "smsFailedCount", "smsSentCount"),
    ("trafficMetrics", "callFailedCount", "callPlacedCount"),
)


@schemathesis.check
def status_counts_are_consistent(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    if body is None:
        return None
    for pointer, _key, value in walk(body, where=lambda key: key.endswith("Count")):
        if (number(value) or 0) < 0:
            raise AssertionError(f"{pointer} is negative: {value!r}")
    for part, smaller, larger in BOUNDS:
        section = body.get(part) or {}
        low, high = number(section.get(smaller)), number(section.get(larger))
        if low is not None and high is not None and low > high:
            raise AssertionError(
                f"{part}.{smaller} ({section.get(smaller)}) exceeds {part}.{larger} "
                f"({section.get(larger)})"
            )
    return True
