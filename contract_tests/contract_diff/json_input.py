"""JSON files from users read with one-line errors that name the file and the offending field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contract_tests.contract_diff.errors import InputError


def read_json(path: Path, what: str) -> Any:
    """The JSON value in `path`; InputError when it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the {what}: {error.__class__.__name__}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise InputError(f"{path}: the {what} is not JSON: {error}") from None


def join(at: str, key: str) -> str:
    """A field's name in a message: `file: key` at the top, `file: items[2].key` below."""
    return f"{at} {key}" if at.endswith(":") else f"{at}.{key}"


def mapping(value: object, at: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{at.rstrip(':')}: expected an object, got {type(value).__name__}")
    return value


def only_keys(value: dict[str, Any], allowed: tuple[str, ...], at: str) -> None:
    """Refuse unknown keys: a misspelt optional key would otherwise be silently ignored."""
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        raise InputError(f"{join(at, unknown[0])}: unknown field (expected {', '.join(allowed)})")


def text(value: dict[str, Any], key: str, at: str, default: str | None = None) -> str:
    found = value.get(key, default)
    if not isinstance(found, str) or not found:
        raise InputError(f"{join(at, key)}: expected a non-empty string")
    return found


def status(value: dict[str, Any], key: str, at: str) -> int:
    found = value.get(key)
    if isinstance(found, bool) or not isinstance(found, int) or not 100 <= found <= 599:
        raise InputError(f"{join(at, key)}: expected an HTTP status, an integer from 100 to 599")
    return found
