"""A consumer contract from a request log (the mock's, or any): what one consumer sent, and
which fields of the answers it received. The mock's admin API and `leadping-contract
consumer-contract` build it here, the one place; contract_tests/contract_diff reads and checks it.

Each log entry is an object: {"method", "path", "query" (the query string as sent),
"operationId" (null when the call matched no operation), "status", "requestBody",
"responseBody"} (the bodies as JSON, or null).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

PROVIDER = "leadping-phone-numbers"
# Distinct calls kept in one contract: a day of clicking is a few dozen.
MAX_INTERACTIONS = 500


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def field_pointers(value: Any) -> list[str]:
    """Every object key at every depth, as sorted pointers; array items all stand under `*`."""
    found: set[str] = set()
    _collect(value, "", found)
    return sorted(found)


def _collect(value: Any, at: str, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            pointer = f"{at}/{_escape(str(key))}"
            found.add(pointer)
            _collect(sub, pointer, found)
    elif isinstance(value, list):
        for item in value:
            _collect(item, f"{at}/*", found)


def consumer_contract_from_log(
    entries: list[dict[str, Any]], consumer: str, generated_at: datetime | None = None
) -> dict[str, Any]:
    """The consumer contract (as JSON) of the calls in `entries`.

    Entries without an operationId are skipped. Identical calls (same operation, method, path,
    query, request body and status) are kept once, with the response fields of all of them and
    the first one's response body; at most MAX_INTERACTIONS distinct calls are kept, the first.
    """
    kept: dict[str, dict[str, Any]] = {}
    for entry in entries:
        operation_id = entry.get("operationId")
        if not operation_id:
            continue
        # A repeated query parameter keeps its last value, as most frameworks read it.
        query = dict(parse_qsl(str(entry.get("query") or ""), keep_blank_values=True))
        call = {
            "operationId": str(operation_id),
            "method": str(entry.get("method", "")).upper(),
            "path": str(entry.get("path", "")),
            "query": query,
            "requestBody": entry.get("requestBody"),
            "status": entry.get("status"),
        }
        key = json.dumps(call, sort_keys=True)
        fields = field_pointers(entry.get("responseBody"))
        if key in kept:
            kept[key]["responseFields"] = sorted({*kept[key]["responseFields"], *fields})
        elif len(kept) < MAX_INTERACTIONS:
            kept[key] = {**call, "responseFields": fields}
            if entry.get("responseBody") is not None:
                kept[key]["responseBody"] = entry["responseBody"]
    when = generated_at or datetime.now(UTC)
    return {
        "consumer": consumer,
        "provider": PROVIDER,
        "generatedAt": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "interactions": list(kept.values()),
    }
