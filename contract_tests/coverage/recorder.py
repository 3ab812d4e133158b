"""What the run saw, recorded from every answer (schemathesis's after_call hook), thread-safe:
workers answer at once. Counts and sets only, so replays and shrinking add nothing new."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from contract_tests.coverage.documented import Documented


def leaves(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """(pointer, value) for every scalar of a JSON value, arrays as *."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, f"{pointer}/{key}")
    elif isinstance(value, list):
        for child in value:
            yield from leaves(child, f"{pointer}/*")
    else:
        yield pointer, value


def sent_fields(path: Mapping[str, Any], query: Mapping[str, Any], body: Any) -> set[str]:
    found = {f"path.{k}" for k, v in path.items() if v is not None}
    found |= {f"query.{k}" for k, v in query.items() if v is not None}
    if isinstance(body, dict):
        found |= {"body" + p.replace("/", ".") for p, v in leaves(body) if v is not None}
    return found


@dataclass
class Recorder:
    documented: Documented
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    enum_values: dict[str, set[str]] = field(default_factory=dict)
    # (operation, response field) -> whether any answer had a value there
    fields_valued: dict[tuple[str, str], bool] = field(default_factory=dict)
    sent: dict[str, set[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(
        self,
        operation_id: str,
        status: int,
        request_fields: set[str],
        answer: Any,
    ) -> None:
        with self.lock:
            self.statuses.setdefault(operation_id, Counter())[status] += 1
            self.sent.setdefault(operation_id, set()).update(request_fields)
            if not 200 <= status < 300:
                return
            for pointer, value in leaves(answer):
                key = (operation_id, pointer)
                self.fields_valued[key] = self.fields_valued.get(key, False) or value is not None
                if pointer in self.documented.enums and value is not None:
                    self.enum_values.setdefault(pointer, set()).add(str(value))
