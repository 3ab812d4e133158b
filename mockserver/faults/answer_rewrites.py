"""How the wire faults break an answer, or decide to crash or refuse: each a small function of
the request's fields and the answer's body, keeping every other rule of the answer intact, so
that only the check the fault is for can see it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

Json = dict[str, Any]
Rewritten = tuple[int | None, Json]


def int32_out_of_range(_request: Json, body: Json) -> Rewritten:
    return None, {**body, "messagesPossible": 2**31}


def enum_wrong_case(_request: Json, body: Json) -> Rewritten:
    status = body.get("healthStatus")
    return None, {**body, "healthStatus": status.lower() if status else "healthy"}


def missing_required_field(_request: Json, body: Json) -> Rewritten:
    return None, {k: v for k, v in body.items() if k != "canSend"}


def nullable_field_omitted(_request: Json, body: Json) -> Rewritten:
    return None, {k: v for k, v in body.items() if not (k == "setupMessage" and v is None)}


def name_at_max_length(request: Json) -> bool:
    return len(str(request.get("name", ""))) == 255


def long_name(request: Json) -> bool:
    return len(str(request.get("name", ""))) >= 200


def window_at_its_limit(request: Json) -> bool:
    return str(request.get("windowDays")) == "365"


def two_selected(_request: Json, body: Json) -> Rewritten:
    numbers = [{**n, "isSelected": bool(n.get("canSend"))} for n in body.get("eligibleNumbers", [])]
    if sum(n["isSelected"] for n in numbers) < 2 and len(numbers) >= 2:
        numbers = [{**n, "isSelected": True} for n in numbers]
    return None, {**body, "eligibleNumbers": numbers}


def _another_number(e164: str) -> str:
    return e164[:-1] + str((int(e164[-1]) + 1) % 10) if e164[-1:].isdigit() else e164


def status_for_another_number(_request: Json, body: Json) -> Rewritten:
    number = body.get("number")
    if not isinstance(number, str):
        return None, body
    other = _another_number(number)
    warmup = {**(body.get("smsWarmup") or {}), "phoneNumber": other}
    return None, {**body, "number": other, "smsWarmup": warmup}


def renamed(request: Json, body: Json) -> Rewritten:
    name = str(request.get("name") or body.get("name") or "x")
    return None, {**body, "name": name[:-1] + ("?" if name[-1:] != "?" else "!")}


def with_another_number(body: Json) -> Json:
    """The answer as if another number that can send had been chosen (everything else, labels
    and selection marks included, kept consistent)."""
    items = list(body.get("eligibleNumbers") or [])
    chosen = body.get("phoneNumberId")
    other = next((n for n in items if n.get("canSend") and n.get("phoneNumberId") != chosen), None)
    if other is None or not body.get("canSend"):
        return body
    marked = [
        {
            **n,
            "isSelected": n is other,
            "reasonLabel": body.get("reasonLabel") if n is other else None,
        }
        if n is other or n.get("isSelected")
        else n
        for n in items
    ]
    return {
        **body,
        "phoneNumberId": other.get("phoneNumberId"),
        "number": other.get("number"),
        "displayNumber": other.get("displayNumber"),
        "healthLabel": other.get("healthLabel"),
        "healthWarning": other.get("healthWarning"),
        "eligibleNumbers": marked,
    }


def override_answers_another(_request: Json, body: Json) -> Rewritten:
    return None, with_another_number(body)


def sticky_hops(_request: Json, body: Json) -> Rewritten:
    if body.get("selectionReason") != "StickyConversation":
        return None, body
    return None, with_another_number(body)


LEAD_LABEL = "Assigned to this lead"


def lead_assigned_without_lead(request: Json, body: Json) -> Rewritten:
    if request.get("leadId") or body.get("selectionReason") not in ("Preferred", "HealthyPool"):
        return None, body
    items = [
        {**n, "reasonLabel": LEAD_LABEL} if n.get("isSelected") else n
        for n in body.get("eligibleNumbers") or []
    ]
    return None, {
        **body,
        "selectionReason": "LeadAssigned",
        "reasonLabel": LEAD_LABEL,
        "eligibleNumbers": items,
    }


def warning_without_attention(_request: Json, body: Json) -> Rewritten:
    if not body.get("canSend") or body.get("healthWarning"):
        return None, body
    return None, {**body, "healthWarning": "Watch this number."}


def failures_miscounted(_request: Json, body: Json) -> Rewritten:
    warmup = dict(body.get("smsWarmup") or {})
    failed, sent = warmup.get("failureCount"), warmup.get("sentCount")
    if isinstance(failed, int) and isinstance(sent, int) and failed < sent:
        warmup["failureCount"] = failed + 1
    return None, {**body, "smsWarmup": warmup}


def events_outside_window(_request: Json, body: Json) -> Rewritten:
    events = list(body.get("recentEvents") or [])
    started = (body.get("trafficMetrics") or {}).get("windowStartedAt")
    if not events or not isinstance(started, str):
        return None, body
    try:
        earlier = datetime.fromisoformat(started.replace("Z", "+00:00")) - timedelta(days=1)
    except (ValueError, OverflowError):  # a window from the first day of the calendar
        return None, body
    stamp = earlier.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return None, {**body, "recentEvents": [{**events[0], "createdAt": stamp}, *events[1:]]}


def campaign_not_echoed(request: Json, body: Json) -> Rewritten:
    if not request.get("campaignId"):
        return None, body
    return None, {**body, "campaignId": None}
