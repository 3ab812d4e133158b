"""`changes(old, new)`: two resolved OpenAPI 3.0 documents compared operation by operation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from contract_tests.contract_diff.bodies import request_body_changes, response_changes
from contract_tests.contract_diff.change import Change, Found, InOperation
from contract_tests.contract_diff.parameters import effective_parameters, parameter_changes
from contract_tests.contract_diff.rules import RULES

Schema = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SIDES = {"request": 0, "response": 1}


@dataclass(frozen=True)
class _Operation:
    """An operation and the path item it sits in."""

    operation_id: str
    method: str
    path: str
    spec: Schema
    path_item: Schema


def _operations(document: Schema) -> dict[tuple[str, str], _Operation]:
    """(METHOD, path with parameter names blanked) -> operation: renaming `{id}` moves nothing."""
    found: dict[tuple[str, str], _Operation] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            spec = item.get(method) if isinstance(item, dict) else None
            if isinstance(spec, dict):
                operation_id = str(spec.get("operationId") or f"{method.upper()} {path}")
                key = (method.upper(), re.sub(r"\{[^}]*\}", "{}", path))
                found[key] = _Operation(operation_id, method.upper(), path, spec, item)
    return found


def changes(old: Schema, new: Schema) -> list[Change]:
    """Every classified change from `old` to `new`, sorted by path, method, side and place."""
    before, after = _operations(old), _operations(new)
    kept_paths = {path for _, path in after}
    found: list[Change] = []
    for key, operation in before.items():
        if key not in after:
            whole_path = "path-" if key[1] not in kept_paths else ""
            notice = "with" if operation.spec.get("deprecated") else "without"
            rule = f"api-{whole_path}removed-{notice}-deprecation"
            what = Found(rule, InOperation(), "the operation", "removed")
            found.append(_classified(operation, what))
            continue
        found += [_classified(after[key], f) for f in _operation_changes(operation, after[key])]
    for key, operation in after.items():
        if key not in before:
            what = Found("endpoint-added", InOperation(), "the operation", "added")
            found.append(_classified(operation, what))
    return sorted(
        found, key=lambda c: (c.path, c.method, _SIDES[c.side], c.where, c.rule, c.reason)
    )


def _operation_changes(old: _Operation, new: _Operation) -> list[Found]:
    return [
        *parameter_changes(
            effective_parameters(old.path_item, old.spec),
            effective_parameters(new.path_item, new.spec),
        ),
        *request_body_changes(old.spec.get("requestBody"), new.spec.get("requestBody")),
        *response_changes(old.spec.get("responses") or {}, new.spec.get("responses") or {}),
    ]


def _classified(operation: _Operation, found: Found) -> Change:
    rule = RULES[found.rule]
    return Change(
        rule=found.rule,
        severity=rule.severity,
        operation_id=operation.operation_id,
        method=operation.method,
        path=operation.path,
        place=found.place,
        reason=f"{found.subject}: {found.what}; {rule.why}",
    )
