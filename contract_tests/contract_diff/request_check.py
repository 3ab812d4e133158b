"""Would a contract accept this request? Path, query and JSON body checked against one operation
with the mock's own SchemaChecker (headers and cookies are not recorded, so not checked)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import unquote

from contract_tests.contract_diff.parameters import effective_parameters, parameter_schema
from mockserver.contract.schemas import SchemaChecker, Violation

Schema = dict[str, Any]


class _NoBody:
    """The request had no body (a JSON null body is a body)."""

    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Final = _NoBody()


@dataclass(frozen=True)
class SentRequest:
    """A request as sent: the operation it was for, method, concrete path, query and body."""

    operation_id: str
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: Any = NO_BODY


def find_operation(document: Schema, operation_id: str) -> tuple[str, Schema, Schema] | None:
    """(path template, path item, operation) of `operation_id` in a resolved document."""
    for template, item in (document.get("paths") or {}).items():
        for operation in item.values() if isinstance(item, dict) else ():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return template, item, operation
    return None


def _path_values(template: str, path: str) -> dict[str, str] | None:
    parts = re.split(r"\{([^}]*)\}", template)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<p{i}>[^/]*)" for i, part in enumerate(parts)
    )
    found = re.fullmatch(pattern, path.split("?", 1)[0])
    if found is None:
        return None
    return {parts[int(key[1:])]: unquote(value) for key, value in found.groupdict().items()}


def _coerced(raw: str, schema: Schema) -> Any:
    """A parameter's text as the JSON value its schema's type means; as is when it is not one."""
    kind = schema.get("type")
    try:
        if kind == "integer" and re.fullmatch(r"-?\d+", raw):
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        return raw
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def request_violations(
    template: str, path_item: Schema, operation: Schema, sent: SentRequest, checker: SchemaChecker
) -> list[Violation]:
    """Every way `sent` breaks the operation's parameters and request body."""
    path_values = _path_values(template, sent.path)
    if path_values is None:
        return [Violation("path", "", "path", f"{sent.path} does not match {template}")]
    found: list[Violation] = []
    sources = {"path": path_values, "query": sent.query}
    for (location, name), parameter in effective_parameters(path_item, operation).items():
        if location not in sources:
            continue
        if name not in sources[location]:
            if parameter.get("required"):
                found.append(Violation(location, name, "required", f"{name} is required"))
            continue
        schema = parameter_schema(parameter)
        value = _coerced(sources[location][name], schema)
        found += checker.violations(schema, value, location, name)
    return found + _body_violations(operation.get("requestBody"), sent.body, checker)


def _body_violations(body: Schema | None, value: Any, checker: SchemaChecker) -> list[Violation]:
    if body is None or value is NO_BODY:
        required = body is not None and body.get("required")
        return [Violation("body", "/", "required", "a body is required")] if required else []
    content = body.get("content") or {}
    media = next((m for m in content if m.split(";")[0].strip().endswith("json")), None)
    if media is None:
        return [Violation("body", "/", "mediaType", "the operation takes no JSON body")]
    return checker.violations(content[media].get("schema") or {}, value, "body")
