"""A consumer contract from a journal of calls (the mock's admin journal, or any request log).

Each journal entry is an object: {"method", "path", "query" (the query string as sent),
"operationId" (null when the call matched no operation), "status", "requestBody",
"responseBody"} (the bodies as JSON, or null). A file holds a list of them or {"entries": [...]}.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from contract_tests.contract_diff.consumer_contract import MAX_INTERACTIONS, PROVIDER
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.json_input import mapping, read_json, status, text
from contract_tests.contract_diff.pointers import field_pointers


def consumer_contract_from_journal(
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


# Optional keys with a type; the bodies may be any JSON value.
_OPTIONAL: dict[str, tuple[tuple[type, ...], str]] = {
    "query": ((str,), "a string (the query string as sent)"),
    "operationId": ((str, type(None)), "a string or null"),
}


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The entries of a saved journal; InputError names the first malformed one."""
    data = read_json(path, "journal")
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        raise InputError(f'{path}: expected a list of journal entries, or {{"entries": [...]}}')
    entries = []
    for index, item in enumerate(data):
        at = f"{path}: entries[{index}]"
        entry = mapping(item, at)
        text(entry, "method", at)
        text(entry, "path", at)
        status(entry, "status", at)
        for key, (kinds, expected) in _OPTIONAL.items():
            if key in entry and not isinstance(entry[key], kinds):
                raise InputError(f"{at}.{key}: expected {expected}")
        entries.append(entry)
    return entries
