"""Two answers to one request, compared in shape and meaning, not in values: the status, the
fields each has, their JSON types, and the selection reason; the enum values each side produced
are compared over the whole run. Volatile fields (ids, times) are left out by name."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

DEFAULT_IGNORED = ("id", "*Id", "*At", "*Ids")
MAX_LISTED = 8  # items of an array compared (the rest is the same shape, or noise)


@dataclass(frozen=True)
class Difference:
    kind: str  # status, missing-field, extra-field, type, reason, enum-value
    key: str  # the request (its source key), or the field, for run-wide kinds
    field: str
    mock: str
    deployment: str

    @property
    def baseline_key(self) -> str:
        return f"{self.kind} {self.key} {self.field}"

    def line(self) -> str:
        return (
            f"{self.kind}: {self.key} {self.field}: mock {self.mock}, deployment {self.deployment}"
        )

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "key": self.key,
            "field": self.field,
            "mock": self.mock,
            "deployment": self.deployment,
        }


def _type(value: Any) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _ignored(name: str, ignored: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in ignored)


def _walk(
    mock: Any, deployment: Any, pointer: str, ignored: tuple[str, ...]
) -> Iterator[tuple[str, str, str, str]]:
    """(kind, pointer, mock's, deployment's) for each difference of shape."""
    if isinstance(mock, dict) and isinstance(deployment, dict):
        for name in sorted(set(mock) | set(deployment)):
            if _ignored(name, ignored):
                continue
            where = f"{pointer}/{name}"
            if name not in deployment:
                yield "missing-field", where, "present", "absent"
            elif name not in mock:
                yield "extra-field", where, "absent", "present"
            else:
                yield from _walk(mock[name], deployment[name], where, ignored)
    elif isinstance(mock, list) and isinstance(deployment, list):
        for m, d in zip(mock[:MAX_LISTED], deployment[:MAX_LISTED], strict=False):
            yield from _walk(m, d, f"{pointer}/*", ignored)
    elif None not in (mock, deployment) and _type(mock) != _type(deployment):
        # A double may be written 2 or 2.5: the same JSON number to a client.
        types = {_type(mock), _type(deployment)}
        if types != {"integer", "number"}:
            yield "type", pointer or "/", _type(mock), _type(deployment)


def differences(
    key: str,
    mock: tuple[int, Any],
    deployment: tuple[int, Any],
    ignored: tuple[str, ...],
) -> list[Difference]:
    (mock_status, mock_body), (deployed_status, deployed_body) = mock, deployment
    if mock_status != deployed_status:
        return [Difference("status", key, "", str(mock_status), str(deployed_status))]
    found = [
        Difference(kind, key, where, m, d)
        for kind, where, m, d in _walk(mock_body, deployed_body, "", ignored)
    ]
    if isinstance(mock_body, dict) and isinstance(deployed_body, dict):
        reasons = (mock_body.get("selectionReason"), deployed_body.get("selectionReason"))
        if reasons[0] != reasons[1]:
            found.append(
                Difference("reason", key, "/selectionReason", str(reasons[0]), str(reasons[1]))
            )
    return found


def enum_values(body: Any, enum_fields: set[str], pointer: str = "") -> Iterator[tuple[str, str]]:
    """(field, value) for every value of a documented enum field in an answer."""
    if isinstance(body, dict):
        for name, value in body.items():
            where = f"{pointer}/{name}"
            if where in enum_fields and isinstance(value, str):
                yield where, value
            yield from enum_values(value, enum_fields, where)
    elif isinstance(body, list):
        for item in body:
            yield from enum_values(item, enum_fields, f"{pointer}/*")
