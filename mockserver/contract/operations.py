"""The contract's operations as an index: which operation a method and path are for, before
Connexion routes them, and the error statuses each defines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mockserver.contract.loader import Contract

_PARAMETER = re.compile(r"\{([^/]+)\}")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    pattern: re.Pattern[str]
    error_statuses: tuple[int, ...]
    json_body: bool
    path: str = ""
    parameters: tuple[str, ...] = ()
    # A GET whose answer depends on its path, its query and the world only: no body, no header
    # or cookie parameters (http/repeated_reads.py).
    repeatable: bool = False

    def parameters_in(self, raw_path: str) -> dict[str, str] | None:
        """The path parameters of a request path as sent (percent-encoded), still encoded;
        None when it is not this operation's path."""
        found = self.pattern.match(raw_path)
        return dict(zip(self.parameters, found.groups(), strict=True)) if found else None

    def path_with(self, values: dict[str, str]) -> str:
        return _PARAMETER.sub(lambda m: values[m.group(1)], self.path)


def _operation(operation_id: str, method: str, path: str, spec: dict[str, Any]) -> Operation:
    errors = sorted(int(s) for s in spec["responses"] if s.isdigit() and int(s) >= 400)
    return Operation(
        operation_id=operation_id,
        method=method,
        pattern=re.compile("^" + _PARAMETER.sub("([^/]+)", path) + "$"),
        error_statuses=tuple(errors),
        json_body="application/json" in spec.get("requestBody", {}).get("content", {}),
        path=path,
        parameters=tuple(_PARAMETER.findall(path)),
        repeatable=method == "GET"
        and "requestBody" not in spec
        and all(p.get("in") in ("path", "query") for p in spec.get("parameters", [])),
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

    def match_raw(self, method: str, raw_path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation of a path as sent, and its parameters still percent-encoded: an
        encoded "/" in a parameter stays inside it (decoded, it would split the path)."""
        for op in self._operations:
            if op.method == method:
                values = op.parameters_in(raw_path)
                if values is not None:
                    return op, values
        return None

    def operation_ids(self) -> list[str]:
        return [op.operation_id for op in self._operations]

    def repeatable(self) -> frozenset[str]:
        return frozenset(op.operation_id for op in self._operations if op.repeatable)

    def methods_at(self, path: str) -> list[str]:
        """The methods the contract defines at a path (for a 405's Allow header)."""
        return sorted({op.method for op in self._operations if op.pattern.match(path)})
