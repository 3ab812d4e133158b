"""What is wrong with an exchange: one finding per broken rule, named by the rule and placed by
the exchange, fit for a terminal line, an NDJSON record and a JUnit failure."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    rule: str  # "request-schema", "response-schema", "undocumented-status", or a check's name
    operation_id: str | None
    method: str
    path: str
    status: int
    message: str
    source: str = ""

    def line(self) -> str:
        where = f"{self.method} {self.path[:80]} -> {self.status}"
        return f"{self.rule}: {where}: {self.message[:300]}"

    def as_json(self) -> dict[str, object]:
        return asdict(self)
