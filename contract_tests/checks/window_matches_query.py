"""The status window is the one asked for: the same in both metric blocks, starting on startDate
when one is given, and windowDays as requested, clamped to 1-365 (decision R6)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, number


@schemathesis.check
def window_matches_query(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    if body is None:
        return None
    opt, traffic = body.get("optOutMetrics") or {}, body.get("trafficMetrics") or {}
    for field in ("windowDays", "windowStartedAt"):
        if opt.get(field) != traffic.get(field):
            raise AssertionError(
                f"optOutMetrics.{field} ({opt.get(field)!r}) differs from trafficMetrics.{field} "
                f"({traffic.get(field)!r})"
            )
    query = case.query or {}
    start, end = query.get("startDate"), query.get("endDate")
    started = str(traffic.get("windowStartedAt", ""))
    if start and end and start <= end and not started.startswith(str(start)):
        raise AssertionError(f"startDate={start} was asked for but the window starts {started!r}")
    asked = number(query.get("windowDays"))
    # Outside 1-365 the service clamps (decision R6): 0 is a day, 400 is a year.
    expected = None if asked is None else min(365.0, max(1.0, asked))
    if (
        expected is not None
        and not start
        and not end
        and number(traffic.get("windowDays")) != expected
    ):
        raise AssertionError(
            f"windowDays={query['windowDays']} was asked for, so the window is {expected:g} days "
            f"(1-365, clamped), but it is {traffic.get('windowDays')!r}"
        )
    return True
