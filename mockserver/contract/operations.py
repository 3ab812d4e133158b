"""The contract's operations as an index: which operation a method and path are for, before
Connexion routes them, and the error statuses each defines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mockserver.contract.loader import Contract


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    pattern: re.Pattern[str]
    error_statuses: tuple[int, ...]
    json_body: bool


def _operation(operation_id: str, method: str, path: str, spec: dict[str, Any]) -> Operation:
    errors = sorted(int(s) for s in spec["responses"] if s.isdigit() and int(s) >= 400)
    return Operation(
        operation_id=operation_id,
        method=method,
        pattern=re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$"),
        error_statuses=tuple(errors),
        json_body="application/json" in spec.get("requestBody", {}).get("content", {}),
    )


class OperationIndex:
    def __init__(self, contract: Contract) -> None:
        self._operations = [
            _operation(operation_id, method, path, spec)
            for operation_id, (method, path, spec) in contract.operations().items()
        ]

    def match(self, method: str, path: str) -> Operation | None:
        return next(
            (op for op in self._operations if op.method == method and op.pattern.match(path)), None
        )

    def methods_at(self, path: str) -> list[str]:
        """The methods the contract defines at a path (for a 405's Allow header)."""
        return sorted({op.method for op in self._operations if op.pattern.match(path)})
