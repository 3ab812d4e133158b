"""A consumer's calls recorded against a running mock, as journal entries with both bodies."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import httpx


def record(
    client: httpx.Client, method: str, path: str, query: dict[str, str] | None = None,
    body: Any = None, operation_id: str = "",
) -> dict[str, Any]:  # fmt: skip
    """Send one call and return the journal entry the mock would keep for it."""
    response = client.request(method, path, params=query, json=body)
    try:
        answer = response.json()
    except ValueError:
        answer = None
    return {
        "method": method,
        "path": path,
        "query": urlencode(query or {}),
        "operationId": operation_id,
        "status": response.status_code,
        "requestBody": body,
        "responseBody": answer,
    }


def recorded_calls(base_url: str) -> list[dict[str, Any]]:
    """A selection without a conversation and the chosen number's status: both read-only."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        selection = record(client, "POST", "/phone-numbers/outgoing/new", body={"channel": "sms"},
                           operation_id="selectOutgoingNumber")  # fmt: skip
        number = selection["responseBody"]["eligibleNumbers"][0]["number"]
        status = record(client, "GET", f"/phone-numbers/{quote(number, safe='')}/status",
                        {"windowDays": "30"}, operation_id="getPhoneNumberStatus")  # fmt: skip
    assert selection["status"] == status["status"] == 200
    return [selection, status]
