"""What the admin API reads: bodies bounded in bytes and depth, JSON objects with known fields
only (a typo is named, with the field meant), and query values in ASCII digits."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.types import Receive

from mockserver.http.admin.dispatch import AdminRequest
from mockserver.http.admin.guard import body_type_refusal
from mockserver.http.errors import AdminInputInvalid, BodyTooLarge
from mockserver.wire.json_text import JsonTextError, parse_json

# A reset or clock body is a few dozen bytes; a load carries a whole world and its history.
MAX_JSON_BYTES = 64 * 1024
MAX_LOAD_BYTES = 16 * 1024 * 1024
MAX_SEED = 2**63 - 1
JSON = ("application/json",)
_DIGITS = re.compile(r"^[0-9]{1,9}$")


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole body, counted as it arrives; BodyTooLarge past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


async def json_body(request: AdminRequest) -> bytes:
    """The body of a JSON write: labelled as JSON (a bare POST carries none), bounded."""
    raw = await read_body(request.receive, MAX_JSON_BYTES)
    refusal = body_type_refusal(request.path, request.headers, JSON, raw)
    if refusal is not None:
        raise refusal
    return raw


def utf8_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AdminInputInvalid(
            f"body: not valid UTF-8 ({error.reason} at byte {error.start})"
        ) from None


def json_object(raw: bytes, known: tuple[str, ...]) -> dict[str, Any]:
    """A JSON object (an empty body is {}) holding only the `known` fields."""
    text = utf8_text(raw)
    if not text.strip():
        return {}
    try:
        data = parse_json(text)
    except JsonTextError as error:
        raise AdminInputInvalid(f"body: {error}") from None
    if not isinstance(data, dict):
        raise AdminInputInvalid(f"body: expected a JSON object, got {type(data).__name__}")
    unknown = [key for key in data if key not in known]
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise AdminInputInvalid(
            f"body: unknown field {unknown[0][:64]!r}.{hint} Known fields: {', '.join(known)}"
        )
    return data


def whole_number(data: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    """An optional integer field within [low, high]; booleans are not numbers here."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = repr(value)[:40]
        raise AdminInputInvalid(
            f"{name}: expected a whole number from {low} to {high}, got {shown}"
        )
    return value


def text_field(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AdminInputInvalid(f"{name}: expected a string, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class ResetInput:
    seed: int | None = None
    scenario: str | None = None


def reset_input(raw: bytes) -> ResetInput:
    data = json_object(raw, ("scenario", "seed"))
    return ResetInput(whole_number(data, "seed", -MAX_SEED, MAX_SEED), text_field(data, "scenario"))


def query_count(raw: str | None, name: str, default: int, high: int) -> int:
    """A count from the query string: ASCII digits only ("²" is a digit to str.isdigit)."""
    if raw is None:
        return default
    if not _DIGITS.match(raw):
        raise AdminInputInvalid(
            f"{name}: expected a whole number from 0 to {high}, got {raw[:40]!r}"
        )
    return min(int(raw), high)
