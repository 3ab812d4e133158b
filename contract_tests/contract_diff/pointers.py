"""JSON pointers of the fields in a JSON value (arrays as `*`), and the questions asked of them:
does a value still carry a field, and does a changed field cover a field someone used."""

from __future__ import annotations

from typing import Any

from mockserver.wire.consumer_contract import field_pointers

__all__ = ["carries", "covers", "field_pointers"]


def _segments(pointer: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def carries(value: Any, pointer: str) -> bool:
    """Whether `value` has the field: under `*`, every item must have it (none is vacuous)."""
    return _carries(value, _segments(pointer))


def _carries(value: Any, segments: list[str]) -> bool:
    if not segments:
        return True
    head, rest = segments[0], segments[1:]
    if head == "*":
        return isinstance(value, list) and all(_carries(item, rest) for item in value)
    return isinstance(value, dict) and head in value and _carries(value[head], rest)


def covers(changed: str, used: str) -> bool:
    """Whether a change at pointer `changed` touches the field at `used` (itself or inside it).

    Both may hold `*` for array items, and `used` may hold concrete indexes (a validation error's
    pointer): an index and `*` are the same place.
    """
    outer, inner = _segments(changed), _segments(used)
    if len(outer) > len(inner):
        return False
    return all(_same_place(a, b) for a, b in zip(outer, inner, strict=False))


def _same_place(a: str, b: str) -> bool:
    return a == b or (a == "*" and b.isdigit()) or (b == "*" and a.isdigit())
