"""JSON text read as the real service's System.Text.Json reads it: standard JSON only (no NaN or
Infinity), nested at most 64 levels (its default MaxDepth), and text that is valid Unicode.

JSON's \\uD800-style escapes can spell lone surrogates, which no UTF-8 writer (orjson included)
accepts and which a UTF-8 reader refuses: such a value is refused where it arrives, before
anything is stored.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
# An escape that may spell a surrogate: \uD800 to \uDFFF, in either case.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonTextError(ValueError):
    """Text that is not JSON the service reads: `rule` names which rule, `pointer` where."""

    def __init__(self, rule: str, message: str, pointer: str = "/") -> None:
        super().__init__(message)
        self.rule = rule
        self.pointer = pointer


def _reject_constant(name: str) -> object:
    # Python's json reads NaN and Infinity, which JSON (RFC 8259) does not have.
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def parse_json(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON text; JsonTextError (rule json, maxDepth or encoding) otherwise."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        # ValueError also covers integers past Python's 4,300-digit conversion limit.
        raise JsonTextError("json", f"the body is not valid JSON: {str(error)[:200]}") from None
    # Nesting deeper than the limit takes more brackets than the limit: most texts have too few
    # for the walk to be needed.
    if text.count("{") + text.count("[") > max_depth and deeper_than(value, max_depth):
        raise JsonTextError("maxDepth", f"the body nests deeper than {max_depth} levels")
    if _SURROGATE_ESCAPE.search(text):
        broken = lone_surrogate_at(value)
        if broken is not None:
            raise JsonTextError(
                "encoding", f"{broken}: a lone surrogate is not valid Unicode text", broken
            )
    return value


def deeper_than(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests more than `limit` levels (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def lone_surrogate_at(value: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first string (or key) holding a lone surrogate, else None."""
    stack: list[tuple[Any, str]] = [(value, pointer)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return where or "/"
        elif isinstance(node, dict):
            for key, child in node.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    return f"{where}/{key.encode('utf-8', 'backslashreplace').decode()}"
                stack.append((child, f"{where}/{key}"))
        elif isinstance(node, list):
            stack.extend((child, f"{where}/{i}") for i, child in enumerate(node))
    return None
