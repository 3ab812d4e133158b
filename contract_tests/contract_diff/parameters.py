"""Parameters of one operation compared, by location and name: added, removed, required flipped,
and their schemas (with the `request-parameter-` rules)."""

from __future__ import annotations

from typing import Any

from contract_tests.contract_diff.change import Found, InParameter
from contract_tests.contract_diff.schema_walk import schema_changes

Schema = dict[str, Any]


def effective_parameters(path_item: Schema, operation: Schema) -> dict[tuple[str, str], Schema]:
    """(location, name) -> parameter: the path's own, overridden by the operation's (OAS 3.0)."""
    found: dict[tuple[str, str], Schema] = {}
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        if isinstance(parameter, dict) and "name" in parameter and "in" in parameter:
            found[(parameter["in"], parameter["name"])] = parameter
    return found


def parameter_schema(parameter: Schema) -> Schema:
    """The parameter's schema, or the schema of its one `content` media type."""
    if isinstance(parameter.get("schema"), dict):
        return dict(parameter["schema"])
    for media in (parameter.get("content") or {}).values():
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            return dict(media["schema"])
    return {}


def parameter_changes(
    old: dict[tuple[str, str], Schema], new: dict[tuple[str, str], Schema]
) -> list[Found]:
    found: list[Found] = []
    for key in [*old, *(k for k in new if k not in old)]:
        location, name = key
        place = InParameter(location, name)
        subject = f"{location} parameter {name}"
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            kind = "required" if after.get("required") else "optional"
            found.append(Found(f"new-{kind}-request-parameter", place, subject, "added"))
        elif after is None:
            found.append(Found("request-parameter-removed", place, subject, "removed"))
        elif before is not None:
            if bool(before.get("required")) != bool(after.get("required")):
                kind = "required" if after.get("required") else "optional"
                rule = f"request-parameter-became-{kind}"
                found.append(Found(rule, place, subject, f"became {kind}"))
            for change in schema_changes(
                parameter_schema(before), parameter_schema(after), "request", in_parameter=True
            ):
                at = InParameter(location, name, change.field)
                found.append(Found(change.rule, at, subject, change.what))
    return found
