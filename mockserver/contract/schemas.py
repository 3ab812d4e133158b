"""OpenAPI 3.0 schemas compiled once with jsonschema-rs, reporting every violation by field."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

Schema = dict[str, Any]

# OpenAPI 3.0 keywords that JSON Schema does not know; `nullable` is translated, not dropped.
_OPENAPI_ONLY = {
    "nullable",
    "example",
    "examples",
    "discriminator",
    "xml",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
    # Not a keyword: Connexion attaches the document's components to every schema it hands out,
    # for references it has already resolved. Kept, they can make the schema cyclic (a schema
    # shared with a component then holds the components that hold it).
    "components",
}
_SCHEMA_LISTS = {"anyOf", "allOf", "oneOf"}
_SCHEMA_VALUES = {"items", "not", "additionalProperties"}


def to_json_schema(schema: Schema) -> Schema:
    """Translate an OpenAPI 3.0 schema object into the JSON Schema it means."""
    out: Schema = {}
    for key, value in schema.items():
        if key in _OPENAPI_ONLY:
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [to_json_schema(sub) for sub in value]
        elif key in _SCHEMA_VALUES and isinstance(value, dict):
            out[key] = to_json_schema(value)
        else:
            out[key] = value
    if schema.get("nullable") and "type" in schema:
        out["type"] = [schema["type"], "null"]
    return out


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (`in`), which field (JSON pointer or parameter name), which rule."""

    location: str
    field: str
    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {
            "in": self.location,
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
        }


_INT32_MESSAGE = (
    "must be a 32-bit integer (-2147483648..2147483647), as a JSON integer or a string matching "
    r"^-?(?:0|[1-9]\d*)$"
)


def _is_int32(schema: Schema) -> bool:
    return schema.get("format") == "int32" or any(
        branch.get("format") == "int32" for branch in schema.get("anyOf", [])
    )


class SchemaChecker:
    """One compiled validator per OpenAPI schema object, built on first use and then reused."""

    def __init__(self) -> None:
        self._compiled: dict[int, tuple[Schema, Any]] = {}
        self._lock = threading.Lock()

    def _validator(self, schema: Schema) -> Any:
        # Keyed by identity: Connexion hands over the same schema object on every request. The
        # schema is kept beside its validator so its id can never be reused by another object.
        entry = self._compiled.get(id(schema))
        if entry is None:
            compiled = jsonschema_rs.Draft7Validator(to_json_schema(schema), validate_formats=True)
            with self._lock:
                entry = self._compiled.setdefault(id(schema), (schema, compiled))
        return entry[1]

    def is_valid(self, schema: Schema, value: object) -> bool:
        return bool(self._validator(schema).is_valid(value))

    def violations(
        self, schema: Schema, value: object, location: str, name: str = ""
    ) -> list[Violation]:
        """Every violation of `schema` by `value`; fields are JSON pointers below `name`."""
        validator = self._validator(schema)
        if validator.is_valid(value):
            return []  # the usual case, and cheaper to establish than an empty list of errors
        found: dict[tuple[str, str], Violation] = {}
        for error in validator.iter_errors(value):
            path = [str(part) for part in error.instance_path]
            rule = error.kind.name
            if rule == "required":
                path.append(str(error.kind.property))
            pointer = "".join(f"/{part}" for part in path)
            field = f"{name}{pointer}" if name else (pointer or "/")
            message = error.message
            if any(_is_int32(node) for node in _schemas_along(schema, list(error.schema_path))):
                # One int32 rule per field, whichever of its patterns or branches failed.
                rule, message = "int32", f"{error.instance!r} {_INT32_MESSAGE}"
            found.setdefault((field, rule), Violation(location, field, rule, message))
        return list(found.values())


def _schemas_along(schema: Schema, schema_path: list[str | int]) -> list[Schema]:
    """The schema objects an error's schema path passes through, outermost first."""
    nodes: list[Schema] = [schema]
    node: Any = schema
    for part in schema_path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            nodes.append(node)
    return nodes
