"""A status's recent events lie in its window (decision M1): each `recentEvents[].createdAt` is
at or after the window's `windowStartedAt`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


@schemathesis.check
def recent_events_within_window(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    if body is None:
        return None
    started = _moment((body.get("trafficMetrics") or {}).get("windowStartedAt"))
    if started is None or started.tzinfo is None:
        return None
    for index, event in enumerate(body.get("recentEvents") or []):
        at = _moment(event.get("createdAt"))
        if at is not None and at.tzinfo is not None and at < started:
            raise AssertionError(
                f"recentEvents[{index}] at {event.get('createdAt')} is before the window, which "
                f"starts {(body.get('trafficMetrics') or {}).get('windowStartedAt')}"
            )
    return True
