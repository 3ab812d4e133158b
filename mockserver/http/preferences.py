"""The Prefer request header as RFC 7240 reads it: comma-separated preferences, each a token with
an optional value (a token or a quoted string) and optional `;` parameters. What the mock does
not know is ignored (section 2: "A server that does not recognize or is unable to comply with
particular preference tokens ... SHOULD ignore those preferences"); a preference named twice
counts once, the first. Only a preference of the mock's own with a value it cannot use is an
error, and its problem names the header."""

from __future__ import annotations

import re
from collections.abc import Iterable

# The mock's own preferences; `return`, `respond-async`, `wait`, `handling` and any other are
# someone else's (a proxy's, a framework's) and pass unremarked.
KNOWN = ("code", "delay", "scenario", "world")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _unquoted(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        out: list[str] = []
        escaped = False
        for char in inner:
            if escaped or char != "\\":
                out.append(char)
                escaped = False
            else:
                escaped = True
        return "".join(out)
    return value


def parse_prefer(values: Iterable[str]) -> dict[str, str]:
    """The mock's own preferences among every Prefer header's, by name (lower case)."""
    found: dict[str, str] = {}
    for header in values:
        for item in _split_outside_quotes(header, ","):
            preference = _split_outside_quotes(item, ";")[0]  # parameters: none of ours has any
            name, _, raw = preference.partition("=")
            name = name.strip().lower()
            if name not in KNOWN or name in found:
                continue
            # An empty value is left to the preference's own check, which says what it takes.
            found[name] = _unquoted(raw)
    return found


def preference_applied(applied: dict[str, str]) -> str:
    """The Preference-Applied header (RFC 7240 section 3) for what the mock honoured."""
    return ", ".join(f"{name}={_word(value)}" for name, value in applied.items())


def _word(value: str) -> str:
    """A token as it is; anything else as a quoted string (RFC 9110 section 5.6.4)."""
    if _TOKEN.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
