"""A consumer contract from a journal of calls (the mock's admin journal, or any request log).

Each journal entry is an object: {"method", "path", "query" (the query string as sent),
"operationId" (null when the call matched no operation), "status", "requestBody",
"responseBody"} (the bodies as JSON, or null). A file holds a list of them or {"entries": [...]}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.json_input import mapping, read_json, status, text
from mockserver.wire.consumer_contract import consumer_contract_from_log

# The builder lives with the mock, whose admin API serves it; this name is the suite's.
consumer_contract_from_journal = consumer_contract_from_log


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
