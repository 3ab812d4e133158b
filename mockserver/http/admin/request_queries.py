"""Questions a UI test asks of the request log: which requests match (GET /__admin/requests) and
how many matched a description, with the nearest ones and how they differ when the count is off
(POST /__admin/verify, WireMock's verify)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.http.errors import AdminInputInvalid
from mockserver.http.request_log import LoggedRequest

_STATUS = re.compile(r"^[1-5]([0-9]{2}|xx|XX)$")
NEAREST = 3
VERIFY_FIELDS = (
    "operationId", "method", "path", "status", "conversation", "body", "since", "count",
)  # fmt: skip


@dataclass(frozen=True)
class RequestMatch:
    """What a request must be; a field left None matches anything."""

    operation_id: str | None = None
    method: str | None = None
    path: str | None = None
    status: str | None = None  # "404" or "4xx"
    conversation: str | None = None
    body: object = None  # a fragment: every field given must be there, equal
    since_id: int | None = None
    since_time: datetime | None = None

    def differences(self, entry: LoggedRequest) -> list[str]:
        """How `entry` differs from this description; empty when it matches."""
        found: list[str] = []
        if self.since_id is not None and entry.id <= self.since_id:
            found.append(f"id {entry.id} is not after {self.since_id}")
        if self.since_time is not None and entry.at <= self.since_time:
            found.append("it came before 'since'")
        for name, wanted, got in (
            ("operationId", self.operation_id, entry.operation_id),
            ("method", self.method, entry.method),
            ("path", self.path, entry.path),
            ("conversation", self.conversation, entry.conversation()),
        ):
            if wanted is not None and wanted != got:
                found.append(f"{name}: expected {wanted!r}, got {got!r}")
        if self.status is not None and not _status_matches(self.status, entry.status):
            found.append(f"status: expected {self.status}, got {entry.status}")
        if self.body is not None:
            found += fragment_differences(self.body, entry.request.as_json(), "body")
        return found


def _status_matches(wanted: str, status: int) -> bool:
    if wanted[1:].lower() == "xx":
        return str(status)[0] == wanted[0]
    return str(status) == wanted


def fragment_differences(expected: object, actual: object, at: str) -> list[str]:
    """Where `actual` lacks what `expected` holds: objects may have more fields, arrays and
    values must be equal (a number is not a boolean)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{at}: expected an object, got {_shown(actual)}"]
        found: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{at}/{key}: missing (expected {_shown(value)})")
            else:
                found += fragment_differences(value, actual[key], f"{at}/{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{at}: expected {_shown(expected)}, got {_shown(actual)}"]
        return [
            d
            for i, v in enumerate(expected)
            for d in fragment_differences(v, actual[i], f"{at}/{i}")
        ]
    same_kind = isinstance(expected, bool) == isinstance(actual, bool)
    if not same_kind or expected != actual:
        return [f"{at}: expected {_shown(expected)}, got {_shown(actual)}"]
    return []


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def matching(entries: Sequence[LoggedRequest], match: RequestMatch) -> list[LoggedRequest]:
    return [e for e in entries if not match.differences(e)]


@dataclass(frozen=True)
class Verdict:
    count: int
    expected: int | None
    matches: list[LoggedRequest]
    nearest: list[tuple[LoggedRequest, list[str]]]

    @property
    def ok(self) -> bool:
        return self.count > 0 if self.expected is None else self.count == self.expected

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "expected": self.expected,
            "matches": [e.id for e in self.matches],
            "nearest": [
                {"request": e.as_json(), "differences": differences}
                for e, differences in self.nearest
            ],
        }


def verify(entries: Sequence[LoggedRequest], match: RequestMatch, expected: int | None) -> Verdict:
    """How many entries match; when that is not what was expected, the nearest others (fewest
    differences, newest first) and how each differs."""
    found = matching(entries, match)
    verdict = Verdict(len(found), expected, found, [])
    if verdict.ok:
        return verdict
    others = [(e, match.differences(e)) for e in reversed(entries)]
    near = sorted((o for o in others if o[1]), key=lambda o: len(o[1]))[:NEAREST]
    return Verdict(len(found), expected, found, near)


# Reading the questions --------------------------------------------------------------------------


def known_operation(value: str, operations: Sequence[str], name: str) -> str:
    if value not in operations:
        close = difflib.get_close_matches(value, operations, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise AdminInputInvalid(
            f"{name}: unknown operation {value[:64]!r}.{hint} "
            f"The contract has {', '.join(operations)}"
        )
    return value


def status_text(value: object, name: str) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _STATUS.match(text):
        raise AdminInputInvalid(
            f"{name}: expected a status like 404 or a class like 4xx, got {value!r:.40}"
        )
    return text


def since(value: str) -> tuple[int | None, datetime | None]:
    """`since=ID` (a request's id) or `since=TIME` (ISO 8601, with a zone)."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value), None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise AdminInputInvalid(
            f"since: expected a request id or an ISO 8601 time with a zone, got {value[:40]!r}"
        )
    return None, moment


QUERY_FIELDS = ("operation", "method", "status", "conversation", "since", "limit")


def query_match(query: Mapping[str, str], operations: Sequence[str]) -> RequestMatch:
    """The filter of GET /__admin/requests; an unknown parameter is named, with the one meant."""
    for key in query:
        if key not in QUERY_FIELDS:
            close = difflib.get_close_matches(key, QUERY_FIELDS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise AdminInputInvalid(
                f"{key[:64]}: unknown query parameter.{hint} Known: {', '.join(QUERY_FIELDS)}"
            )
    since_id, since_time = since(query["since"]) if "since" in query else (None, None)
    return RequestMatch(
        operation_id=known_operation(query["operation"], operations, "operation")
        if "operation" in query
        else None,
        method=query["method"].upper() if "method" in query else None,
        status=status_text(query["status"], "status") if "status" in query else None,
        conversation=query.get("conversation"),
        since_id=since_id,
        since_time=since_time,
    )


def verify_question(
    data: Mapping[str, Any], operations: Sequence[str]
) -> tuple[RequestMatch, int | None]:
    """The body of POST /__admin/verify, its fields already checked to be known ones."""
    texts: dict[str, str | None] = {}
    for name in ("operationId", "method", "path", "conversation"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise AdminInputInvalid(f"{name}: expected a string, got {type(value).__name__}")
        texts[name] = value
    count = data.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise AdminInputInvalid(f"count: expected a whole number from 0, got {count!r:.40}")
    operation = texts["operationId"]
    raw_since = data.get("since")
    if (raw_since is not None and not isinstance(raw_since, str | int)) or isinstance(
        raw_since, bool
    ):
        raise AdminInputInvalid("since: expected a request id or an ISO 8601 time")
    since_id, since_time = since(str(raw_since)) if raw_since is not None else (None, None)
    match = RequestMatch(
        operation_id=known_operation(operation, operations, "operationId") if operation else None,
        method=texts["method"].upper() if texts["method"] else None,
        path=texts["path"],
        status=status_text(data["status"], "status") if data.get("status") is not None else None,
        conversation=texts["conversation"],
        body=data.get("body"),
        since_id=since_id,
        since_time=since_time,
    )
    return match, count
