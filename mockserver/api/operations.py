"""Which contract operation a raw request is for, before Connexion routes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockserver.contract import Contract


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    pattern: re.Pattern[str]
    error_statuses: tuple[int, ...]


class OperationIndex:
    def __init__(self, contract: Contract) -> None:
        self._operations = [
            Operation(
                operation_id,
                method,
                re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$"),
                tuple(
                    sorted(int(s) for s in operation["responses"] if s.isdigit() and int(s) >= 400)
                ),
            )
            for operation_id, (method, path, operation) in contract.operations().items()
        ]

    def match(self, method: str, path: str) -> Operation | None:
        return next(
            (op for op in self._operations if op.method == method and op.pattern.match(path)), None
        )
