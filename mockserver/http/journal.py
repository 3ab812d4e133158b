"""The journal of requests the mock answered: bounded, newest last, for the admin API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JournalEntry:
    method: str
    path: str
    query: str
    status: int
    operation_id: str | None
    duration_ms: float

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "operationId": self.operation_id,
            "durationMs": round(self.duration_ms, 1),
        }
