"""Two schemas compared node by node: properties and `required`, array items, and the branches of
anyOf, oneOf and allOf, down to each node's own keywords (schema_nodes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contract_tests.contract_diff.change import Side, data_pointer
from contract_tests.contract_diff.rules import schema_rule_id
from contract_tests.contract_diff.schema_nodes import Schema, node_changes

_ANNOTATIONS = frozenset({"description", "example", "examples", "title", "externalDocs"})
_BRANCH_SUFFIX = {"anyOf": "any-of", "oneOf": "one-of", "allOf": "all-of"}


@dataclass(frozen=True)
class SchemaChange:
    """A rule id, the field path it is at (`/a/*/b`, `/x/anyOf[1]`) and what changed."""

    rule: str
    field: str
    what: str


@dataclass(frozen=True)
class _Reader:
    """Who reads the schema: the server (request side) or a client (response side)."""

    side: Side
    in_parameter: bool


def schema_changes(
    old: Schema, new: Schema, side: Side, in_parameter: bool = False
) -> list[SchemaChange]:
    """Every classified difference between two schemas read on `side`."""
    return list(_walk(old, new, "", _Reader(side, in_parameter), frozenset()))


def _walk(
    old: Schema, new: Schema, field: str, reader: _Reader, stack: frozenset[tuple[int, int]]
) -> Iterator[SchemaChange]:
    # A recursive schema comes back to a pair already being compared: stop there. A schema merely
    # shared by two places is compared at each (the stack holds the current path only).
    pair = (id(old), id(new))
    if pair in stack:
        return
    stack = stack | {pair}
    at_root = data_pointer(field) == ""
    for found in node_changes(old, new, reader.side):
        rule = schema_rule_id(reader.side, at_root, reader.in_parameter, found.suffix)
        yield SchemaChange(rule, field, found.what)
    yield from _properties(old, new, field, reader, stack)
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        yield from _walk(old["items"], new["items"], f"{field}/*", reader, stack)
    for keyword, suffix in _BRANCH_SUFFIX.items():
        before, after = old.get(keyword), new.get(keyword)
        if not (isinstance(before, list) and isinstance(after, list)):
            continue  # a branch list gained or lost as a whole shows as a type change
        pairs, removed, added = match_branches(before, after)
        for index in removed:
            rule = schema_rule_id(reader.side, at_root, reader.in_parameter, f"{suffix}-removed")
            what = f"{keyword} branch {index} ({_kind(before[index])}) removed"
            yield SchemaChange(rule, field, what)
        for index in added:
            rule = schema_rule_id(reader.side, at_root, reader.in_parameter, f"{suffix}-added")
            yield SchemaChange(rule, field, f"{keyword} branch ({_kind(after[index])}) added")
        for i, j in pairs:
            yield from _walk(before[i], after[j], f"{field}/{keyword}[{j}]", reader, stack)


def _properties(
    old: Schema, new: Schema, field: str, reader: _Reader, stack: frozenset[tuple[int, int]]
) -> Iterator[SchemaChange]:
    before, after = old.get("properties") or {}, new.get("properties") or {}
    was_required, is_required = set(old.get("required") or []), set(new.get("required") or [])
    # The server never reads readOnly properties, and clients never get writeOnly ones.
    hidden = "readOnly" if reader.side == "request" else "writeOnly"
    for name in [*before, *(n for n in after if n not in before)]:
        sub = f"{field}/{name.replace('~', '~0').replace('/', '~1')}"
        schema = after.get(name, before.get(name))
        if not isinstance(schema, dict) or schema.get(hidden):
            continue
        if name not in before:
            required = name in is_required
            yield SchemaChange(_added(reader.side, required), sub, "added")
        elif name not in after:
            yield SchemaChange(_removed(reader.side, name in was_required), sub, "removed")
        else:
            if (name in was_required) != (name in is_required):
                kind = "required" if name in is_required else "optional"
                yield SchemaChange(f"{reader.side}-property-became-{kind}", sub, f"became {kind}")
            yield from _walk(before[name], after[name], sub, reader, stack)


def _added(side: Side, required: bool) -> str:
    kind = "required" if required else "optional"
    return (
        f"new-{kind}-request-property" if side == "request" else f"response-{kind}-property-added"
    )


def _removed(side: Side, was_required: bool) -> str:
    if side == "request":
        return "request-property-removed"
    return f"response-{'required' if was_required else 'optional'}-property-removed"


def _kind(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "?"
    return "/".join(str(schema[k]) for k in ("type", "format") if k in schema) or "schema"


def _essence(node: Any) -> Any:
    """The node without annotations, to tell an unchanged branch from a changed one."""
    if isinstance(node, dict):
        return {k: _essence(v) for k, v in node.items() if k not in _ANNOTATIONS}
    if isinstance(node, list):
        return [_essence(v) for v in node]
    return node


def match_branches(
    before: list[Any], after: list[Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair old and new branches: equal ones first, then by type; the rest removed or added."""
    pairs: list[tuple[int, int]] = []
    free = list(range(len(after)))
    for same in (lambda a, b: _essence(a) == _essence(b), lambda a, b: _kind(a) == _kind(b)):
        for i, branch in enumerate(before):
            if any(i == p[0] for p in pairs):
                continue
            match = next((j for j in free if same(branch, after[j])), None)
            if match is not None:
                pairs.append((i, match))
                free.remove(match)
    paired = {i for i, _ in pairs}
    return sorted(pairs), [i for i in range(len(before)) if i not in paired], free
