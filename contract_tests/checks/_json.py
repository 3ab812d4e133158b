"""Helpers the checks share: the JSON of a response, numbers that may be numeric strings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from schemathesis import Case, Response


def body_of(response: Response, case: Case[Any], *operation_ids: str) -> dict[str, Any] | None:
    """The JSON object of a 2xx answer from one of the operations, else None (not applicable)."""
    if case.operation.definition.raw.get("operationId") not in operation_ids:
        return None
    if not 200 <= response.status_code < 300:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def number(value: object) -> float | None:
    """An int32 or double as the contract allows it: a JSON number or a numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def walk(
    data: object, path: str = "", where: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, str, object]]:
    """(pointer, key, value) for every member of every object, depth first; with `where`, only
    the members whose key it accepts.

    One loop over a stack of member iterators: nested generators resume once per level for
    every value, and the proxy walks every answer it checks (docs/performance.md)."""
    stack: list[tuple[str, Iterator[tuple[Any, Any]], bool]] = []

    def descend(pointer: str, value: object) -> None:
        if isinstance(value, dict):
            stack.append((pointer, iter(value.items()), True))
        elif isinstance(value, list):
            stack.append((pointer, enumerate(value), False))

    descend(path, data)
    while stack:
        pointer, members, named = stack[-1]
        for key, value in members:
            if named and (where is None or where(key)):
                yield f"{pointer}/{key}", key, value
            if value and isinstance(value, dict | list):
                descend(f"{pointer}/{key}", value)
                break  # its members first, then this one's next sibling
        else:
            stack.pop()


def operation_id(case: Case[Any]) -> str | None:
    found = case.operation.definition.raw.get("operationId")
    return found if isinstance(found, str) else None


def request_body(case: Case[Any]) -> dict[str, Any]:
    return case.body if isinstance(case.body, dict) else {}


def conversation_of(case: Case[Any], response: Response) -> str | None:
    """The conversation a selection-shaped call was for, as the service read it."""
    if operation_id(case) == "clearConversationOverride":
        # From the URL sent: a generated id holding %XX sequences is sent unescaped and decoded
        # by the server, so the case's own value can name another conversation (decision T5).
        segments = urlsplit(response.request.url or "").path.split("/")
        return unquote(segments[-2]) if len(segments) > 2 else None
    body = request_body(case)
    if operation_id(case) == "validateManualOverride":
        selection = body.get("selection")
        body = selection if isinstance(selection, dict) else {}
    found = body.get("conversationId")
    return found if isinstance(found, str) and found else None
