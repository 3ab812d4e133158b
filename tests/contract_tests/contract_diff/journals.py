"""Journal entries as the mock records them, built from the contract's own examples."""

from __future__ import annotations

import copy
from typing import Any

from mockserver.contract.loader import load_contract

_EXAMPLES = load_contract().resolved()["components"]["examples"]
SELECTION = _EXAMPLES["Selection"]["value"]
STATUS_ANSWER = _EXAMPLES["PhoneNumberStatus"]["value"]
SELECT_PATH = "/phone-numbers/outgoing/new"


def selection_entry(request: dict[str, Any] | None = None, **answer: Any) -> dict[str, Any]:
    """A selection call with this body; its answer the example, with `answer`'s keys replaced."""
    return {
        "method": "POST",
        "path": SELECT_PATH,
        "query": "",
        "operationId": "selectOutgoingNumber",
        "status": 200,
        "requestBody": copy.deepcopy(request if request is not None else {"channel": "sms"}),
        "responseBody": {**copy.deepcopy(SELECTION), **answer},
    }


def status_entry(number: str = "%2B15125550143", query: str = "windowDays=30") -> dict[str, Any]:
    return {
        "method": "GET",
        "path": f"/phone-numbers/{number}/status",
        "query": query,
        "operationId": "getPhoneNumberStatus",
        "status": 200,
        "requestBody": None,
        "responseBody": copy.deepcopy(STATUS_ANSWER),
    }
