"""What the contract documents, read from the resolved contract once per run: each operation's
statuses, every enum of its success answers (by field, across operations), its request
parameters and body fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mockserver.contract.loader import Contract

Schema = dict[str, Any]
# Nesting followed into schemas: this contract nests four levels; a cyclic schema stops here.
MAX_DEPTH = 8
UNAUTHORIZED = 401


@dataclass(frozen=True)
class Documented:
    statuses: dict[str, tuple[int, ...]]
    # field pointer (arrays as *) -> the enum's values, null left out
    enums: dict[str, tuple[str, ...]]
    # field pointer -> the operations whose success answers have it
    enum_operations: dict[str, tuple[str, ...]]
    # operation -> "path.phoneNumber", "query.windowDays", "body.selection.teamId", ...
    request_fields: dict[str, tuple[str, ...]]


def _walk(schema: Any, pointer: str, depth: int = 0) -> Iterator[tuple[str, Schema]]:
    """(pointer, schema) for the schema and every schema nested in it."""
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return
    yield pointer, schema
    for branch in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        yield from _walk(branch, pointer, depth + 1)
    for name, sub in (schema.get("properties") or {}).items():
        yield from _walk(sub, f"{pointer}/{name}", depth + 1)
    if "items" in schema:
        yield from _walk(schema["items"], f"{pointer}/*", depth + 1)


def _json_schema(response: Schema) -> Schema | None:
    media = (response.get("content") or {}).get("application/json") or {}
    schema = media.get("schema")
    return schema if isinstance(schema, dict) else None


def documented(contract: Contract) -> Documented:
    statuses: dict[str, tuple[int, ...]] = {}
    enums: dict[str, list[str]] = {}
    enum_operations: dict[str, list[str]] = {}
    request_fields: dict[str, tuple[str, ...]] = {}
    for operation_id, (_method, _path, operation) in sorted(contract.operations().items()):
        responses = operation.get("responses", {})
        # Server errors are documented but no request can honestly provoke them (decision E10);
        # a 401 answers only a request without the run's token, which the suite sends only to
        # check that authentication is enforced (decision K21).
        codes = sorted(int(s) for s in responses if s.isdigit())
        statuses[operation_id] = tuple(c for c in codes if c < 500 and c != UNAUTHORIZED)
        for status, response in responses.items():
            schema = _json_schema(response) if status.startswith("2") else None
            for pointer, node in _walk(schema, ""):
                if node.get("enum") and operation_id not in enum_operations.setdefault(pointer, []):
                    enum_operations[pointer].append(operation_id)
                for value in node.get("enum", []):
                    if value is not None and value not in enums.setdefault(pointer, []):
                        enums[pointer].append(str(value))
        fields = [f"{p['in']}.{p['name']}" for p in operation.get("parameters", [])]
        body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
        for pointer, node in _walk(body.get("schema"), ""):
            if pointer and "*" not in pointer and node.get("properties") is None:
                fields.append("body" + pointer.replace("/", "."))
        request_fields[operation_id] = tuple(dict.fromkeys(fields))
    return Documented(
        statuses,
        {k: tuple(v) for k, v in sorted(enums.items())},
        {k: tuple(v) for k, v in enum_operations.items()},
        request_fields,
    )
