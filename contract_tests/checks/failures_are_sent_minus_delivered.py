"""A status's warmup counts add up (decision M3): failures are the messages sent and not
delivered, `failureCount = sentCount - deliveredCount`."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, number


@schemathesis.check
def failures_are_sent_minus_delivered(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    warmup = (body or {}).get("smsWarmup") or {}
    sent, delivered, failed = (
        number(warmup.get(k)) for k in ("sentCount", "deliveredCount", "failureCount")
    )
    if body is None or sent is None or delivered is None or failed is None:
        return None
    if failed != sent - delivered:
        raise AssertionError(
            f"smsWarmup.failureCount is {warmup.get('failureCount')}, but "
            f"{warmup.get('sentCount')} sent and {warmup.get('deliveredCount')} delivered leave "
            f"{sent - delivered:g} failed"
        )
    return True
