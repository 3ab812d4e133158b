"""One payload case: a request, what should become of it, and the rule it exercises."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

ABSENT = "__absent__"
# Statuses that mean "this input was rejected as invalid"; anything else under 500 means the
# service took the input (a 404 or 409 is about data, not about the input's shape).
INVALID_INPUT_STATUSES = frozenset({400, 413, 415, 422})


@dataclass(frozen=True)
class PayloadCase:
    id: str
    operation_id: str
    kind: str  # valid, invalid, generated-valid, generated-invalid
    rule: str
    description: str
    method: str
    path: str  # concrete and URL-encoded
    query: dict[str, str] = field(default_factory=dict)
    body: Any = ABSENT
    expect_status: int | None = None  # None: accepted; else the status it must be rejected with
    expect_field: dict[str, str] | None = None  # {"in": ..., "field": ...} the problem must name

    @property
    def accepted(self) -> bool:
        return self.expect_status is None

    def target(self) -> str:
        """The path and query string, encoded as sent."""
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.target()

    def curl(self, base_url: str = "$BASE_URL") -> str:
        """A command that sends this case; a $VARIABLE base stays expandable by the shell."""
        if base_url.startswith("$"):
            url = f'"{base_url}"{shlex.quote(self.target())}'
        else:
            url = shlex.quote(self.url(base_url))
        parts = ["curl", "-sS", "-X", self.method, url]
        if self.body is not ABSENT:
            body = json.dumps(self.body, ensure_ascii=False)
            parts += ["-H", "'Content-Type: application/json'", "--data-raw", shlex.quote(body)]
        return " ".join(parts)

    def as_json(self) -> dict[str, Any]:
        request: dict[str, Any] = {"method": self.method, "path": self.path, "query": self.query}
        if self.body is not ABSENT:
            request["body"] = self.body
        expect: dict[str, Any] = {"outcome": "accepted" if self.accepted else "rejected"}
        if not self.accepted:
            expect["status"] = self.expect_status
            if self.expect_field:
                expect["names"] = self.expect_field
        return {
            "id": self.id,
            "operationId": self.operation_id,
            "kind": self.kind,
            "rule": self.rule,
            "description": self.description,
            "request": request,
            "expect": expect,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PayloadCase:
        request, expect = data["request"], data["expect"]
        return cls(
            id=data["id"],
            operation_id=data["operationId"],
            kind=data["kind"],
            rule=data["rule"],
            description=data["description"],
            method=request["method"],
            path=request["path"],
            query=request.get("query", {}),
            body=request.get("body", ABSENT),
            expect_status=expect.get("status"),
            expect_field=expect.get("names"),
        )

    def outcome_matches(self, status: int, problem: Any, content_type: str = "") -> str | None:
        """None when the answer is what the case expects, else what differed."""
        if status >= 500:
            return f"answered {status}: a server error is never an expected outcome"
        if self.accepted:
            return (
                f"rejected a valid input with {status}"
                if status in INVALID_INPUT_STATUSES
                else None
            )
        if status != self.expect_status:
            return f"expected {self.expect_status}, got {status}"
        if not content_type.startswith("application/problem+json") or not isinstance(problem, dict):
            return f"the rejection is not application/problem+json ({content_type or 'no type'})"
        if self.expect_field and isinstance(problem, dict):
            named = {(e.get("in"), e.get("field")) for e in problem.get("errors") or []}
            wanted = (self.expect_field["in"], self.expect_field["field"])
            if wanted not in named:
                return f"the problem does not name {wanted[0]} {wanted[1]}"
        return None
