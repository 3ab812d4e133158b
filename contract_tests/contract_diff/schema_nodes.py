"""Differences in one schema node's own keywords: type and format, nullable, enum, pattern, bounds.

Each difference is a rule suffix and what changed; which side reads the schema decides the
severity (rules.py). Annotations (description, example, default, title) are never compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_tests.contract_diff.change import Side

Schema = dict[str, Any]

# Formats a value of the first keeps when read as the second (int32 fits int64, float fits double).
_FORMAT_WIDENINGS = {("int32", "int64"), ("float", "double")}
_ANY_STRING = {".*", "^.*$", "^.*"}


@dataclass(frozen=True)
class NodeChange:
    """A rule suffix (`max-length-decreased`) and what changed, in words."""

    suffix: str
    what: str


def node_changes(old: Schema, new: Schema, side: Side) -> list[NodeChange]:
    """Every difference in the node's own keywords, children not included."""
    found = [*_type(old, new, side), *_nullable(old, new)]
    found += _enum(old, new, skip_null=bool(old.get("nullable")) != bool(new.get("nullable")))
    found += _pattern(old.get("pattern"), new.get("pattern"))
    found += _upper(old, new, "maxLength", "max-length")
    found += _lower(old, new, "minLength", "min-length", floor=0)
    found += _upper(old, new, "maximum", "max")
    found += _lower(old, new, "minimum", "min", floor=None)
    found += _upper(old, new, "maxItems", "max-items")
    found += _lower(old, new, "minItems", "min-items", floor=0)
    return found


def _describe(schema: Schema) -> str:
    kind = schema.get("type", "any type")
    return f"{kind}/{schema['format']}" if "format" in schema else str(kind)


def _widens(old: str | None, new: str | None, pairs: set[tuple[str, str]]) -> int:
    """1 when `new` accepts every value of `old` and more, -1 the reverse, 0 otherwise."""
    if new is None or (old is not None and (old, new) in pairs):
        return 1
    if old is None or (old, new) in {(b, a) for a, b in pairs}:
        return -1
    return 0


def _type(old: Schema, new: Schema, side: Side) -> list[NodeChange]:
    dimensions = [
        (old.get("type"), new.get("type"), {("integer", "number")}),
        (old.get("format"), new.get("format"), _FORMAT_WIDENINGS),
    ]
    moves = {_widens(a, b, pairs) for a, b, pairs in dimensions if a != b}
    if not moves:
        return []
    what = f"type {_describe(old)} -> {_describe(new)}"
    if moves == {1}:
        return [NodeChange("type-generalized", what)]
    if moves == {-1} and side == "response":
        return [NodeChange("type-specialized", what)]
    return [NodeChange("type-changed", what)]


def _nullable(old: Schema, new: Schema) -> list[NodeChange]:
    before, after = bool(old.get("nullable")), bool(new.get("nullable"))
    if before == after:
        return []
    if after:
        return [NodeChange("became-nullable", "nullable: true added")]
    return [NodeChange("became-not-nullable", "nullable: true removed")]


def _enum(old: Schema, new: Schema, skip_null: bool) -> list[NodeChange]:
    # Values are compared as a list, not a set: an enum may hold null and unhashable values. When
    # `nullable` flips too, the null in the list is the same news, reported once as the flip.
    before, after = old.get("enum"), new.get("enum")
    if before is None and after is None:
        return []
    if before is None:
        return [NodeChange("became-enum", f"now limited to {after!r}")]
    if after is None:
        return [NodeChange("enum-removed", f"no longer limited to {before!r}")]
    removed = [v for v in before if v not in after and not (skip_null and v is None)]
    added = [v for v in after if v not in before and not (skip_null and v is None)]
    return [NodeChange("enum-value-removed", f"enum value {v!r} removed") for v in removed] + [
        NodeChange("enum-value-added", f"enum value {v!r} added") for v in added
    ]


def _pattern(before: str | None, after: str | None) -> list[NodeChange]:
    # As oasdiff: a pattern replaced by one that matches anything is a generalization; any other
    # replacement cannot be proven wider, so it is a change (decisions D3).
    if before == after:
        return []
    if before is None:
        return [NodeChange("pattern-added", f"pattern {after!r} added")]
    if after is None:
        return [NodeChange("pattern-removed", f"pattern {before!r} removed")]
    kind = "pattern-generalized" if after in _ANY_STRING else "pattern-changed"
    return [NodeChange(kind, f"pattern {before!r} -> {after!r}")]


def _upper(old: Schema, new: Schema, key: str, name: str) -> list[NodeChange]:
    before, after = old.get(key), new.get(key)
    if before == after:
        return []
    if before is None:
        return [NodeChange(f"{name}-set", f"{key} {after} set")]
    if after is None:
        return [NodeChange(f"{name}-unset", f"{key} {before} removed")]
    kind = "decreased" if after < before else "increased"
    return [NodeChange(f"{name}-{kind}", f"{key} {before} -> {after}")]


def _lower(old: Schema, new: Schema, key: str, name: str, floor: int | None) -> list[NodeChange]:
    # A length or item count has a natural floor of 0: setting one is raising it from there.
    before, after = old.get(key, floor), new.get(key, floor)
    if before == after:
        return []
    if before is None:
        return [NodeChange(f"{name}-set", f"{key} {after} set")]
    if after is None:
        return [NodeChange(f"{name}-unset", f"{key} {before} removed")]
    kind = "increased" if after > before else "decreased"
    return [NodeChange(f"{name}-{kind}", f"{key} {before} -> {after}")]
